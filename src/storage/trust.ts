import type { BigIntStats, Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

/** The running user, whose files alone are trusted. */
export function currentUid(): number {
  return process.getuid?.() ?? 0;
}

/**
 * Why a file or dir found on disk may not be trusted by this user, or undefined when it may:
 * it must be of the expected kind (never a link to one), owned by `uid`, and writable by no
 * one else. Anything else could have been put there or changed by another local user.
 */
export function trustProblem(
  st: Stats | BigIntStats,
  uid: number,
  kind: 'directory' | 'file',
): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (kind === 'directory' ? !st.isDirectory() : !st.isFile()) return `is not a ${kind}`;
  const owner = Number(st.uid);
  const mode = Number(st.mode);
  if (owner !== uid) return `is owned by uid ${owner}, not by this user (uid ${uid})`;
  if ((mode & 0o022) !== 0) {
    return `can be written by other users (mode ${(mode & 0o7777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

/** Whether a file of ours that no one else can write is at `path` (false when absent). */
export async function isTrustedFile(path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => undefined);
  return st !== undefined && trustProblem(st, currentUid(), 'file') === undefined;
}
