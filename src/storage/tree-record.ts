import type { BigIntStats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MARKER_FILE, RECORD_FILE } from './layout.js';
import { readOwnFile } from './own-file.js';
import { trustProblem } from './trust.js';

/**
 * One entry of an extracted tree as the file system saw it once extraction was complete:
 * `[path, kind, mode, uid, size, mtime ns, ctime ns, inode]`, numbers as decimal strings. A
 * write, truncate, chmod, rename or link changes the ctime, which no user call can set back.
 */
export type Stamp = [string, string, string, string, string, string, string, string];

/** What the store recorded of a tree: its entries, and the archive beside it when it had one. */
export interface TreeRecord {
  entries: Stamp[];
  /** The archive beside the tree, as it was when last verified; absent when there was none. */
  archive?: Stamp;
}

/** What `<tree>/.archive.fingerprint` holds. */
interface TreeRecordFile extends TreeRecord {
  version: 1;
  sha256: string;
}

/** A record larger than this is not one the store wrote for an image (a million entries). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** Dirs read at once while scanning; enough to hide each lstat's latency, few enough for fds. */
const SCAN_CONCURRENCY = 32;

/**
 * Walks the tree below `root` (not `root` itself, whose times a rename changes) and stamps every
 * entry. A dir that cannot be listed fails the scan: the store vouches only for what it could
 * read, and extraction leaves every dir readable by its owner (tree-writer.ts).
 */
export async function scanTree(root: string): Promise<{ entries: Stamp[] }> {
  const entries: Stamp[] = [];
  const queue: string[] = [''];
  const scanDir = async (rel: string): Promise<void> => {
    const names = await readdir(join(root, rel));
    await Promise.all(
      names.map(async (name) => {
        const r = rel ? `${rel}/${name}` : name;
        if (rel === '' && isBookkeeping(name)) return;
        const st = await lstat(join(root, r), { bigint: true });
        entries.push(stamp(r, st));
        if (st.isDirectory()) queue.push(r);
      }),
    );
  };
  while (queue.length > 0) await Promise.all(queue.splice(0, SCAN_CONCURRENCY).map(scanDir));
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { entries };
}

/** The marker and the record: ours, not the image's. */
function isBookkeeping(name: string): boolean {
  return name === MARKER_FILE || name === RECORD_FILE;
}

export function stamp(path: string, st: BigIntStats): Stamp {
  const kind = st.isDirectory() ? 'd' : st.isFile() ? 'f' : st.isSymbolicLink() ? 'l' : 'o';
  return [
    path,
    kind,
    (st.mode & 0o7777n).toString(8),
    String(st.uid),
    String(st.size),
    String(st.mtimeNs),
    String(st.ctimeNs),
    String(st.ino),
  ];
}

/** The stamp of a regular file at `path`, or undefined when there is none. */
export async function stampFile(path: string, name: string): Promise<Stamp | undefined> {
  const st = await lstat(path, { bigint: true }).catch(() => undefined);
  return st?.isFile() ? stamp(name, st) : undefined;
}

export function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.every((v, i) => v === b[i]);
}

/** The record's text; written into the tree by the store (store.ts). */
export function recordText(sha256: string, record: TreeRecord): string {
  const doc: TreeRecordFile = { version: 1, sha256, entries: record.entries };
  if (record.archive) doc.archive = record.archive;
  return JSON.stringify(doc);
}

/** Files and links (not dirs) of a record, relative and sorted, for the outputs. */
export function recordedFiles(entries: Stamp[]): string[] {
  return entries.filter((s) => s[1] !== 'd').map((s) => s[0]);
}

/** The digest a marker holds, or undefined when it holds anything else. */
export function markerDigest(text: string): string | undefined {
  const digest = text.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}

export type TreeCheck =
  | { ok: true; record: TreeRecord }
  | {
      ok: false;
      /**
       * `absent`: nothing there. `other`: a tree the tools made for another image (its marker
       * says so). `foreign`: a dir with no marker, which neither tool made. `changed`: ours, but
       * no longer as recorded, or not readable in full.
       */
      state: 'absent' | 'other' | 'foreign' | 'changed';
      why: string;
    };

/**
 * Decides whether the tree at `root` is exactly what extracting `sha256` left: a real dir and
 * bookkeeping files owned by this user that no one else can write, a record for these bytes,
 * and every entry with the stamp it had then (nothing changed, missing or added).
 */
