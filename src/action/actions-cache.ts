import * as cache from '@actions/cache';
import { constants } from 'node:fs';
import {
  access,
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import {
  cachedArchiveName,
  isCachedArchiveName,
  saveLockName,
  STORE_DIR,
  TOOL_CACHE_DIR,
} from '../storage/layout.js';
import type { ArchiveCache } from '../pull/pull.js';
import { removeTree } from '../storage/remove-tree.js';
import { isAlive, Staging } from '../storage/staging.js';

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
export const cacheRoot = (): string => join(homedir(), '.cache', TOOL_CACHE_DIR, 'actions');

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
 * Where the bundle keeps the tar guard: `dist/tar-guard/index.js`, beside the adapter's chunk.
 * Joined by hand: ncc rewrites `new URL('./x', import.meta.url)` into a require of `./x`.
 */
export const defaultTarGuard = (): string =>
  join(dirname(fileURLToPath(import.meta.url)), 'tar-guard', 'index.js');

export interface ActionsCacheOptions {
  /** The script that checks an entry before `tar` unpacks it (src/action/tar-guard.ts, bundled). */
  tarGuard?: string;
}

/**
 * The GitHub Actions cache through the real @actions/cache library, keyed by the archive's digest.
 * Every failure is a warning: a job must never fail because the cache did.
 *
 * On disk, under `cacheRoot()`: a copy `<sha256>/archive<ext>` is staged there for a save (the fixed
 * path string says so), guarded by `.<sha256>.lock` against another job on the same machine;
 * each restore lands in a private work dir of `.axvisor-image/staging/`, so jobs sharing a HOME
 * never read or delete each other's files.
 *
 * Anyone who can run a job in the repository can write an entry under our key, and the library
 * unpacks entries with `tar -P`, which honours absolute and `../` names. So a restore runs with
 * a `tar` of ours first on PATH, which lets the real tar unpack an entry only once every member
 * is known to be `<sha256>/archive<ext>` (tar-guard.ts); a refused entry is a failed restore: a
 * warning, and the image is downloaded. The library finds `tar` through PATH, which it does not
 * promise: the Actions cache tests restore a poisoned entry with the library itself, and fail the
 * day it looks elsewhere.
 */
export function createActionsCache(
  log: Log,
  lib: CacheLibrary = cache,
  opts: ActionsCacheOptions = {},
): ArchiveCache | undefined {
  const tarGuard = opts.tarGuard ?? defaultTarGuard();
  try {
    // Stand-ins such as @github/local-action's may lack functions or throw from them.
    const missing = (['isFeatureAvailable', 'restoreCache', 'saveCache'] as const).filter(
      (name) => typeof lib[name] !== 'function',
    );
    if (missing.length > 0) {
      log.warn(`actions cache: the cache library has no ${missing.join(', ')}; skipping the Actions cache`);
      return undefined;
    }
    if (!lib.isFeatureAvailable!()) {
      log.info('actions cache: not available on this runner (no cache service URL); skipping it');
      return undefined;
    }
  } catch (err) {
    log.warn(`actions cache: cannot tell whether the cache is available (${errorMessage(err)}); skipping it`);
    return undefined;
  }
  // Called through `lib`, so a stand-in's methods keep their `this`.
  const restoreCache: typeof cache.restoreCache = (...args) => lib.restoreCache!(...args);
  const saveCache: typeof cache.saveCache = (...args) => lib.saveCache!(...args);
  /** Restored archive path → the private work dir holding it. */
  const restoreDirs = new Map<string, Staging>();

  // Once per cache root (HOME may change between calls), before this adapter stages anything.
  const sweeps = new Map<string, Promise<void>>();
  const sweep = (root: string): Promise<void> => {
    let done = sweeps.get(root);
    if (!done) {
      done = removeStaleSaves(root).then(
        (removed) => {
          if (removed.length > 0)
            log.info(`actions cache: removed what killed saves left for ${removed.join(', ')}`);
        },
        (err: unknown) =>
          log.warn(`actions cache: could not clean up after killed saves: ${errorMessage(err)}`),
      );
      sweeps.set(root, done);
    }
    return done;
  };

  const lookup = (sha256: string): Promise<string | undefined> =>
    restoreCache([cachePath(sha256)], cacheKey(sha256), [], { lookupOnly: true });

  return {
    async restore(sha256) {
      const key = cacheKey(sha256);
      const mode = cacheMode();
      if (!mode.read) {
        log.info(`actions cache: not restoring (the runner's cache mode '${mode.mode}' forbids reads)`);
        return undefined;
      }
      let staging: Staging | undefined;
      await sweep(cacheRoot());
      try {
        // Asking first costs nothing on a miss (the restore would ask the same), and it tells a
        // broken entry (restore fails although the entry exists) apart from a plain miss.
        if ((await lookup(sha256)) === undefined) {
          log.info(`actions cache: miss (key ${key})`);
          return undefined;
        }
        const realTar = await findOnPath('tar');
        if (!realTar) {
          log.warn(`actions cache: no 'tar' command on PATH to unpack entry ${key}; downloading instead`);
          return undefined;
        }
        const root = cacheRoot();
        await mkdir(root, { recursive: true });
        staging = await Staging.open(join(root, STORE_DIR));
        const dir = staging.path('restore');
        await mkdir(dir, { mode: 0o700 });
        const bin = await guardedTar(staging, realTar, tarGuard, sha256);
        const hit = await withWorkspace(dir, () => restoreCache([cachePath(sha256)], key), bin);
        if (hit === undefined) {
          log.warn(
            `actions cache: entry ${key} exists but could not be restored (see the library's message above); downloading instead`,
          );
          return undefined;
        }
        const name = (await readdir(join(dir, sha256)).catch(() => [] as string[])).find((n) =>
          isCachedArchiveName(n),
        );
        if (!name) {
          log.warn(`actions cache: entry ${key} restored no archive; downloading instead`);
          return undefined;
        }
        const path = join(dir, sha256, name);
        restoreDirs.set(path, staging);
        staging = undefined;
        return path;
      } catch (err) {
        log.warn(`actions cache: restore failed: ${errorMessage(err)}`);
        return undefined;
      } finally {
        if (staging) await removeQuietly(log, staging);
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
      await sweep(root);
      try {
        await mkdir(root, { recursive: true });
        release = await lockSave(root, sha256);
        if (!release) {
          log.info(`actions cache: another job on this machine is saving ${key}; leaving it to that one`);
          return;
        }
        await removeTree(dir);
        await mkdir(dir);
        const staged = join(dir, cachedArchiveName(extension));
        // A copy (a reflink where the filesystem has them), never a hard link: tar fails the save
        // when the file's ctime moves while it reads, which any link or removal of another of its
        // names does (the tool cache's, another job's); and our link would move it after the store
        // recorded it.
        await copyFile(archivePath, staged, constants.COPYFILE_FICLONE);
        const id = await withWorkspace(root, () => saveCache([cachePath(sha256)], key));
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
          await removeTree(dir).catch((err: unknown) => {
            log.warn(`actions cache: could not remove ${dir}: ${errorMessage(err)}`);
          });
          await release().catch((err: unknown) => {
            log.warn(`actions cache: could not release the save lock: ${errorMessage(err)}`);
          });
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
      const staging = restoreDirs.get(restored);
      restoreDirs.delete(restored);
      if (staging) await removeQuietly(log, staging);
    },
  };
}

/** The parts of @actions/cache the adapter calls; optional, as stand-ins may lack some. */
export interface CacheLibrary {
  isFeatureAvailable?: typeof cache.isFeatureAvailable;
  restoreCache?: typeof cache.restoreCache;
  saveCache?: typeof cache.saveCache;
}

/** Removes a work dir of ours; failing to is a warning, as the pull itself went fine. */
async function removeQuietly(log: Log, staging: Staging): Promise<void> {
  await staging.close().catch((err: unknown) => {
    log.warn(`actions cache: could not remove ${staging.dir}: ${errorMessage(err)}`);
  });
}

/** The first executable `name` on PATH, as the library's `which` would find it. */
async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    const ok = await access(path, constants.X_OK).then(
      () => stat(path).then((st) => st.isFile()),
      () => false,
    );
    if (ok) return path;
  }
  return undefined;
}

/** Writes a private dir holding a `tar` that runs the guard before the real one; returns the dir. */
async function guardedTar(staging: Staging, realTar: string, guard: string, sha256: string): Promise<string> {
  const bin = staging.path('bin');
  await mkdir(bin, { mode: 0o700 });
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  const script = `#!/bin/sh\nexec ${[process.execPath, guard, realTar, sha256].map(quote).join(' ')} "$@"\n`;
  await writeFile(join(bin, 'tar'), script, { mode: 0o700 });
  return bin;
}

/** Save locks this process holds, by lock file. */
const heldLocks = new Set<string>();

/** How often a save touches its lock, to show it is still under way. */
const LOCK_HEARTBEAT_MS = 60_000;
/**
 * A lock untouched this long belongs to no save, whatever its pid says: a live save touches it
 * every minute, and a pid from a killed job may since have gone to an unrelated process.
 */
const LOCK_STALE_MS = 3_600_000;
/** A lock created but its pid not yet written, for longer than this: its job died in between. */
const LOCK_EMPTY_MS = 60_000;

/**
 * Takes the machine-wide right to stage `<sha256>/` for a save: jobs on one self-hosted runner
 * share HOME, and one wiping the dir while another's tar reads it could commit an empty entry
 * that no job can replace. Resolves to the release function, or undefined while another job (or
 * another pull in this process) holds it. A stale lock (see `lockIsStale`) is taken over.
 */
async function lockSave(root: string, sha256: string): Promise<(() => Promise<void>) | undefined> {
  const file = join(root, saveLockName(sha256));
  for (let attempt = 0; attempt < 2; attempt++) {
    if (heldLocks.has(file)) return undefined;
    // Marked held before the file exists, so no other call in this process sees it unowned.
    heldLocks.add(file);
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      const beat = setInterval(() => {
        const now = new Date();
        utimes(file, now, now).catch(() => undefined);
      }, LOCK_HEARTBEAT_MS);
      beat.unref();
      return async () => {
        clearInterval(beat);
        heldLocks.delete(file);
        await rm(file, { force: true });
      };
    } catch (err) {
      heldLocks.delete(file);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!(await removeStaleLock(file))) return undefined;
  }
  return undefined;
}

