import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Removes a file or a tree this user owns, even where its dirs lack write or search permission
 * (an image may hold 0555 and 000 dirs): `rm` alone fails there for anyone but root, owner
 * included. Only when it does are the dirs given owner rwx, top down, and the removal retried.
 * Symlinks are removed, never followed, and never changed: chmod follows them.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
    return;
  } catch (err) {
    if (!isDenied(err)) throw err;
  }
  await openDirs(path);
  await rm(path, { recursive: true, force: true });
}

/**
 * Gives `dir` and every dir below it owner rwx. Each dir is reached only through a dir already
 * checked to be a real one, and its identity is compared after the chmod: one swapped for a
 * link in between would have passed the chmod on, and the walk stops there.
 */
async function openDirs(dir: string): Promise<void> {
  const st = await lstat(dir).catch(ignoreMissing);
  if (!st?.isDirectory()) return;
  const same = async (): Promise<void> => {
    const now = await lstat(dir).catch(ignoreMissing);
    if (now && (!now.isDirectory() || now.dev !== st.dev || now.ino !== st.ino)) {
      throw new Error(`${dir} was replaced while its permissions were being opened for removal`);
    }
  };
  if ((st.mode & 0o700) !== 0o700) {
    await chmod(dir, (st.mode & 0o7777) | 0o700);
    await same();
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(ignoreMissing);
  // The names read must be this dir's, not those of a link put in its place.
  if (entries) await same();
  for (const e of entries ?? []) {
    if (e.isDirectory()) await openDirs(join(dir, e.name));
  }
}

function isDenied(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

/** Something else may remove part of the tree meanwhile; what is gone needs no opening. */
function ignoreMissing(err: unknown): undefined {
  if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
  throw err;
}
