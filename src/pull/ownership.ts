import type { Stats } from 'node:fs';
import { lstat, mkdir, stat } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';

/** The running user, whose files alone are trusted. */
export function currentUid(): number {
  return process.getuid?.() ?? 0;
}

/**
 * Why a file or dir found on disk may not be trusted by this user, or undefined when it may:
 * it must be of the expected kind (never a link to one), owned by `uid`, and writable by no
 * one else. Anything else could have been put there or changed by another local user.
 */
export function trustProblem(st: Stats, uid: number, kind: 'directory' | 'file'): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (kind === 'directory' ? !st.isDirectory() : !st.isFile()) return `is not a ${kind}`;
  if (st.uid !== uid) return `is owned by uid ${st.uid}, not by this user (uid ${uid})`;
  if ((st.mode & 0o022) !== 0) {
    return `can be written by other users (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

/**
 * The output dir to use. One that exists must be a dir of this user's that no one else can
 * write, or another local user could have put a tree or an archive there. The shared default
 * under the temp dir may belong to another user of the machine: then a per-user dir beside it
 * is used, with a warning. A dir the user named is used as named, or the step fails.
 */
export async function chooseOutputDir(dir: string, isDefault: boolean, log: Log): Promise<string> {
  const uid = currentUid();
  const problem = await outputDirProblem(dir, uid, !isDefault);
  if (!problem) return dir;
  if (!isDefault) throw new UserError(`${dir} ${problem}; use a dir of your own`, { setting: 'output-dir' });
  const own = `${dir}-${uid}`;
  const ownProblem = await outputDirProblem(own, uid, false);
  if (ownProblem) {
    throw new UserError(
      `the default ${dir} ${problem}, and ${own} ${ownProblem}; set output-dir to a dir of your own`,
      { setting: 'output-dir' },
    );
  }
  log.warn(`the default output dir ${dir} ${problem}; using ${own} instead (set output-dir to choose)`);
  return own;
}

/** Why `dir` may not hold this user's images; a missing one is made, for this user alone. */
async function outputDirProblem(dir: string, uid: number, followLink: boolean): Promise<string | undefined> {
  const look = (): Promise<Stats | undefined> => (followLink ? stat(dir) : lstat(dir)).catch(() => undefined);
  let st = await look();
  if (!st) {
    // Another user may win the race to make it; the check below then sees whose it is.
    await mkdir(dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
    st = await look();
    // Nothing there to distrust: the pull's own check says why it cannot be made.
    if (!st) return undefined;
  }
  return trustProblem(st, uid, 'directory');
}

/** Whether a file of ours that no one else can write is at `path` (false when absent). */
export async function isTrustedFile(path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => undefined);
  return st !== undefined && trustProblem(st, currentUid(), 'file') === undefined;
}
