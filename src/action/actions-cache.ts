import * as cache from '@actions/cache';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { ArchiveCache } from '../pull/pull.js';

/**
 * The cached path, as a string. @actions/cache hashes the path strings into the entry's version,
 * so this must not depend on any input (another job with another output-dir must hit). `~` is
 * expanded by the library, so the string is the same on every runner.
 */
export const CACHE_PATH_PREFIX = '~/.cache/axvisor-image/actions';
const CACHE_ROOT = join(homedir(), '.cache', 'axvisor-image', 'actions');

export const cacheKey = (sha256: string): string => `axvisor-image-${sha256}`;
const cachePath = (sha256: string): string => `${CACHE_PATH_PREFIX}/${sha256}`;

/**
 * The GitHub Actions cache through the real @actions/cache library, keyed by the archive's digest.
 * Every failure is a warning: a job must never fail because the cache did.
 */
export function createActionsCache(log: Log): ArchiveCache | undefined {
  if (!cache.isFeatureAvailable()) {
    log.info('actions cache: not available on this runner (no cache service URL); skipping it');
    return undefined;
  }
  return {
    async restore(sha256) {
      try {
        const hit = await inCacheRoot(() => cache.restoreCache([cachePath(sha256)], cacheKey(sha256)));
        if (!hit) {
          log.info(`actions cache: miss (key ${cacheKey(sha256)})`);
          return undefined;
        }
        const dir = join(CACHE_ROOT, sha256);
        const name = (await readdir(dir).catch(() => [] as string[])).find((n) => n.startsWith('archive'));
        if (!name) {
          log.warn(`actions cache: entry ${cacheKey(sha256)} restored no archive`);
          return undefined;
        }
        return join(dir, name);
      } catch (err) {
        log.warn(`actions cache: restore failed: ${errorMessage(err)}`);
        return undefined;
      }
    },

    async save(sha256, archivePath, extension) {
      const dir = join(CACHE_ROOT, sha256);
      try {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        const staged = join(dir, `archive${extension}`);
        // A hard link costs nothing; across filesystems, copy.
        await link(archivePath, staged).catch(() => copyFile(archivePath, staged));
        const id = await inCacheRoot(() => cache.saveCache([cachePath(sha256)], cacheKey(sha256)));
        if (id !== -1) log.info(`actions cache: saved ${cacheKey(sha256)}`);
      } catch (err) {
        log.warn(`actions cache: save failed: ${errorMessage(err)}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async exists(sha256) {
      try {
        const hit = await inCacheRoot(() =>
          cache.restoreCache([cachePath(sha256)], cacheKey(sha256), [], { lookupOnly: true }),
        );
        return hit !== undefined;
      } catch (err) {
        log.warn(`actions cache: lookup failed: ${errorMessage(err)}`);
        return false;
      }
    },

    async cleanup(sha256) {
      await rm(join(CACHE_ROOT, sha256), { recursive: true, force: true });
    },
  };
}

let depth = 0;
let savedWorkspace: string | undefined;

/**
 * @actions/cache stores paths relative to GITHUB_WORKSPACE and restores them relative to it, so
 * a cache saved by a job whose workspace sits elsewhere would land in the wrong place. Pointing
 * it at our cache root while the library runs makes the stored path just `<sha256>/archive…`.
 */
async function inCacheRoot<T>(fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    savedWorkspace = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = CACHE_ROOT;
  }
  await mkdir(CACHE_ROOT, { recursive: true });
  try {
    return await fn();
  } finally {
    if (--depth === 0) {
      if (savedWorkspace === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = savedWorkspace;
    }
  }
}
