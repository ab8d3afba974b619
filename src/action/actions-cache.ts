import * as cache from '@actions/cache';
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { tempSibling } from '../pull/layout.js';
import type { ArchiveCache } from '../pull/pull.js';
import { removeTree } from '../pull/remove-tree.js';
import { isAlive, removeStaleTemps } from '../pull/stale.js';

/**
 * The cached path, as a string. @actions/cache hashes the path strings into the entry's version,
 * so this must not depend on any input (another job with another output-dir must hit). `~` is
 * expanded by the library, so the string is the same on every runner.
 */
export const CACHE_PATH_PREFIX = '~/.cache/axvisor-image/actions';

/**
 * Where `CACHE_PATH_PREFIX` points. Looked up on every call, as the library expands `~` from
 * HOME on every call: a root fixed at import would disagree with it once HOME changes.
 */
export const cacheRoot = (): string => join(homedir(), '.cache', 'axvisor-image', 'actions');

export const cacheKey = (sha256: string): string => `axvisor-image-${sha256}`;
const cachePath = (sha256: string): string => `${CACHE_PATH_PREFIX}/${sha256}`;

/**
 * The runner's ACTIONS_CACHE_MODE as the library reads it (unset or unknown allows both), so a
 * restore or save the runner forbids is reported as such instead of as a miss or a failure.
 */
