import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import { STAGING_DIR, STORE_DIR } from './layout.js';
import { removeTree } from './remove-tree.js';
import { currentUid, trustProblem } from './trust.js';

/**
 * The store's own dir in `root` (an output dir): `<root>/.axvisor-image`, made by this user with
 * mode 0700. Everything in it was put there by this tool for this user, so it may be swept as a
 * whole; nothing outside it ever is. A dir of that name that is not such a dir (the user's own,
 * another user's, a link) is left alone and named in the error.
 */
export async function storeDir(root: string): Promise<string> {
  const dir = join(root, STORE_DIR);
  await privateDir(dir);
  return dir;
}

/** Makes `dir` as a private dir of this user's, or checks that the one there is one. */
export async function privateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = await lstat(dir);
  const problem =
    trustProblem(st, currentUid(), 'directory') ??
    ((st.mode & 0o077) !== 0 ? `is open to other users (mode ${(st.mode & 0o777).toString(8)})` : undefined);
  if (problem) {
    throw new UserError(
      `${dir} ${problem}: it is not this tool's private dir, so it is left alone; remove it, or use another dir`,
    );
  }
}

/** A work dir's name: the writer's pid, so a sweep can tell a dead run's from a live one's. */
const WORK_RE = /^(\d+)-[0-9a-f]{12}$/;

/**
 * One run's private scratch space: `<private dir>/staging/<pid>-<random>/`, on the same file
 * system as the final names, so that what is built there is put in place by one rename. A run
 * killed before `close` leaves its work dir behind; the next `open` of the same private dir
 * removes the work dirs of runs that are gone, and only those (pid not alive in this pid
 * namespace). Nothing in the private dir is anyone else's, so nothing of anyone's is swept.
 */
export class Staging {
  private count = 0;
  private constructor(readonly dir: string) {}

  /** Opens a fresh work dir in the private dir `home` (made 0700 if missing), sweeping dead runs' first. */
  static async open(home: string): Promise<Staging> {
    const staging = join(home, STAGING_DIR);
    for (let attempt = 0; ; attempt++) {
      try {
        await privateDir(home);
        await privateDir(staging);
        await sweepDead(staging);
        const dir = join(staging, `${process.pid}-${randomBytes(6).toString('hex')}`);
        await mkdir(dir, { mode: 0o700 });
        return new Staging(dir);
      } catch (err) {
        // Another run's `close` removed the empty staging dir in between: make it again.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
      }
    }
  }

  /** A fresh path in the work dir; nothing is there yet. */
  path(label: string): string {
    return join(this.dir, `${++this.count}-${label}`);
  }

  /**
   * Removes the work dir and everything left in it, then the staging dir and the private dir
   * when nothing else is in them, so that an output dir holds only images once a run is done.
   */
  async close(): Promise<void> {
    await removeTree(this.dir);
    const staging = dirname(this.dir);
    for (const dir of [staging, dirname(staging)]) {
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        return;
    }
  }
}

/** Removes the work dirs of runs whose pid is no longer alive. */
async function sweepDead(staging: string): Promise<void> {
  const names = await readdir(staging).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(WORK_RE.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    // Garbage of ours that cannot go now (a file system turned read-only) waits for a later run.
    await removeTree(join(staging, name)).catch(() => undefined);
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes `text` to `target` (a file in `root` or below it) so that a reader sees the old file or
 * the new one, never half of one: written in a work dir of `root`'s store, then renamed. Nothing
 * is left behind when the write or the rename fails (say, a directory sits at `target`).
 */
export async function writeFileAtomic(root: string, target: string, text: string | Buffer): Promise<void> {
  const staging = await Staging.open(join(root, STORE_DIR));
  try {
    const tmp = staging.path('file');
    await writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    await rename(tmp, target);
  } finally {
    await staging.close();
  }
}
