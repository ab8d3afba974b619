import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { RetryPolicy } from '../net/retry.js';
import type { Conflict } from './merge.js';
import { readIncludeHints } from './include-hints.js';
import { hostOf, NetworkReader, parseDoc } from './reader.js';
import { readSnapshot, type SavedDocument, type SnapshotInput } from './snapshot.js';
import type { ImageEntry, InvalidEntry, RegistryItem } from './types.js';
import { rustView, widerView, type Doc, type Lookup, type RustView, type WiderView } from './views.js';

export type RegistryKind = 'registry' | 'fallback' | 'snapshot';

export { MAX_REGISTRY_DOCUMENTS } from './reader.js';

export interface LoadOptions {
  /** Registry URLs or local paths, in priority order. The first is the one the Rust tool's view starts from. */
  registries: string[];
  fallback?: string;
  /** The output dir whose store keeps the last good documents of this registry input, read when every source fails. */
  snapshotRoot?: string;
  /** The output dir whose store says which documents this input's includes led to last time. */
  hintRoot?: string;
  retry: RetryPolicy;
  log: Log;
  token?: string;
  stallMs?: number;
}

export interface LoadedRegistry {
  /** What the Rust tool reads from the first registry: every lookup tries this first. */
  rust: RustView;
  /** Everything read: where a spec the Rust tool's view cannot resolve is looked up. */
  wider: WiderView;
  /** The usable entries of the wider view, in the Rust tool's order. */
  images: ImageEntry[];
  invalid: InvalidEntry[];
  /** Includes that could not be read; a warning unless the wanted image is missing. */
  failedIncludes: { url: string; error: string }[];
  kind: RegistryKind;
  /** The URLs that answered for this registry (after redirects), for the `registry-source` output. */
  roots: string[];
  /** Hosts the registry named: registries, includes and images. Tokens go to these only. */
  hosts: Set<string>;
  /** The registry input, normalised: what a snapshot of it is keyed by. */
  input: SnapshotInput;
  /** Every document read, for the snapshot. */
  documents: SavedDocument[];
  /** Every document reachable was read: only such a load is saved as the last good one. */
  complete: boolean;
  /** Warnings already given about a name, so several lookups of it say it once. */
  said: Set<string>;
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
 * Loads the registries: every `registries` URL with its includes, fetched concurrently and each
 * once; the fallback in place of the first registry when that one cannot be read, as the Rust
 * tool takes its fallback; and, when no source at all can be read, the last good snapshot of
 * this same input. Errors name every source that failed.
 */
export async function loadRegistry(opts: LoadOptions): Promise<LoadedRegistry> {
  const roots = opts.registries.map((r) => toRegistryUrl(r, 'registry'));
  const fallback = opts.fallback ? toRegistryUrl(opts.fallback, 'fallback-registry') : undefined;
  const input: SnapshotInput = { registries: roots, ...(fallback ? { fallback } : {}) };
  const reader = new NetworkReader(opts);
  try {
    return await loadFrom(reader, roots, fallback, input, opts);
  } finally {
    reader.dropUnused();
  }
}

async function loadFrom(
  reader: NetworkReader,
  roots: string[],
  fallback: string | undefined,
  input: SnapshotInput,
  opts: LoadOptions,
): Promise<LoadedRegistry> {
  const discovering = reader.discover(roots);
  // While the first documents are on their way: what they included last time.
  if (opts.hintRoot) reader.prefetch(await readIncludeHints(opts.hintRoot, input));
  await discovering;

  const first = roots[0] as string;
  let start: { url: string; role: 'registry' | 'fallback' } = { url: first, role: 'registry' };
  let kind: RegistryKind = 'registry';
  const failures = roots.flatMap((r) => {
    const d = reader.lookup(r);
    return d instanceof Error ? [`${r}: ${errorMessage(d)}`] : [];
  });
  const firstDoc = reader.lookup(first);
  if (firstDoc instanceof Error && fallback) {
    opts.log.warn(
      `registry ${first} could not be read (${errorMessage(firstDoc)}); using the fallback registry ${fallback} in its place, as the Rust tool does`,
    );
    await reader.discover([fallback]);
    const fb = reader.lookup(fallback);
    if (fb instanceof Error) failures.push(`${fallback}: ${errorMessage(fb)}`);
    else {
      start = { url: fallback, role: 'fallback' };
      kind = 'fallback';
    }
  }
  const sources = kind === 'fallback' ? [fallback as string, ...roots.slice(1)] : roots;
  const answered = sources.flatMap((r) => {
    const d = reader.lookup(r);
    return d && !(d instanceof Error) ? [d.answered] : [];
  });

  if (answered.length === 0) {
    if (opts.snapshotRoot) {
      const snap = await readSnapshot(opts.snapshotRoot, input, opts.log);
      if (snap) {
        const when = snap.savedAt ? ` on ${new Date(snap.savedAt * 1000).toISOString()}` : '';
        opts.log.warn(
          `every registry failed (${failures.join('; ')}); using the last good registry documents saved${when} for this same registry input at ${snap.path}`,
        );
        return registryOfDocuments(snap.documents, input, opts.log, {
          kind: 'snapshot',
          roots: [pathToFileURL(snap.path).href],
        });
      }
    }
    throw new UserError(`no image registry could be read: ${failures.join('; ')}`);
  }
  const unreadRoots = roots
    .filter((r) => r !== first || kind !== 'fallback')
    .filter((r) => reader.lookup(r) instanceof Error);
  if (unreadRoots.length > 0) {
    opts.log.warn(
      `some registries could not be read: ${failures.filter((f) => unreadRoots.some((r) => f.startsWith(`${r}: `))).join('; ')}`,
    );
  }
  return assemble((u) => reader.lookup(u), start, sources, kind, answered, input, reader.hosts, opts.log);
}

/**
 * The same computation over documents already at hand (a snapshot's), offline: a URL not among
 * them counts as one that could not be read.
 */
export function registryOfDocuments(
  saved: Map<string, SavedDocument>,
  input: SnapshotInput,
  log: Log,
  origin: { kind: RegistryKind; roots: string[] },
): LoadedRegistry {
  const parsed = new Map<string, Doc | Error>();
  const lookup: Lookup = (url) => {
    let doc = parsed.get(url);
    if (!doc) {
      const s = saved.get(url);
      doc = s ? parseDoc(s.text, url, s.answered) : new Error('not in the saved documents');
      parsed.set(url, doc);
    }
    return doc;
  };
  const first = input.registries[0] as string;
  const fallback = input.fallback;
  const onFallback =
    lookup(first) instanceof Error && fallback !== undefined && !(lookup(fallback) instanceof Error);
  const start = onFallback
    ? { url: fallback, role: 'fallback' as const }
    : { url: first, role: 'registry' as const };
  const sources = onFallback ? [fallback, ...input.registries.slice(1)] : input.registries;
  const hosts = new Set<string>();
  for (const url of saved.keys()) hostOf(url, hosts);
  return assemble(lookup, start, sources, origin.kind, origin.roots, input, hosts, log);
}

/** The views over what was read, and the warnings about it, each given once. */
function assemble(
  lookup: Lookup,
  start: { url: string; role: 'registry' | 'fallback' },
  sources: string[],
  kind: RegistryKind,
  roots: string[],
  input: SnapshotInput,
  hosts: Set<string>,
  log: Log,
): LoadedRegistry {
  const rust = rustView(lookup, start);
  const wider = widerView(lookup, rust, sources);
  const read = new Set(wider.docs.map((d) => d.url));
  const failedIncludes = [...unreadBelow(lookup, wider.docs), ...rust.unread].filter(
    (f, i, all) => !sources.includes(f.url) && all.findIndex((g) => g.url === f.url) === i,
  );
  for (const inc of failedIncludes) log.warn(`included registry ${inc.url} could not be read: ${inc.error}`);
  for (const doc of wider.docs) {
    for (const bad of doc.invalid) log.warn(`ignoring invalid image entry at ${bad.where}: ${bad.problem}`);
    for (const img of doc.images) hostOf(img.url, hosts);
    reportRustFindings(doc, log);
  }
  const rustDocs = new Set(rust.docs.map((d) => d.url));
  for (const c of wider.conflicts) log.warn(conflictMessage(c, rustDocs));
  return {
    rust,
    wider,
    images: wider.items.flatMap((i) => (i.entry ? [i.entry] : [])),
    invalid: wider.docs.flatMap((d) => d.invalid),
    failedIncludes,
    kind,
    roots,
    hosts,
    input,
    documents: wider.docs.map((d) => ({ url: d.url, answered: d.answered, text: d.text })),
    // Saved only as read from the first registry itself: a run on the fallback keeps the last
    // snapshot of the registry as it is.
    complete: kind === 'registry' && failedIncludes.length === 0 && sources.every((s) => read.has(s)),
    said: new Set(),
  };
}

/** Includes of the documents read that were not: failed, refused or past the limit. */
function unreadBelow(lookup: Lookup, docs: Doc[]): { url: string; error: string }[] {
  return docs.flatMap((d) => [
    ...d.refusedIncludes,
    ...d.includes.flatMap((inc) => {
      const got = lookup(inc);
      return got instanceof Error ? [{ url: inc, error: errorMessage(got) }] : [];
    }),
  ]);
}

function conflictMessage(c: Conflict, rustDocs: Set<string>): string {
  const docOf = (i: RegistryItem): string => i.where.replace(/:\d+$/, '');
  const digest = (i: RegistryItem): string => (i.entry?.sha256 ?? i.rust?.sha256 ?? '?').slice(0, 12);
  const keptByRust = rustDocs.has(docOf(c.kept));
  const why = keptByRust
    ? rustDocs.has(docOf(c.dropped))
      ? ', as the Rust tool does'
      : ', which the Rust tool reads'
    : ' (the first read)';
  return `conflicting entries for ${c.kept.name}:${c.kept.version}: keeping ${c.kept.where} (sha256 ${digest(c.kept)}…)${why}; ignoring ${c.dropped.where} (sha256 ${digest(c.dropped)}…)`;
}

/** How a note about what the Rust tool makes of a registry document begins. */
export const RUST_NOTE = 'for the Rust tool (cargo xtask image), registry';

/**
 * Says, once per document, what the Rust tool would make of it where that is not what this tool
 * makes of it: a warning for a document on the network, which a Rust tool could be pointed at;
 * a debug line for a local file, which it cannot read at all.
 */
function reportRustFindings(doc: Doc, log: Log): void {
  if (doc.rustFindings.length === 0) return;
  const shown = doc.rustFindings.slice(0, 10).map((f) => {
    const effect =
      f.kind === 'parse'
        ? 'its sync fails on this document'
        : f.kind === 'include'
          ? 'its sync fails if it follows this include'
          : `its pull of ${f.image ?? 'this image'} fails`;
    return `${f.line ? `line ${f.line}: ` : ''}${f.message} (${effect})`;
  });
  const more = doc.rustFindings.length > 10 ? `; and ${doc.rustFindings.length - 10} more` : '';
  const message = `${RUST_NOTE} ${doc.url}: ${shown.join('; ')}${more}`;
  if (new URL(doc.url).protocol === 'file:') log.debug(message);
  else log.warn(message);
}
