import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { fetchText } from '../net/fetch-text.js';
import type { AuthPolicy } from '../net/http.js';
import type { RetryPolicy } from '../net/retry.js';
import { mergeEntries } from './merge.js';
import { parseRegistry } from './parse.js';
import type { ImageEntry, InvalidEntry, ParsedRegistry } from './types.js';

export type RegistryKind = 'registry' | 'fallback' | 'snapshot';

/**
 * Registry documents read per load, at most. The published tree has a handful; a registry that
 * generates new include URLs without end (by mistake or on purpose) is cut off here, and the
 * documents past the limit count as failed includes.
 */
export const MAX_REGISTRY_DOCUMENTS = 256;

export interface LoadOptions {
  /** Registry URLs or local paths, in priority order. */
  registries: string[];
  fallback?: string;
  /** The last good merged registry (`images.toml`), used when every network source fails. */
  snapshotPath?: string;
  retry: RetryPolicy;
  log: Log;
  token?: string;
  stallMs?: number;
}

export interface LoadedRegistry {
  images: ImageEntry[];
  invalid: InvalidEntry[];
  /** Includes that could not be read; a warning unless the wanted image is missing. */
  failedIncludes: { url: string; error: string }[];
  kind: RegistryKind;
  /** The URLs that answered for this registry (after redirects), for the `registry-source` output. */
  roots: string[];
  /** Hosts the registry named: registries, includes and images. Tokens go to these only. */
  hosts: Set<string>;
}

/** Turns a registry input (URL, file URL or path) into a URL. */
export function toRegistryUrl(ref: string, input = 'registry'): string {
  const s = ref.trim();
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s)) {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') {
      throw new UserError(`'${s}' must be an http(s) URL, a file:// URL or a path`, { setting: input });
    }
    return u.href;
  }
  return pathToFileURL(isAbsolute(s) ? s : resolvePath(s)).href;
}

/**
 * Loads and merges the registries: every `registries` URL with its includes, followed
 * concurrently and each fetched once; then the fallback when none of them could be read; then
 * the snapshot of the last good registry. Errors name every source that failed.
 */
export async function loadRegistry(opts: LoadOptions): Promise<LoadedRegistry> {
  const failures: string[] = [];
  const roots = opts.registries.map((r) => toRegistryUrl(r, 'registry'));
  const primary = await loadTrees(roots, opts, failures);
  if (primary) return primary;

  if (opts.fallback) {
    const fb = toRegistryUrl(opts.fallback, 'fallback-registry');
    opts.log.warn(`no registry could be read (${failures.join('; ')}); using the fallback registry ${fb}`);
    const fallback = await loadTrees([fb], opts, failures, 'fallback');
    if (fallback) return fallback;
  }

  if (opts.snapshotPath) {
    const snap = await loadSnapshot(opts.snapshotPath, opts);
    if (snap) {
      opts.log.warn(
        `every registry failed (${failures.join('; ')}); using the last good registry saved at ${opts.snapshotPath}`,
      );
      return snap;
    }
  }
  throw new UserError(`no image registry could be read: ${failures.join('; ')}`);
}