/**
 * Removes the lock when no save can hold it any more; false while one may. The lock is moved
 * aside before it goes, so that a fresh lock another job took since it was read is put back
 * rather than deleted.
 */
async function removeStaleLock(file: string): Promise<boolean> {
  const seen = await readLock(file);
  if (!seen) return true;
  if (!lockIsStale(file, seen.owner, seen.mtimeMs)) return false;
  const staging = await Staging.open(join(dirname(file), STORE_DIR));
  try {
    const aside = staging.path('old-lock');
    try {
      await rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    const moved = await stat(aside);
    if (moved.ino !== seen.ino) await link(aside, file).catch(() => undefined);
    return moved.ino === seen.ino;
  } finally {
    await staging.close();
  }
}

/** The lock's owner pid (0 when not yet written), inode and mtime, read from one open file. */
async function readLock(file: string): Promise<{ owner: number; ino: number; mtimeMs: number } | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = await fh.stat();
    const owner = Number((await fh.readFile('utf8')).trim());
    return { owner: Number.isSafeInteger(owner) && owner > 0 ? owner : 0, ino: st.ino, mtimeMs: st.mtimeMs };
  } finally {
    await fh.close();
  }
}

function lockIsStale(file: string, owner: number, mtimeMs: number): boolean {
  if (owner === process.pid && heldLocks.has(file)) return false;
  const age = Date.now() - mtimeMs;
  if (age > LOCK_STALE_MS) return true;
  if (owner === process.pid) return true;
  if (owner > 0) return !isAlive(owner);
  return age > LOCK_EMPTY_MS;
}

