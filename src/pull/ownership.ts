import type { Stats } from 'node:fs';
import { currentUid, trustProblem } from '../storage/trust.js';
import { lstat, mkdir, stat } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';

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
