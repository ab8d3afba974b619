import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { chronoText } from './instant.js';
import type { LoadedRegistry } from './load.js';
import { compareVersions } from './order.js';
import { rustLatest } from './rust-order.js';
import { formatSpec, type ImageSpec } from './spec.js';
import type { ImageEntry, Instant, RegistryItem } from './types.js';
import type { RustView } from './views.js';

export interface SelectContext {
  /** The `arch` input: the chosen entry must have one of these. */
  arch?: string[];
  log: Log;
}

/**
 * Picks the entry a spec names. First as the Rust tool does, over what it reads: that exact
 * version, or its `latest`. Only a spec that view cannot resolve is looked up in everything read
 * (older release files, the registry's own images, the other registries given), with a log line
 * saying so. An entry found that this tool cannot use is an error, never passed over for another.
 */
export function selectImage(reg: LoadedRegistry, spec: ImageSpec, ctx: SelectContext): ImageEntry {
  let item = findItem(reg, reg.rust.items, spec, ctx.log);
  if (!item) {
    item = findItem(reg, reg.wider.items, spec, ctx.log);
    if (item) {
      ctx.log.info(
        `${formatSpec(spec)}: ${rustMiss(reg.rust)}; taking ${item.name}:${item.version} from ${item.where}`,
      );
    }
  }
  if (!item) throw new UserError(notFoundMessage(reg, spec), { setting: 'image' });
  if (!item.entry) {
    throw new UserError(
      `${formatSpec(spec)}: the entry for it at ${item.where} (${item.name}:${item.version}) is invalid: ${item.problem ?? 'unusable'}`,
      { setting: 'image' },
    );
  }
  const chosen = item.entry;
  if (ctx.arch && ctx.arch.length > 0 && !ctx.arch.includes(chosen.arch)) {
    throw new UserError(
      `image ${chosen.name}:${chosen.version} is for ${chosen.arch}, not ${ctx.arch.join(' or ')}`,
      { setting: 'arch' },
    );
  }
  return chosen;
}

/** Why the Rust tool's view did not have it. */
function rustMiss(rust: RustView): string {
  if (!rust.source || rust.docs.length === 0) {
    const why = rust.unread[0];
    return `the registry the Rust tool reads could not be read${why ? ` (${why.url}: ${why.error})` : ''}`;
  }
  return `not in ${rust.source.url} (the ${rust.source.role} the Rust tool reads) or its includes`;
}

/** The Rust tool's `find` over `items`: the first entry of that name and version, or its `latest`. */
function findItem(
  reg: LoadedRegistry,
  items: RegistryItem[],
  spec: ImageSpec,
  log: Log,
): RegistryItem | undefined {
  const sameName = items.filter((i) => i.name === spec.name);
  if (spec.version !== undefined) return sameName.find((i) => i.version === spec.version);
  const unreadable = sameName.find((i) => i.released === 'unreadable');
  if (unreadable) {
    throw new UserError(
      `cannot tell which version of ${spec.name} the Rust tool takes as the latest: released_at at ${unreadable.where} is not a date-time this tool reads (${unreadable.problem ?? 'unreadable'}); pin a version (${spec.name}:<version>)`,
      { setting: 'image' },
    );
  }
  const latest = rustLatest(sameName as (RegistryItem & { released: Instant | undefined })[]);
  if (latest && latest.ties.length > 0 && !reg.said.has(`tie\u0000${spec.name}`)) {
    reg.said.add(`tie\u0000${spec.name}`);
    const at = latest.chosen.released as Instant | undefined;
    const tied = [latest.chosen, ...latest.ties].map((i) => `${i.version} at ${i.where}`).join(', ');
    log.warn(
      `${spec.name}: ${latest.ties.length + 1} entries share the latest released_at (${at ? chronoText(at) : 'none given'}): ${tied}; taking ${latest.chosen.version}, as the Rust tool does (the last of them in (name, version) text order); give them distinct dates, or pin a version`,
    );
  }
  return latest?.chosen;
}

function notFoundMessage(reg: LoadedRegistry, spec: ImageSpec): string {
  const parts: string[] = [];
  const sameName = reg.images.filter((e) => e.name === spec.name);
  if (sameName.length > 0) {
    const versions = sameName.map((e) => e.version).sort(compareVersions);
    parts.push(`${spec.name} has no version ${spec.version}; available versions: ${versions.join(', ')}`);
  } else {
    parts.push(`no image named '${formatSpec(spec)}' in the registry`);
    const names = [...new Set(reg.images.map((e) => e.name))];
    const close = closestNames(spec.name, names, 5);
    if (close.length > 0) parts.push(`closest names: ${close.join(', ')}`);
    const arches = [...new Set(reg.images.map((e) => e.arch))].sort();
    if (arches.length > 0) parts.push(`architectures available: ${arches.join(', ')}`);
  }
  const broken = reg.invalid.filter((b) => b.name === spec.name);
  for (const b of broken) parts.push(`an entry for it at ${b.where} is invalid: ${b.problem}`);
  for (const f of reg.failedIncludes) parts.push(`included registry ${f.url} could not be read (${f.error})`);
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
