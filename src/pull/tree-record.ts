import { lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { MARKER_FILE, RECORD_FILE, tempSibling } from '../storage/layout.js';
import { trustProblem } from '../storage/trust.js';

/**
 * One entry of an extracted tree as the file system saw it once extraction was complete:
 * `[path, kind, mode, uid, size, mtime ns, ctime ns, inode]`, numbers as decimal strings. A
 * write, truncate, chmod, rename or link changes the ctime, which no user call can set back.
 */
export type Stamp = [string, string, string, string, string, string, string, string];

/** What `<tree>/.archive.fingerprint` holds. */
interface TreeRecordFile {
  version: 1;
  sha256: string;
  entries: Stamp[];
  /** The archive beside the tree, as it was when last verified; absent when there was none. */
  archive?: Stamp;
}

/** Dirs read at once while scanning; enough to hide each lstat's latency, few enough for fds. */
const SCAN_CONCURRENCY = 32;

/**
 * Walks the tree below `root` (not `root` itself, whose times a rename changes) and stamps every
 * entry. A dir this user cannot read (mode 000 for a non-root owner) is stamped but not entered:
 * nobody but its owner or root can change what is inside without changing its own stamp first.
 */
export async function scanTree(root: string): Promise<{ entries: Stamp[] }> {
  const entries: Stamp[] = [];
  const queue: string[] = [''];
  const scanDir = async (rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(join(root, rel));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (rel !== '' && (code === 'EACCES' || code === 'EPERM')) return;
      throw err;
    }
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

/** The marker, the record and the record's temp files: ours, not the image's. */
function isBookkeeping(name: string): boolean {
  return name === MARKER_FILE || name === RECORD_FILE || name.startsWith(`${RECORD_FILE}.`);
}

function stamp(path: string, st: BigIntStats): Stamp {
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

/** The archive's stamp, or undefined when there is no regular file at `path`. */
export async function stampFile(path: string, name: string): Promise<Stamp | undefined> {
  const st = await lstat(path, { bigint: true }).catch(() => undefined);
  return st?.isFile() ? stamp(name, st) : undefined;
}

export function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.every((v, i) => v === b[i]);
}

/** Saves the record in the tree, by a rename so a reader never sees half of it. */
export async function writeRecord(root: string, sha256: string, record: TreeRecord): Promise<void> {
  const { entries, archive } = record;
  const doc: TreeRecordFile = { version: 1, sha256, entries, ...(archive ? { archive } : {}) };
  const path = join(root, RECORD_FILE);
  const tmp = tempSibling(path, 'part');
  try {
    await writeFile(tmp, JSON.stringify(doc), { flag: 'wx', mode: 0o644 });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export interface TreeRecord {
  entries: Stamp[];
  archive?: Stamp;
}

/** Files and links (not dirs) of a record, relative and sorted, for the outputs. */
export function recordedFiles(entries: Stamp[]): string[] {
  return entries.filter((s) => s[1] !== 'd').map((s) => s[0]);
}

export type TreeCheck =
  | { ok: true; record: TreeRecord }
  /** `absent`: nothing there, or another image's tree, which is not worth a warning. */
  | { ok: false; absent: boolean; why: string };

/**
 * Decides whether the tree at `root` is exactly what extracting `sha256` left: a real dir and
 * bookkeeping files owned by this user that no one else can write, a record for these bytes,
 * and every entry with the stamp it had then (nothing changed, missing or added).
 */
export async function checkTree(root: string, sha256: string, uid: number): Promise<TreeCheck> {
  const rootSt = await lstat(root).catch(() => undefined);
  if (!rootSt) return { ok: false, absent: true, why: 'is absent' };
  const rootTrust = trustProblem(rootSt, uid, 'directory');
  if (rootTrust) return { ok: false, absent: false, why: rootTrust };
  const marker = await readOwnFile(join(root, MARKER_FILE), uid);
  if (typeof marker !== 'string') return { ok: false, absent: false, why: `has ${marker.why}` };
  if (marker.trim() !== sha256) return { ok: false, absent: true, why: 'holds another image' };
  const record = await readRecord(root, sha256, uid);
  if ('why' in record) return { ok: false, absent: false, why: `has ${record.why}` };
  const changes = describeChanges(record.entries, (await scanTree(root)).entries);
  if (changes.length > 0) return { ok: false, absent: false, why: `changed since extraction: ${changes}` };
  return { ok: true, record };
}

/** The record of the tree at `root`, when it is a trusted one for these bytes. */
export async function readRecord(
  root: string,
  sha256: string,
  uid: number,
): Promise<TreeRecord | { why: string }> {
  const text = await readOwnFile(join(root, RECORD_FILE), uid);
  if (typeof text !== 'string') return text;
  let record: TreeRecordFile;
  try {
    record = JSON.parse(text) as TreeRecordFile;
  } catch {
    return { why: `an unreadable ${RECORD_FILE}` };
  }
  if (record.version !== 1 || record.sha256 !== sha256 || !Array.isArray(record.entries)) {
    return { why: `a ${RECORD_FILE} for other bytes` };
  }
  return record;
}

/** A bookkeeping file's text, when it is a regular file of ours that no one else can write. */
async function readOwnFile(path: string, uid: number): Promise<string | { why: string }> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const st = await lstat(path).catch(() => undefined);
  if (!st) return { why: `no ${name}` };
  const problem = trustProblem(st, uid, 'file');
  if (problem) return { why: `a ${name} that ${problem}` };
  return readFile(path, 'utf8').catch(() => ({ why: `an unreadable ${name}` }));
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