function cacheMode(): { mode: string; read: boolean; write: boolean } {
  const mode = (process.env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  const known = ['none', 'read', 'write', 'write-only'].includes(mode);
  return {
    mode,
    read: !known || mode === 'read' || mode === 'write',
    write: !known || mode === 'write' || mode === 'write-only',
  };
}

/**
 * The GitHub Actions cache through the real @actions/cache library, keyed by the archive's digest.
 * Every failure is a warning: a job must never fail because the cache did.
 *
 * On disk, under `cacheRoot()`: `<sha256>/archive<ext>` is staged there for a save (the fixed
 * path string says so), guarded by `.<sha256>.lock` against another job on the same machine;
 * restores land in a private `.<sha256>.partial-<pid>-<tag>/` each, so jobs sharing a HOME
 * never read or delete each other's files.
 */
export function createActionsCache(log: Log): ArchiveCache | undefined {
  if (!cache.isFeatureAvailable()) {
    log.info('actions cache: not available on this runner (no cache service URL); skipping it');
    return undefined;
  }
  /** Restored archive path → the private dir holding it. */
  const restoreDirs = new Map<string, string>();

  const lookup = (sha256: string): Promise<string | undefined> =>
    cache.restoreCache([cachePath(sha256)], cacheKey(sha256), [], { lookupOnly: true });

  return {
    async restore(sha256) {
      const key = cacheKey(sha256);
      const mode = cacheMode();
      if (!mode.read) {
        log.info(`actions cache: not restoring (the runner's cache mode '${mode.mode}' forbids reads)`);
        return undefined;
      }
      let dir: string | undefined;
      try {
        // Asking first costs nothing on a miss (the restore would ask the same), and it tells a
        // broken entry (restore fails although the entry exists) apart from a plain miss.
        if ((await lookup(sha256)) === undefined) {
          log.info(`actions cache: miss (key ${key})`);
          return undefined;
        }
        const root = cacheRoot();
        await mkdir(root, { recursive: true });
        await removeStaleTemps(root);
        dir = tempSibling(join(root, sha256), 'partial');
        await mkdir(dir);
        const hit = await withWorkspace(dir, () => cache.restoreCache([cachePath(sha256)], key));
        if (hit === undefined) {
          log.warn(
            `actions cache: entry ${key} exists but could not be restored (see the library's message above); downloading instead`,
          );
          return undefined;
        }
        const name = (await readdir(join(dir, sha256)).catch(() => [] as string[])).find((n) =>
          n.startsWith('archive'),
        );
        if (!name) {
          log.warn(`actions cache: entry ${key} restored no archive; downloading instead`);
          return undefined;
        }
        const path = join(dir, sha256, name);
        restoreDirs.set(path, dir);
        dir = undefined;
        return path;
      } catch (err) {
        log.warn(`actions cache: restore failed: ${errorMessage(err)}`);
        return undefined;
      } finally {
        if (dir) await removeTree(dir);
      }
    },

    async save(sha256, archivePath, extension) {
      const key = cacheKey(sha256);
      const mode = cacheMode();
      if (!mode.write) {
        log.info(`actions cache: not saving ${key} (the runner's cache mode '${mode.mode}' forbids writes)`);
        return;
      }
      const root = cacheRoot();
      const dir = join(root, sha256);
      let release: (() => Promise<void>) | undefined;
      try {
        await mkdir(root, { recursive: true });
        release = await lockSave(root, sha256);
        if (!release) {
          log.info(`actions cache: another job on this machine is saving ${key}; leaving it to that one`);
          return;
        }
        await removeTree(dir);
        await mkdir(dir);
        const staged = join(dir, `archive${extension}`);
        // A hard link costs nothing; across filesystems, copy.
        await link(archivePath, staged).catch(() => copyFile(archivePath, staged));
        const id = await withWorkspace(root, () => cache.saveCache([cachePath(sha256)], key));
        // The library reports a lost race, a refused reservation and an unreachable service
        // alike, as an info line and -1; the user should see that the cache stayed cold.
        if (id === -1) {
          log.warn(
            `actions cache: ${key} was not saved (another job may be saving it, or the cache service refused it; see the lines above)`,
          );
        } else {
          log.info(`actions cache: saved ${key}`);
        }
      } catch (err) {
        log.warn(`actions cache: save failed: ${errorMessage(err)}`);
      } finally {
        if (release) {
          await removeTree(dir);
          await release();
        }
      }
    },

    async exists(sha256) {
      const mode = cacheMode();
      if (!mode.read) {
        log.info(
          `actions cache: cannot look up entries (the runner's cache mode '${mode.mode}' forbids reads)`,
        );
        return false;
      }
      try {
        return (await lookup(sha256)) !== undefined;
      } catch (err) {
        log.warn(`actions cache: lookup failed: ${errorMessage(err)}`);
        return false;
      }
    },

    async cleanup(restored) {
      const dir = restoreDirs.get(restored);
      restoreDirs.delete(restored);
      if (dir) await removeTree(dir);
    },
  };
}

/** Save locks this process holds, by lock file. */
const heldLocks = new Set<string>();

/**
 * Takes the machine-wide right to stage `<sha256>/` for a save: jobs on one self-hosted runner
 * share HOME, and one wiping the dir while another's tar reads it could commit an empty entry
 * that no job can replace. Resolves to the release function, or undefined while another job (or
 * another pull in this process) holds it. A lock whose process is gone is taken over.
 */
async function lockSave(root: string, sha256: string): Promise<(() => Promise<void>) | undefined> {
  const file = join(root, `.${sha256}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      heldLocks.add(file);
      return async () => {
        heldLocks.delete(file);
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    let held: boolean;
    if (owner === process.pid) held = heldLocks.has(file);
    else if (owner > 0) held = isAlive(owner);
    else {
      // Created but its pid not yet written: another job is taking it right now, unless that
      // was long ago and the job died in between.
      const st = await stat(file).catch(() => undefined);
      held = st !== undefined && Date.now() - st.mtimeMs < 60_000;
    }
    if (held) return undefined;
    await rm(file, { force: true });
  }
  return undefined;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * @actions/cache stores paths relative to GITHUB_WORKSPACE and restores them under it. Saving
 * with it at the cache root makes the stored path just `<sha256>/archive…`, whatever the job's
 * workspace; restoring with it at a private dir puts the archive there. The variable is
 * process-wide, so calls that set it take turns (lookups do not read it and run freely).
 */
function withWorkspace<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const saved = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = workspace;
    try {
      return await fn();
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = saved;
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
