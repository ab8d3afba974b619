import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { cachedArchiveName, isCachedArchiveName, STORE_DIR, TOOL_CACHE_DIR } from '../storage/layout.js';
import { removeTree } from '../storage/remove-tree.js';
import { Staging } from '../storage/staging.js';
import { currentUid } from '../storage/trust.js';

/**
 * The runner's persistent tool cache, keyed by digest:
 * `RUNNER_TOOL_CACHE/axvisor-image/<sha256>/archive<ext>`. Only verified archives are put here,
 * and an entry appears by one rename of a complete directory, so a reader (another job on the
 * same self-hosted runner) sees either no entry or a whole one. Entries are hashed again on every
 * use, so one another user planted costs a download, never a wrong image; the pull turns every
 * failure here (`EACCES`, `EROFS`, `ENOSPC`, an entry it cannot evict) into a warning.
 */
export class ToolCache {
  readonly root: string;
  /** This user's private staging in the tool cache: several runner users may share it. */
  private readonly home: string;
  constructor(runnerToolCache: string) {
    this.root = join(runnerToolCache, TOOL_CACHE_DIR);
    this.home = join(this.root, `${STORE_DIR}-${currentUid()}`);
  }

  entryDir(sha256: string): string {
    return join(this.root, sha256);
  }

  /** The archive's path when an entry exists (a real dir holding an archive name); never throws. */
  async find(sha256: string): Promise<string | undefined> {
    const dir = this.entryDir(sha256);
    const st = await lstat(dir).catch(() => undefined);
    if (!st?.isDirectory()) return undefined;
    const names = await readdir(dir).catch(() => [] as string[]);
    const name = names.find(isCachedArchiveName);
    return name === undefined ? undefined : join(dir, name);
  }

  /** Puts a verified archive in, atomically; an entry another job wrote first is kept. */
  async put(sha256: string, archivePath: string, extension: string): Promise<void> {
    // Not recursive first: a recursive mkdir on a read-only file system says ENOENT, not EROFS.
    await mkdir(this.root).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') await mkdir(this.root, { recursive: true });
      else if (err.code !== 'EEXIST') throw err;
    });
    await this.staged(async (staging) => {
      const tmp = staging.path('entry');
      await mkdir(tmp, { mode: 0o755 });
      // A hard link where it can be: no copy, no second copy of the bytes on disk. Neither name
      // is ever written in place (files are replaced by a rename), and an entry is hashed again
      // on every use. Otherwise a reflink where the filesystem has them, or a plain copy.
      const dest = join(tmp, cachedArchiveName(extension));
      await link(archivePath, dest).catch(() => copyFile(archivePath, dest, constants.COPYFILE_FICLONE));
      await rename(tmp, this.entryDir(sha256)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    });
  }

  /** Removes an entry whose bytes turned out wrong: moved out of its name first, then removed. */
  async evict(sha256: string): Promise<void> {
    await this.staged(async (staging) => {
      const doomed = staging.path('old-entry');
      try {
        await rename(this.entryDir(sha256), doomed);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      await removeTree(doomed);
    });
  }

  private async staged(fn: (staging: Staging) => Promise<void>): Promise<void> {
    const staging = await Staging.open(this.home);
    try {
      await fn(staging);
    } finally {
      await staging.close().catch(() => undefined);
    }
  }
}
