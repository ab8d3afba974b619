import { copyFile, link, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { constants } from 'node:fs';
import { cachedArchiveName, isCachedArchiveName, tempSibling, TOOL_CACHE_DIR } from '../storage/layout.js';
import { removeTree } from '../storage/remove-tree.js';
import { removeStaleTemps } from './stale.js';

/**
 * The runner's persistent tool cache, keyed by digest:
 * `RUNNER_TOOL_CACHE/axvisor-image/<sha256>/archive<ext>`. Only verified archives are put here,
 * and an entry appears by one rename of a complete directory, so a reader (another job on the
 * same self-hosted runner) sees either no entry or a whole one.
 */
export class ToolCache {
  readonly root: string;
  constructor(runnerToolCache: string) {
    this.root = join(runnerToolCache, TOOL_CACHE_DIR);
  }

  entryDir(sha256: string): string {
    return join(this.root, sha256);
  }

  /** The archive's path when an entry exists. */
  async find(sha256: string): Promise<string | undefined> {
    const dir = this.entryDir(sha256);
    const names = await readdir(dir).catch(() => [] as string[]);
    const name = names.find(isCachedArchiveName);
    if (!name) return undefined;
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    return st?.isFile() ? path : undefined;
  }

  /** Puts a verified archive in, atomically; an entry another job wrote first is kept. */
  async put(sha256: string, archivePath: string, extension: string): Promise<void> {
    await mkdir(this.root, { recursive: true });
    // Temp names carry the pid, so the half-copied entries of a killed job go on the next put.
    await removeStaleTemps(this.root);
    const tmp = tempSibling(this.entryDir(sha256), 'partial');
    try {
      await mkdir(tmp);
      // A hard link where it can be: no copy, no second copy of the bytes on disk. Neither name
      // is ever written in place (files are replaced by a rename), and an entry is hashed again
      // on every use. Otherwise a reflink where the filesystem has them, or a plain copy.
      const dest = join(tmp, cachedArchiveName(extension));
      await link(archivePath, dest).catch(() => copyFile(archivePath, dest, constants.COPYFILE_FICLONE));
      await rename(tmp, this.entryDir(sha256)).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } finally {
      await removeTree(tmp);
    }
  }

  /** Removes an entry whose bytes turned out wrong. */
  async evict(sha256: string): Promise<void> {
    const dir = this.entryDir(sha256);
    // A fresh name each time: renaming onto a leftover would fail and leave the bad entry in place.
    const doomed = tempSibling(dir, 'old');
    await rename(dir, doomed).catch(() => undefined);
    await removeTree(doomed);
  }
}
