import { UserError } from '../core/errors.js';
import { redact } from '../net/http.js';
import type { ImageEntry } from '../registry/types.js';
import { archiveExtension } from '../storage/layout.js';

/**
 * Another place that may hold an image's archive. The digest checks whatever it serves, so a
 * mirror is trusted for nothing: any source of the right bytes is as good as the original.
 * - a prefix rewrite, `https://github.com/ => https://mirror.example/github/`: for an image URL
 *   that starts with `from`, the same URL with `to` in its place;
 * - a template, `http://cache.lab:8080/{sha256}`: `{sha256}`, `{name}`, `{version}`, `{arch}`,
 *   `{file}` (the last part of the image URL's path) and `{ext}` (its archive extension, as in
 *   the tool cache's `<sha256>/archive<ext>`) filled in: a content-addressed cache.
 */
export type Mirror =
  | { kind: 'prefix'; from: string; to: string; text: string }
  | { kind: 'template'; template: string; text: string };

const PLACEHOLDERS = ['sha256', 'name', 'version', 'arch', 'file', 'ext'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Parses the mirror lines of a setting (`input` names it in errors): one mirror per line, blank
 * lines and `#` comments ignored. A line that cannot be a mirror is an error naming the line.
 */
export function parseMirrors(text: string, input = 'mirrors'): Mirror[] {
  const mirrors: Mirror[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // The line itself is not repeated: it may carry credentials.
    const where = `line ${i + 1}`;
    const fail = (why: string): never => {
      throw new UserError(`${where}: ${why}`, { setting: input });
    };
    const arrow = line.indexOf('=>');
    if (arrow >= 0) {
      const from = line.slice(0, arrow).trim();
      const to = line.slice(arrow + 2).trim();
      if (!from || !to) fail(`a rewrite needs a URL prefix on each side of '=>'`);
      checkUrl(from, fail, 'the prefix before =>');
      checkUrl(to, fail, 'the replacement after =>');
      mirrors.push({ kind: 'prefix', from, to, text: line });
      return;
    }
    const names = [...line.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);
    if (names.length === 0) {
      fail(`a mirror is 'PREFIX => REPLACEMENT' or a URL with placeholders such as {sha256} or {file}`);
    }
    const unknown = names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
    if (unknown.length > 0) {
      fail(`unknown placeholder {${unknown[0]}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
    const sample = { sha256: '0', name: 'n', version: 'v', arch: 'a', file: 'f', ext: '.tar.gz' };
    checkUrl(fill(line, sample), fail, 'the template');
    mirrors.push({ kind: 'template', template: line, text: line });
  });
  return mirrors;
}

function checkUrl(url: string, fail: (why: string) => never, what: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail(`${what} is not a URL`);
  }
  if (!['http:', 'https:', 'file:'].includes(u.protocol)) fail(`${what} must be an http(s) or file URL`);
}

function fill(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: Placeholder) => encodeURIComponent(values[name]));
}

/** Where `mirror` would have the archive of `entry`, or undefined when it has nothing for it. */
export function mirrorUrl(mirror: Mirror, entry: ImageEntry): string | undefined {
  if (mirror.kind === 'prefix') {
    return entry.url.startsWith(mirror.from) ? mirror.to + entry.url.slice(mirror.from.length) : undefined;
  }
  const path = new URL(entry.url).pathname;
  const file = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  return fill(mirror.template, {
    sha256: entry.sha256,
    name: entry.name,
    version: entry.version,
    arch: entry.arch,
    file,
    ext: archiveExtension(entry.url),
  });
}

/** One place to try, in order: a mirror, or the URL the registry gives. */
export interface Candidate {
  url: string;
  /** For the outputs and the log: the URL with credentials masked. */
  shown: string;
  mirror: boolean;
}

/**
 * The places to fetch `entry` from, in order: each mirror that has a URL for it, then the
 * registry's own URL unless `mirrorsOnly`. The same URL is tried once.
 */
export function candidates(entry: ImageEntry, mirrors: Mirror[] = [], mirrorsOnly = false): Candidate[] {
  const out: Candidate[] = [];
  const add = (url: string, mirror: boolean): void => {
    if (!out.some((c) => c.url === url)) out.push({ url, shown: redact(url), mirror });
  };
  for (const m of mirrors) {
    const url = mirrorUrl(m, entry);
    if (url) add(url, true);
  }
  if (!mirrorsOnly) add(entry.url, false);
  return out;
}

/** The credentials mirror URLs carry (userinfo, query values), for the runner to mask. */
export function mirrorSecrets(mirrors: Mirror[]): string[] {
  const out = new Set<string>();
  for (const m of mirrors) {
    for (const text of m.kind === 'prefix' ? [m.from, m.to] : [m.template]) {
      let u: URL;
      try {
        u = new URL(text);
      } catch {
        continue;
      }
      for (const part of [u.username, u.password]) if (part) out.add(decodeURIComponent(part));
      for (const value of u.searchParams.values()) if (value && !/^\{\w+\}$/.test(value)) out.add(value);
    }
  }
  return [...out];
}
