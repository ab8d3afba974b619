import type { Log } from '../core/log.js';
import type { ArchiveCache } from '../pull/pull.js';

/**
 * The Actions cache, loaded on first use. Its library (with the Azure storage SDK) is the largest
 * part of the bundle, and a pull whose image is already in the output dir never touches it.
 */
export function lazyActionsCache(log: Log): ArchiveCache {
  let made: Promise<ArchiveCache | undefined> | undefined;
  const cache = (): Promise<ArchiveCache | undefined> =>
    (made ??= import('./actions-cache.js').then((m) => m.createActionsCache(log)));
  return {
    async restore(sha256) {
      return (await cache())?.restore(sha256);
    },
    async save(sha256, archivePath, extension) {
      await (await cache())?.save(sha256, archivePath, extension);
    },
    async exists(sha256) {
      return (await (await cache())?.exists(sha256)) ?? false;
    },
    async cleanup(restored) {
      await (await cache())?.cleanup(restored);
    },
  };
}
