import { rm } from 'node:fs/promises';
import type { Settings } from './settings.js';
import { UserError, errorMessage } from '../core/errors.js';
import { humanBytes } from '../core/format.js';
import { settleLimit } from '../core/pool.js';
import { archiveExtension } from '../storage/layout.js';
import { pullImage, type ArchiveCache } from '../pull/pull.js';
import type { ImageEntry } from '../registry/types.js';
import type { OpsContext } from './context.js';
import { emptySelectionWarning, selectImages } from './selection.js';
import { pullSetup } from './pull-setup.js';
import { loadAndSnapshot, registrySource } from './registry.js';

/** One image's line in the `report` output. */
export interface WarmRecord {
  name: string;
  version: string;
  arch: string;
  sha256: string;
  status: 'warmed' | 'skipped' | 'failed';
  /** Bytes of the archive this run saved to the cache; 0 when skipped or failed. */
  bytes: number;
  error?: string;
}

/** A repository's Actions cache by default: past it, GitHub evicts the least recently used. */
export const ACTIONS_CACHE_LIMIT = 10 * 1024 ** 3;

/** Every selected image's record, and where the registry came from. */
export interface WarmReport {
  records: WarmRecord[];
  registrySource: string;
}

/**
 * Makes sure the Actions cache holds every selected image, so the jobs that pull them restore
 * instead of downloading. An image the cache already holds is skipped after a lookup that
 * transfers nothing; the others are downloaded, verified and saved. One image failing does not
 * stop the rest: its record says why.
 */
export async function warmImages(settings: Settings, ctx: OpsContext): Promise<WarmReport> {
  const cache = settings.cache ? ctx.actionsCache : undefined;
  if (!cache) {
    throw new UserError(
      settings.cache
        ? `command 'warm' needs the GitHub Actions cache, and this runner offers none (no cache service URL in the environment); run it in a GitHub Actions job with cache: true`
        : `command 'warm' needs the GitHub Actions cache, and it is turned off; set it to true and run on a runner with the cache service`,
      { setting: 'cache' },
    );
  }
  const reg = await loadAndSnapshot(settings, ctx);
  const images = selectImages(reg, settings, ctx.log);
  if (images.length === 0) ctx.log.warn(emptySelectionWarning(settings, reg.images.length));

  const job: WarmJob = { ctx, cache, setup: pullSetup(settings, ctx, reg) };
  const settled = await settleLimit(images, settings.concurrency, (entry) =>
    ctx.log.group(`Warm ${entry.name}:${entry.version} (${entry.arch})`, () => warmOne(entry, job)),
  );
  const records = settled.map((s, i): WarmRecord => {
    if (s.status === 'fulfilled') return s.value;
    const entry = images[i] as ImageEntry;
    const error = errorMessage(s.reason);
    ctx.log.warn(`${entry.name}:${entry.version} could not be warmed: ${error}`);
    return { ...identity(entry), status: 'failed', bytes: 0, error };
  });

  const saved = records.reduce((sum, r) => sum + r.bytes, 0);
  if (saved > ACTIONS_CACHE_LIMIT) {
    ctx.log.warn(
      `this run saved ${humanBytes(saved)}, more than the repository's 10 GB Actions cache holds: GitHub evicts the least recently used entries, so some images will be downloaded again; narrow the selection with 'filter' or 'arch'`,
    );
  }
  return { records, registrySource: registrySource(reg) };
}

interface WarmJob {
  ctx: OpsContext;
  cache: ArchiveCache;
  setup: ReturnType<typeof pullSetup>;
}

const identity = (e: ImageEntry): Pick<WarmRecord, 'name' | 'version' | 'arch' | 'sha256'> => ({
  name: e.name,
  version: e.version,
  arch: e.arch,
  sha256: e.sha256,
});

async function warmOne(entry: ImageEntry, job: WarmJob): Promise<WarmRecord> {
  const { ctx, cache } = job;
  const ext = archiveExtension(entry.url);
  // A lookup, not a restore: an image that is already cached costs one small request and no bytes.
  if (await cache.exists(entry.sha256)) {
    ctx.log.info(`actions cache: already holds ${entry.sha256}; nothing to do`);
    return { ...identity(entry), status: 'skipped', bytes: 0 };
  }
  // Verified like any pull, but not extracted, and not through the Actions cache: pullImage
  // saves only after a download, and here an archive found in the output dir or the tool cache
  // must be saved as well.
  const result = await pullImage({
    ...job.setup,
    actionsCache: undefined,
    entry,
    // Versioned names, so two pinned versions of one image never share a file.
    spec: { name: entry.name, version: entry.version },
    extract: false,
  });
  try {
    if (!result.archive) throw new Error(`no archive at ${result.layout.archive} after the pull`);
    await cache.save(entry.sha256, result.archive, ext);
    // The adapter turns every save failure into a warning; asking again is what tells whether
    // the entry is really there.
    if (!(await cache.exists(entry.sha256))) {
      throw new Error(
        `the Actions cache has no entry for ${entry.sha256} after saving it (see the cache warnings above)`,
      );
    }
    ctx.log.info(`actions cache: saved ${entry.name}:${entry.version} (${humanBytes(result.archiveBytes)})`);
    return { ...identity(entry), status: 'warmed', bytes: result.archiveBytes };
  } finally {
    // Leave the output dir as it was: on a hosted runner the disk holds less than the cache.
    if (result.source !== 'local' && result.archive) await rm(result.archive, { force: true });
  }
}