/**
 * Removes what saves killed mid-way left in `root`: each save's lock records that it staged
 * `<sha256>/`, so the staging dir of a lock whose save is gone goes with the lock, under the lock
 * (a live save keeps its own). A dir no lock speaks for is left for the next save of that digest,
 * which clears it under its lock. Resolves to the digests whose leftovers went.
 */
export async function removeStaleSaves(root: string): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const digests = names.flatMap((n) => {
    const sha256 = /^\.([0-9a-f]{64})\.lock$/.exec(n)?.[1];
    return sha256 && n === saveLockName(sha256) ? [sha256] : [];
  });
  const removed: string[] = [];
  for (const sha256 of digests.sort()) {
    const release = await lockSave(root, sha256);
    if (!release) continue;
    try {
      await removeTree(join(root, sha256));
      removed.push(sha256);
    } finally {
      await release();
    }
  }
  return removed;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * @actions/cache stores paths relative to GITHUB_WORKSPACE and restores them under it. Saving
 * with it at the cache root makes the stored path just `<sha256>/archive…`, whatever the job's
 * workspace; restoring with it at a private dir puts the archive there. The variable is
 * process-wide, so calls that set it take turns (lookups do not read it and run freely).
 */
function withWorkspace<T>(workspace: string, fn: () => Promise<T>, pathFirst?: string): Promise<T> {
  const run = async (): Promise<T> => {
    const saved = { workspace: process.env.GITHUB_WORKSPACE, path: process.env.PATH };
    process.env.GITHUB_WORKSPACE = workspace;
    if (pathFirst) process.env.PATH = [pathFirst, saved.path].filter(Boolean).join(delimiter);
    try {
      return await fn();
    } finally {
      restoreEnv('GITHUB_WORKSPACE', saved.workspace);
      restoreEnv('PATH', saved.path);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
