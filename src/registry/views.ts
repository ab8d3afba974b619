import { errorMessage } from '../core/errors.js';
import { preferredInclude } from './bootstrap.js';
import { mergeItems, type Conflict } from './merge.js';
import type { ParsedRegistry, RegistryItem } from './types.js';

/** A registry document as read: parsed, with the URL that answered and the text, for snapshots. */
export interface Doc extends ParsedRegistry {
  answered: string;
  text: string;
}

/** A document by URL: read, failed (why), or never asked for. */
export type Lookup = (url: string) => Doc | Error | undefined;

/** What the Rust tool reads: one registry file and its includes, breadth-first. */
export interface RustView {
  /** Where its sync starts: the include it picks from the registry, the registry, or the fallback. */
  source?: { url: string; role: 'included registry' | 'registry' | 'fallback registry' };
  docs: Doc[];
  /** Documents it would read that could not be read. */
  unread: { url: string; error: string }[];
  /** Merged as the Rust tool merges: first per (name, version), in its order. */
  items: RegistryItem[];
  /** Why its own sync from the same source would fail, when it would: it would not give these answers. */
  syncProblem?: string;
}

/** Everything read: the Rust tool's documents first, then every registry given with its includes. */
export interface WiderView {
  docs: Doc[];
  items: RegistryItem[];
  conflicts: Conflict[];
}

/**
 * The Rust tool's view. From a registry (`start.role` 'registry'): with includes, only the one
 * `preferred_include` picks, and not the registry's own images; without, the registry itself.
 * From a fallback: the fallback itself, as the Rust tool takes it.
 */
export function rustView(lookup: Lookup, start: { url: string; role: 'registry' | 'fallback' }): RustView {
  const root = lookup(start.url);
  if (!(root && !(root instanceof Error))) {
    const error = root ? errorMessage(root) : 'not read';
    return {
      docs: [],
      unread: [{ url: start.url, error }],
      items: [],
      syncProblem: `${start.url}: ${error}`,
    };
  }
  let source: NonNullable<RustView['source']> = {
    url: start.url,
    role: start.role === 'fallback' ? 'fallback registry' : 'registry',
  };
  let chosenRef: string | undefined;
  if (start.role === 'registry') {
    const index = preferredInclude(root.includeRefs.map((r) => r.ref));
    const chosen = index === undefined ? undefined : root.includeRefs[index];
    if (chosen) {
      chosenRef = chosen.ref;
      source = { url: chosen.resolved ?? chosen.ref.trim(), role: 'included registry' };
      const refused = chosen.resolved ? undefined : root.refusedIncludes.find((r) => r.url === source.url);
      if (refused) return { source, docs: [], unread: [refused], items: [], syncProblem: refused.error };
    }
  }
  const { docs, unread } = breadthFirst(lookup, [source.url], new Set());
  return {
    source,
    docs,
    unread,
    items: mergeItems(docs.map((d) => d.items)).items,
    syncProblem: syncProblem(root, chosenRef, docs, unread),
  };
}

/** Every document read: the Rust tool's view first, so its entries win every (name, version) they have. */
export function widerView(lookup: Lookup, rust: RustView, roots: string[]): WiderView {
  const seen = new Set(rust.docs.map((d) => d.url));
  const rest = breadthFirst(lookup, roots, seen).docs;
  const docs = [...rust.docs, ...rest];
  return { docs, ...mergeItems(docs.map((d) => d.items)) };
}

/** Breadth-first from `starts`, each URL once: the order the Rust tool's `fetch_with_includes` reads in. */
function breadthFirst(
  lookup: Lookup,
  starts: string[],
  seen: Set<string>,
): { docs: Doc[]; unread: RustView['unread'] } {
  const docs: Doc[] = [];
  const unread: RustView['unread'] = [];
  const queue = [...starts];
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    if (seen.has(url)) continue;
    seen.add(url);
    const doc = lookup(url);
    if (doc === undefined || doc instanceof Error) {
      unread.push({ url, error: doc ? errorMessage(doc) : 'not read' });
      continue;
    }
    docs.push(doc);
    unread.push(...doc.refusedIncludes);
    queue.push(...doc.includes);
  }
  return { docs, unread };
}

/**
 * Why `cargo xtask image sync` from the same registry would fail, if it would: it parses the
 * registry and every document it reaches strictly, and fetches each include as written.
 */
function syncProblem(
  root: Doc,
  chosenRef: string | undefined,
  docs: Doc[],
  unread: RustView['unread'],
): string | undefined {
  const rejects = (doc: Doc, kinds: string[], ref?: string): string | undefined => {
    const f = doc.rustFindings.find((x) => kinds.includes(x.kind) && (ref === undefined || x.ref === ref));
    return f ? `it rejects ${doc.url}${f.line ? `, line ${f.line}` : ''}: ${f.message}` : undefined;
  };
  const protocol = new URL(root.url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return `it fetches only http(s), not ${root.url}`;
  const problem =
    rejects(root, ['parse']) ??
    (chosenRef === undefined ? undefined : rejects(root, ['include'], chosenRef)) ??
    docs.map((d) => rejects(d, ['parse', 'include'])).find(Boolean);
  if (problem) return problem;
  const missing = unread[0];
  return missing ? `${missing.url} could not be read: ${missing.error}` : undefined;
}
