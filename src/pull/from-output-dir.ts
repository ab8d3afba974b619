import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { ImageLayout } from '../storage/layout.js';
import { openArchiveFile, UnusableFile, type OpenedFile } from '../storage/open-file.js';
import type { Store } from '../storage/store.js';
import { sameStamp, stamp, type TreeRecord } from '../storage/tree-record.js';
import { trustProblem } from '../storage/trust.js';
import { Ingest, type Ingested } from './ingest.js';
import type { PullRequest } from './request.js';

/** What the output dir gave: a tree and archive as they are, or an archive ingested afresh. */
export type Kept = Partial<Ingested> & { archive: string; record?: TreeRecord };

/**
 * The first layer: the output dir itself. A tree exactly as extracted from these very bytes is
 * handed back without reading a byte of it, with the archive beside it when that is still the
 * file last verified (or hashes to the digest again). Otherwise an archive under one of its
 * names (ours, or the one axbuild 0.4.2 writes) is verified and extracted again. A tree that
 * changed is moved out of the way first; the store decides which trees it may move.
 */
export async function fromOutputDir(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
): Promise<Kept | undefined> {
  const { log, entry } = req;
  if (req.extract) {
    const tree = await store.checkTree(layout.extractDir, entry.sha256);
    if (tree.ok) {
      const beside = await keptArchive(req, store, layout, tree.record);
      if (beside) {
        log.info(
          `output dir: ${layout.extractDir} is as extracted (${tree.record.entries.length} entries unchanged)`,
        );
        return { ...beside, record: tree.record };
      }
    } else if (tree.state === 'other') {
      // Another version under the same spec: it stays whole until the new one replaces it.
      log.info(
        `output dir: ${layout.extractDir} holds another image; it is replaced once this one is verified`,
      );
    } else if (tree.state !== 'absent') {
      log.warn(`output dir: ${layout.extractDir} ${tree.why}; extracting it again from a verified copy`);
      // Out of the way now: whatever comes next, it is never handed back, nor kept as "the same
      // image" by a commit. The store refuses to move what is not the tools' to replace.
      await store.discardTree(layout.extractDir, tree);
    }
  }
  for (const path of layout.archiveNames) {
    const file = await openKept(req, store, layout, path);
    if (!file) continue;
    const ingest = await Ingest.start(req, store, layout, undefined);
    try {
      await ingest.readFile(file);
      const digest = await ingest.finish();
      const problem =
        digest !== entry.sha256
          ? "does not match the registry's digest"
          : (await changedSince(file))
            ? 'changed while it was read'
            : undefined;
      if (!problem) {
        const got = await ingest.commit(file);
        log.info(`output dir: ${path} verified`);
        return got;
      }
      await ingest.discard();
      await file.fh.close();
      log.warn(
        `output dir: ${path} ${problem}; ${path === layout.archive ? 'fetching it again' : 'not using it'}`,
      );
      if (path === layout.archive) await store.discardFile(path);
    } catch (err) {
      await ingest.discard();
      await file.fh.close();
      throw err;
    }
  }
  log.info('output dir: no verified copy');
  return undefined;
}

/**
 * An archive in the output dir, opened, when it may be read: a regular file of this user's that
 * no one else can write. One at our own name that may not is moved away (another is put there
 * next); one at the other tool's name is left alone.
 */
async function openKept(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  path: string,
): Promise<OpenedFile | undefined> {
  const ours = path === layout.archive;
  let file: OpenedFile;
  try {
    file = await openArchiveFile(path, { maxBytes: req.maxBytes });
  } catch (err) {
    if (err instanceof UnusableFile && /ENOENT/.test(err.why)) return undefined;
    req.log.warn(`output dir: ${errorMessage(err)}; ${ours ? 'replacing it' : 'not using it'}`);
    if (ours) await store.discardFile(path);
    return undefined;
  }
  const problem = trustProblem(file.st, store.uid, 'file');
  if (!problem) return file;
  await file.fh.close();
  req.log.warn(`output dir: ${path} ${problem}; ${ours ? 'replacing it' : 'not using it'}`);
  if (ours) await store.discardFile(path);
  return undefined;
}

/** Whether the file was written to since it was opened (its ctime moved): its hash says nothing. */
async function changedSince(file: OpenedFile): Promise<boolean> {
  const now = await file.fh.stat({ bigint: true });
  return now.ctimeNs !== file.st.ctimeNs || now.size !== file.st.size;
}

/**
 * The archive beside an unchanged tree, when it may still be handed out: the very file last
 * verified (same stamp), one that changed stamp but still hashes to the digest (returned open,
 * to be stamped again), or none at all. Undefined when our archive no longer matches: it is
 * moved away, so that the layers below put a verified one back.
 */
async function keptArchive(
  req: PullRequest,
  store: Store,
  layout: ImageLayout,
  record: TreeRecord,
): Promise<Kept | undefined> {
  for (const path of layout.archiveNames) {
    const st = await lstat(path, { bigint: true }).catch(() => undefined);
    if (!st) continue;
    if (st.isFile() && sameStamp(stamp(basename(path), st), record.archive)) return { archive: path };
    const file = await openKept(req, store, layout, path);
    if (!file) {
      if (path === layout.archive) return undefined;
      continue;
    }
    if ((await hashOpened(file)) === req.entry.sha256 && !(await changedSince(file))) {
      return { archive: path, held: file.fh };
    }
    await file.fh.close();
    if (path !== layout.archive) continue;
    req.log.warn(
      `output dir: ${path} was changed since it was verified and no longer matches its digest; restoring it`,
    );
    await store.discardFile(path);
    return undefined;
  }
  // No archive beside the tree (never one, or removed since): the tree alone is the image.
  return { archive: '' };
}

async function hashOpened(file: OpenedFile): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of file.fh.createReadStream({
    highWaterMark: 1024 * 1024,
    autoClose: false,
    start: 0,
  }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