async function loadTrees(
  roots: string[],
  opts: LoadOptions,
  failures: string[],
  kind: RegistryKind = 'registry',
): Promise<LoadedRegistry | undefined> {
  const hosts = new Set<string>();
  const seen = new Map<string, Promise<Doc | Error>>();
  const failedIncludes: { url: string; error: string }[] = [];

  const fetchOnce = (url: string): Promise<Doc | Error> => {
    let p = seen.get(url);
    if (!p && seen.size >= MAX_REGISTRY_DOCUMENTS) {
      p = Promise.resolve(
        new UserError(`not read: more than ${MAX_REGISTRY_DOCUMENTS} registry documents are included`),
      );
      seen.set(url, p);
    }
    if (!p) {
      hostOf(url, hosts);
      if (isPlainHttp(url)) {
        // Unlike an image URL, a registry is not guarded by a digest: it is where the digests
        // come from.
        opts.log.warn(
          `registry ${url} is plain http: whoever can alter the traffic can change the digests it lists, and so the images; use https`,
        );
      }
      const auth: AuthPolicy | undefined = opts.token ? { token: opts.token, hosts } : undefined;
      p = fetchText(url, { retry: opts.retry, log: opts.log, auth, stallMs: opts.stallMs })
        .then(({ text, url: answered }) => {
          // Only a document read from the file system may name local files: one the user named,
          // or one such a document included (a document read over http(s) can name no file).
          const remote = new URL(answered).protocol !== 'file:';
          return { ...parseRegistry(text, url, { remote }), answered };
        })
        .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      seen.set(url, p);
    }
    return p;
  };

  // Fetch everything reachable, each URL once and as soon as it is known...
  const done = new Map<string, Doc | Error>();
  const discover = async (url: string): Promise<void> => {
    const doc = await fetchOnce(url);
    done.set(url, doc);
    if (doc instanceof Error) return;
    await Promise.all(doc.includes.filter((inc) => !seen.has(inc)).map(discover));
  };
  await Promise.all(roots.filter((r) => !seen.has(r)).map(discover));

  // ...then walk the tree depth-first in declaration order, so "first seen wins" does not depend
  // on which response came back first. Cycles and diamonds visit a document once.
  const visited = new Set<string>();
  const walk = (url: string, isRoot: boolean): ParsedRegistry[] => {
    if (visited.has(url)) return [];
    visited.add(url);
    const doc = done.get(url);
    if (doc === undefined) return [];
    if (doc instanceof Error) {
      if (isRoot) failures.push(`${url}: ${errorMessage(doc)}`);
      else failedIncludes.push({ url, error: errorMessage(doc) });
      return [];
    }
    failedIncludes.push(...doc.refusedIncludes);
    return [doc, ...doc.includes.flatMap((inc) => walk(inc, false))];
  };
  const perRoot = roots.map((r) => walk(r, true));
  const okRoots = roots.flatMap((r) => {
    const d = done.get(r);
    return d === undefined || d instanceof Error ? [] : [d.answered];
  });
  if (okRoots.length === 0) return undefined;
  if (okRoots.length < roots.length) {
    opts.log.warn(`some registries could not be read: ${failures.join('; ')}`);
  }
  const docs = perRoot.flat();
  for (const inc of failedIncludes)
    opts.log.warn(`included registry ${inc.url} could not be read: ${inc.error}`);
  for (const doc of docs) {
    for (const bad of doc.invalid)
      opts.log.warn(`ignoring invalid image entry at ${bad.where}: ${bad.problem}`);
    for (const img of doc.images) hostOf(img.url, hosts);
  }
  const images = mergeEntries(
    docs.map((d) => d.images),
    (m) => opts.log.warn(m),
  );
  return {
    images,
    invalid: docs.flatMap((d) => d.invalid),
    failedIncludes,
    kind,
    roots: okRoots,
    hosts,
  };
}

async function loadSnapshot(path: string, opts: LoadOptions): Promise<LoadedRegistry | undefined> {
  const url = pathToFileURL(path).href;
  try {
    const { text } = await fetchText(url, { retry: opts.retry, log: opts.log });
    const doc = parseRegistry(text, url);
    const hosts = new Set<string>();
    for (const img of doc.images) hostOf(img.url, hosts);
    return {
      images: mergeEntries([doc.images], (m) => opts.log.warn(m)),
      invalid: doc.invalid,
      failedIncludes: [],
      kind: 'snapshot',
      roots: [url],
      hosts,
    };
  } catch (err) {
    opts.log.debug(`no usable registry snapshot at ${path}: ${errorMessage(err)}`);
    return undefined;
  }
}

/** A parsed document and the URL that answered for it (after redirects). */
type Doc = ParsedRegistry & { answered: string };

/** http to another machine; loopback traffic never leaves this one, so it has no path to alter. */
function isPlainHttp(url: string): boolean {
  const u = new URL(url);
  if (u.protocol !== 'http:') return false;
  const h = u.hostname;
  return !(h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h));
}

function hostOf(url: string, into: Set<string>): void {
  const u = new URL(url);
  if (u.protocol === 'http:' || u.protocol === 'https:') into.add(u.host);
}
