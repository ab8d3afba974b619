import { fileURLToPath } from 'node:url';
import { ChecksumError, UserError, errorMessage } from '../core/errors.js';
import { humanBytes } from '../core/format.js';
import type { ImageLayout } from '../storage/layout.js';
import { openArchiveFile, UnusableFile } from '../storage/open-file.js';
import type { Store } from '../storage/store.js';
import { download } from './download.js';
import { Ingest, openForCopy, type Ingested } from './ingest.js';
import { candidates, type Candidate } from './mirrors.js';
import type { PullRequest } from './request.js';

/** What the network gave, and which URL gave it. */
export type Fetched = Ingested & { from: Candidate };

/**
 * The last layer: each mirror that has a URL for the image, in order, then the registry's own
 * URL (unless mirrors only). Each is streamed once through the tee (hash, the private copy in
 * staging, the extractor), with retries and `Range` resumes, and renamed into place only once
 * the digest matches. A source that fails (unreachable, 404, other bytes) is a warning and the
 * next is tried; only the last one's failure fails the pull, and a problem of the output dir
 * (full, read-only) or a stop fails it at once. `onArchive` runs as soon as the archive has its
 * final name, so that an Actions cache save overlaps the rest of the extraction.
 */
export async function fromNetwork(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  onArchive: (archive: string) => void,
): Promise<Fetched> {
  const list = candidates(req.entry, req.mirrors, req.mirrorsOnly);
  if (list.length === 0) {
    throw new UserError(
      `no mirror has a URL for ${req.entry.name}:${req.entry.version} (${req.entry.url}), and only mirrors may be used`,
      { setting: 'mirrors' },
    );
  }
  for (const [i, from] of list.entries()) {
    try {
      const got =
        new URL(from.url).protocol === 'file:'
          ? await fromFile(req, store, layout, from)
          : await fromUrl(req, store, layout, from, onArchive);
      if (from.mirror) req.log.info(`served by the mirror ${from.shown}`);
      return { ...got, from };
    } catch (err) {
      const next = list[i + 1];
      if (!next || req.signal?.aborted || isLocalTrouble(err)) throw err;
      req.log.warn(
        `${from.mirror ? 'mirror' : 'download'} ${from.shown}: ${errorMessage(err)}; trying ${next.mirror ? 'the mirror' : "the registry's URL"} ${next.shown}`,
      );
    }
  }
  throw new Error('unreachable');
}

/** Trouble of this machine's (the output dir full or read-only): no other source mends it. */
function isLocalTrouble(err: unknown): boolean {
  for (let e = err as (NodeJS.ErrnoException & { cause?: unknown }) | undefined; e; e = e.cause as typeof e) {
    if (['ENOSPC', 'EROFS', 'EDQUOT', 'ENAMETOOLONG'].includes(e.code ?? '')) return true;
  }
  return false;
}

async function fromUrl(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  from: Candidate,
  onArchive: (archive: string) => void,
): Promise<Ingested> {
  const { entry, log } = req;
  const ingest = await Ingest.start(req, store, layout, {
    path: await store.temp('download'),
    copying: true,
  });
  try {
    if (new URL(from.url).protocol === 'http:') {
      log.warn(`${from.shown} is plain http; the SHA-256 digest still guards the bytes`);
    }
    const stats = await download(ingest.tee, {
      url: from.url,
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
      throw new ChecksumError(from.shown, entry.sha256, digest, hint);
    }
    log.info(`verified ${humanBytes(stats.bytes)} (sha256 ${entry.sha256})`);
    return await ingest.commit(undefined, onArchive);
  } catch (err) {
    await ingest.discard();
    throw err;
  }
}

/** An image URL that is a local file: read like a download, verified the same way, copied (the file is the user's). */
async function fromFile(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  from: Candidate,
): Promise<Ingested> {
  const { entry } = req;
  const path = fileURLToPath(from.url);
  const what = `image ${entry.name}:${entry.version}: ${path} (from ${from.mirror ? 'a mirror' : entry.source})`;
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
    if (digest !== entry.sha256) throw new ChecksumError(from.shown, entry.sha256, digest);
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
