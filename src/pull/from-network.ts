import { fileURLToPath } from 'node:url';
import { ChecksumError, UserError } from '../core/errors.js';
import { humanBytes } from '../core/format.js';
import type { ImageLayout } from '../storage/layout.js';
import { openArchiveFile, UnusableFile } from '../storage/open-file.js';
import type { Store } from '../storage/store.js';
import { download } from './download.js';
import { Ingest, openForCopy, type Ingested } from './ingest.js';
import type { PullRequest } from './request.js';

/**
 * The last layer: the archive's URL. Streamed once through the tee (hash, the `.part` copy in
 * staging, the extractor), with retries and `Range` resumes; renamed into place only once the
 * digest matches. `onArchive` runs as soon as the archive has its final name, so that an
 * Actions cache save overlaps the rest of the extraction.
 */
export async function fromNetwork(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  onArchive: (archive: string) => void,
): Promise<Ingested> {
  const { entry, log } = req;
  if (new URL(entry.url).protocol === 'file:') return fromFileUrl(req, store, layout);
  const ingest = await Ingest.start(req, store, layout, {
    path: await store.temp('download'),
    copying: true,
  });
  try {
    if (new URL(entry.url).protocol === 'http:') {
      log.warn(`${entry.url} is plain http; the SHA-256 digest still guards the bytes`);
    }
    const stats = await download(ingest.tee, {
      url: entry.url,
      retry: req.retry,
      log,
      auth: req.auth,
      stallMs: req.stallMs,
      maxBytes: req.maxBytes,
      signal: req.signal,
    });
    const digest = await ingest.finish();
    if (digest !== entry.sha256) {
      const hint = stats.encoding
        ? `the server sent the body with Content-Encoding: ${stats.encoding}, so these are not the file's own bytes (a server or proxy compressing on the fly)`
        : undefined;
      throw new ChecksumError(entry.url, entry.sha256, digest, hint);
    }
    log.info(`verified ${humanBytes(stats.bytes)} (sha256 ${entry.sha256})`);
    return await ingest.commit(undefined, onArchive);
  } catch (err) {
    await ingest.discard();
    throw err;
  }
}

/** An image URL that is a local file: read like a download, verified the same way, copied (the file is the user's). */
async function fromFileUrl(req: PullRequest, store: Store, layout: ImageLayout): Promise<Ingested> {
  const { entry } = req;
  const path = fileURLToPath(entry.url);
  const what = `image ${entry.name}:${entry.version}: ${path} (from ${entry.source})`;
  let file;
  try {
    file = await openArchiveFile(path, { follow: true, maxBytes: req.maxBytes });
  } catch (err) {
    if (!(err instanceof UnusableFile)) throw err;
    const setting = /limit/.test(err.why) ? 'max-size' : undefined;
    throw new UserError(`${what} ${err.why.replace(/^could not be read.*/, 'is not a readable file')}`, {
      setting,
    });
  }
  let ingest: Ingest | undefined;
  try {
    const copy = await openForCopy(store, file, false);
    ingest = await Ingest.start(req, store, layout, { path: copy.part, copying: true });
    await ingest.readFile(file);
    const digest = await ingest.finish();
    if (digest !== entry.sha256) throw new ChecksumError(entry.url, entry.sha256, digest);
    req.log.info(`verified ${path}`);
    return await ingest.commit();
  } catch (err) {
    await ingest?.discard();
    if (err instanceof UnusableFile) throw new UserError(`${what} ${err.why}`);
    throw err;
  } finally {
    await file.fh.close();
  }
}
