import { UserError } from '../core/errors.js';
import { compareNewest, compareVersions } from './order.js';
import { formatSpec, type ImageSpec } from './spec.js';
import type { ImageEntry, InvalidEntry } from './types.js';

export interface SelectContext {
  invalid?: InvalidEntry[];
  failedIncludes?: { url: string; error: string }[];
  /** The `arch` input: the chosen entry must have one of these. */
  arch?: string[];
}

/** Picks the entry a spec names: that exact version, or the newest one of that name. */
export function selectImage(images: ImageEntry[], spec: ImageSpec, ctx: SelectContext = {}): ImageEntry {
  const sameName = images.filter((e) => e.name === spec.name);
  let chosen: ImageEntry | undefined;
  if (spec.version !== undefined) {
    chosen = sameName.find((e) => e.version === spec.version);
  } else {
    chosen = [...sameName].sort(compareNewest)[0];
  }
  if (!chosen) throw new UserError(notFoundMessage(images, spec, sameName, ctx), { setting: 'image' });
  if (ctx.arch && ctx.arch.length > 0 && !ctx.arch.includes(chosen.arch)) {
    throw new UserError(
      `image ${chosen.name}:${chosen.version} is for ${chosen.arch}, not ${ctx.arch.join(' or ')}`,
      { setting: 'arch' },
    );
  }
  return chosen;
}

function notFoundMessage(
  images: ImageEntry[],
  spec: ImageSpec,
  sameName: ImageEntry[],
  ctx: SelectContext,
): string {
  const parts: string[] = [];
  if (sameName.length > 0) {
    const versions = sameName.map((e) => e.version).sort(compareVersions);
    parts.push(`${spec.name} has no version ${spec.version}; available versions: ${versions.join(', ')}`);
  } else {
    parts.push(`no image named '${formatSpec(spec)}' in the registry`);
    const names = [...new Set(images.map((e) => e.name))];
    const close = closestNames(spec.name, names, 5);
    if (close.length > 0) parts.push(`closest names: ${close.join(', ')}`);
    const arches = [...new Set(images.map((e) => e.arch))].sort();
    if (arches.length > 0) parts.push(`architectures available: ${arches.join(', ')}`);
  }
  const broken = (ctx.invalid ?? []).filter((b) => b.name === spec.name);
  for (const b of broken) parts.push(`an entry for it at ${b.where} is invalid: ${b.problem}`);
  for (const f of ctx.failedIncludes ?? [])
    parts.push(`included registry ${f.url} could not be read (${f.error})`);
  return parts.join('; ');
}

/** Names ranked by edit distance, with names that contain the query (or vice versa) first. */
export function closestNames(query: string, names: string[], limit: number): string[] {
  const q = query.toLowerCase();
  return names
    .map((n) => {
      const l = n.toLowerCase();
      const contains = l.includes(q) || q.includes(l);
      return { n, score: levenshtein(q, l) - (contains ? 100 : 0) };
    })
    .filter((x) => x.score <= Math.max(3, Math.floor(q.length / 2)))
    .sort((a, b) => a.score - b.score || (a.n < b.n ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.n);
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