export async function checkTree(root: string, sha256: string, uid: number): Promise<TreeCheck> {
  const rootSt = await lstat(root).catch(() => undefined);
  if (!rootSt) return { ok: false, state: 'absent', why: 'is absent' };
  if (!rootSt.isDirectory()) return { ok: false, state: 'foreign', why: 'is not a directory' };
  const rootTrust = trustProblem(rootSt, uid, 'directory');
  // Another user's dir is theirs whatever it holds; ours, open to others, may hold anything.
  if (rootTrust) return { ok: false, state: rootSt.uid === uid ? 'changed' : 'foreign', why: rootTrust };
  const marker = await readOwnFile(join(root, MARKER_FILE), uid, 4096);
  if (marker.absent) {
    // Neither tool made a dir with neither file; one with our record lost its marker.
    const recorded = await lstat(join(root, RECORD_FILE)).then(
      () => true,
      () => false,
    );
    return { ok: false, state: recorded ? 'changed' : 'foreign', why: `has no ${MARKER_FILE}` };
  }
  if (typeof marker.text !== 'string') return { ok: false, state: 'changed', why: `has ${marker.why}` };
  const digest = markerDigest(marker.text);
  if (digest !== sha256) return { ok: false, state: 'other', why: 'holds another image' };
  const record = await readRecord(root, sha256, uid);
  if ('why' in record) return { ok: false, state: 'changed', why: `has ${record.why}` };
  let now: Stamp[];
  try {
    now = (await scanTree(root)).entries;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return {
      ok: false,
      state: 'changed',
      why: `cannot be read in full (${e.code ?? e.message} at ${e.path ?? root})`,
    };
  }
  const changes = describeChanges(record.entries, now);
  if (changes.length > 0) return { ok: false, state: 'changed', why: `changed since extraction: ${changes}` };
  return { ok: true, record };
}

/**
 * The record of the tree at `root`, when it is a trusted one for these bytes. The file is read
 * as untrusted data: any other shape, size or owner reads as no record, never as an error.
 */
export async function readRecord(
  root: string,
  sha256: string,
  uid: number,
): Promise<TreeRecord | { why: string }> {
  const file = await readOwnFile(join(root, RECORD_FILE), uid, MAX_RECORD_BYTES);
  if (typeof file.text !== 'string') return { why: file.why };
  let doc: unknown;
  try {
    doc = JSON.parse(file.text);
  } catch {
    return { why: `an unreadable ${RECORD_FILE}` };
  }
  const record = parseRecord(doc, sha256);
  return record ?? { why: `a ${RECORD_FILE} that is not a record of these bytes` };
}

/** A record file's content, when it has exactly the shape the store writes; else undefined. */
export function parseRecord(doc: unknown, sha256: string): TreeRecord | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (d.version !== 1 || d.sha256 !== sha256 || !Array.isArray(d.entries)) return undefined;
  if (!d.entries.every(isStamp)) return undefined;
  if (d.archive !== undefined && !isStamp(d.archive)) return undefined;
  const record: TreeRecord = { entries: d.entries };
  if (d.archive !== undefined) record.archive = d.archive;
  return record;
}

function isStamp(v: unknown): v is Stamp {
  return Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === 'string');
}

/** Names at most this many changed paths in a message; the count says the rest. */
const SHOWN = 5;

/** What differs between two scans, for the log: empty when nothing does. */
export function describeChanges(before: Stamp[], after: Stamp[]): string {
  const old = new Map(before.map((s) => [s[0], s]));
  const changed: string[] = [];
  const added: string[] = [];
  for (const s of after) {
    const was = old.get(s[0]);
    old.delete(s[0]);
    if (!was) added.push(s[0]);
    else if (!sameStamp(was, s)) changed.push(`${s[0]} (${whatChanged(was, s)})`);
  }
  const missing = [...old.keys()];
  const parts: string[] = [];
  const list = (label: string, paths: string[]): void => {
    if (paths.length === 0) return;
    const more = paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : '';
    parts.push(`${label} ${paths.slice(0, SHOWN).join(', ')}${more}`);
  };
  list('changed', changed);
  list('missing', missing);
  list('added', added);
  return parts.join('; ');
}

function whatChanged(was: Stamp, now: Stamp): string {
  if (was[1] !== now[1]) return 'replaced';
  if (was[4] !== now[4]) return `size ${was[4]} → ${now[4]}`;
  if (was[2] !== now[2]) return `mode ${was[2]} → ${now[2]}`;
  if (was[3] !== now[3]) return 'owner changed';
  if (was[5] !== now[5]) return 'rewritten';
  if (was[7] !== now[7]) return 'replaced';
  return 'touched';
}
