import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { archiveExtension, imageLayout, type ImageLayout } from '../storage/layout.js';
import { explainDiskError } from '../storage/output-dir.js';
import { Store } from '../storage/store.js';
import { recordedFiles } from '../storage/tree-record.js';
import { classifyFiles } from '../unpack/image-files.js';
import { fromCachedFile, quietly } from './from-caches.js';
import { fromNetwork } from './from-network.js';
import { fromOutputDir, type Kept } from './from-output-dir.js';
import type { PullRequest, PullResult, Source } from './request.js';

export type { ArchiveCache, PullRequest, PullResult, Source, TransferPolicy } from './request.js';

/**
 * Gets one verified image into the output dir from the fastest layer that has it: the output
 * dir itself, the runner's tool cache, the Actions cache, and only then the network. Bytes from
 * anywhere but an already-extracted tree are hashed in the same pass that extracts them, and the
 * store commits them only once they match.
 */
export async function pullImage(req: PullRequest): Promise<PullResult> {
  req.signal?.throwIfAborted();
  const started = Date.now();
  const { entry, log } = req;
  const store = await Store.open(req.outputDir, { shared: req.sharedStore, log });
  const layout = imageLayout(req.outputDir, req.spec, entry);
  const done = (source: Source, got: Kept, saved?: Promise<void>, sourceUrl = ''): Promise<PullResult> =>
    finish(req, store, layout, { source, got, saved, started, sourceUrl });
  try {
    // 1. The output dir.
    const kept = await fromOutputDir(req, store, layout);
    if (kept) return await done('local', kept);

    // 2. The runner's tool cache.
    const toolCache = req.toolCache;
    if (toolCache) {
      const cached = await toolCache.find(entry.sha256);
      if (cached) {
        const got = await fromCachedFile(req, store, layout, cached);
        if (typeof got !== 'string') {
          log.info(`tool cache: hit at ${cached}`);
          return await done('tool-cache', got);
        }
        log.warn(`tool cache: ${cached} ${got}; removing it`);
        await quietly(`tool cache: could not remove ${toolCache.entryDir(entry.sha256)}`, req, () =>
          toolCache.evict(entry.sha256),
        );
      } else {
        log.info(`tool cache: miss (${toolCache.entryDir(entry.sha256)})`);
      }
    }

    // 3. The Actions cache.
    const actionsCache = req.actionsCache;
    if (actionsCache) {
      const restored = await actionsCache.restore(entry.sha256);
      if (restored) {
        try {
          const got = await fromCachedFile(req, store, layout, restored);
          if (typeof got !== 'string') {
            log.info('actions cache: hit, bytes verified');
            return await done('actions-cache', got);
          }
          log.warn(`actions cache: the entry for ${entry.sha256} ${got}; ignoring it`);
        } finally {
          await actionsCache.cleanup(restored);
        }
      }
    }

    // 4. The network (or, for a local registry, a file it names).
    let saved: Promise<void> | undefined;
    const got = await fromNetwork(req, store, layout, (archive) => {
      // The archive is final: cache it while extraction catches up.
      saved = actionsCache?.save(entry.sha256, archive, archiveExtension(entry.url)).catch((err: unknown) => {
        log.warn(`actions cache: save failed: ${errorMessage(err)}`);
      });
    });
    return await done('download', got, saved, got.from.shown);
  } catch (err) {
    throw explainDiskError(err, req.outputDir);
  } finally {
    await store.close();
  }
}

/**
 * The result of a pull that found its bytes: the archive put in the tool cache when it came from
 * elsewhere, then stamped in the tree's record (last: a hard link moves its ctime), and the
 * files listed from the record, which holds exactly what was verified.
 */
async function finish(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  how: { source: Source; got: Kept; saved?: Promise<void>; started: number; sourceUrl: string },
): Promise<PullResult> {
  const { source, got } = how;
  const { entry } = req;
  try {
    if (got.archive && req.toolCache && source !== 'tool-cache' && source !== 'local') {
      const toolCache = req.toolCache;
      await quietly('tool cache: could not store the archive', req, async () => {
        await toolCache.put(entry.sha256, got.archive, archiveExtension(entry.url));
        req.log.info(`tool cache: stored at ${toolCache.entryDir(entry.sha256)}`);
      });
    }
    if (req.extract && got.record) {
      if (got.held) {
        await store.recordArchive(
          layout.extractDir,
          entry.sha256,
          basename(got.archive),
          got.archive,
          got.held,
        );
      } else if (!got.archive && got.record.archive) {
        await store.writeRecord(layout.extractDir, entry.sha256, { entries: got.record.entries });
      }
    }
  } finally {
    await got.held?.close();
  }
  const archiveSt = got.archive ? await stat(got.archive).catch(() => undefined) : undefined;
  const files = got.record ? classifyFiles(recordedFiles(got.record.entries), entry.arch) : { files: [] };
  return {
    entry,
    layout,
    path: req.extract ? layout.extractDir : got.archive,
    archive: archiveSt?.isFile() ? got.archive : '',
    source,
    sourceUrl: how.sourceUrl,
    cacheHit: source !== 'download',
    files,
    archiveBytes: archiveSt?.size ?? 0,
    ms: Date.now() - how.started,
    saved: how.saved ?? Promise.resolve(),
  };
}
