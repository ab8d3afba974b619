import { errorMessage } from '../core/errors.js';
import type { ImageLayout } from '../storage/layout.js';
import { openArchiveFile, UnusableFile } from '../storage/open-file.js';
import type { Store } from '../storage/store.js';
import { Ingest, openForCopy, type Ingested } from './ingest.js';
import type { PullRequest } from './request.js';

/**
 * Takes the image from a cached archive (a tool cache entry, a restored Actions cache entry):
 * linked or copied into staging, hashed and extracted in one pass, committed when it verifies.
 * A copy that does not match, or cannot be read, is not an error: the reason comes back and the
 * caller moves on to the next layer. A problem of the output dir (full, read-only) still fails.
 */
export async function fromCachedFile(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  path: string,
): Promise<Ingested | string> {
  let ingest: Ingest | undefined;
  let opened;
  try {
    const file = await openArchiveFile(path, { maxBytes: req.maxBytes });
    opened = file;
    const copy = await openForCopy(store, file, true);
    opened = copy.source;
    ingest = await Ingest.start(req, store, layout, { path: copy.part, copying: copy.copying });
    await ingest.readFile(copy.source);
    const digest = await ingest.finish();
    if (digest !== req.entry.sha256) {
      await ingest.discard();
      return 'does not match its digest';
    }
    return await ingest.commit();
  } catch (err) {
    await ingest?.discard();
    if (err instanceof UnusableFile) return err.why;
    throw err;
  } finally {
    await opened?.fh.close().catch(() => undefined);
  }
}

/** Runs a cache's own clean-up, which must never fail the pull. */
export async function quietly(what: string, req: PullRequest, fn: () => Promise<void>): Promise<void> {
  await fn().catch((err: unknown) => req.log.warn(`${what}: ${errorMessage(err)}; going on without it`));
}
