import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, lstat, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChecksumError, UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { ImageSpec } from '../registry/spec.js';
import type { AuthPolicy } from '../net/http.js';
import type { RetryPolicy } from '../net/retry.js';
import type { ImageEntry } from '../registry/types.js';
import { download } from './download.js';
import { humanBytes } from '../core/format.js';
import { StreamExtractor } from './extract.js';
import { classifyFiles, type ImageFiles } from './image-files.js';
import { currentUid, trustProblem } from '../storage/trust.js';
import {
  checkTree,
  readRecord,
  recordedFiles,
  sameStamp,
  scanTree,
  stampFile,
  writeRecord,
  type Stamp,
  type TreeRecord,
} from './tree-record.js';
import { archiveExtension, imageLayout, tempSibling, type ImageLayout } from '../storage/layout.js';
import { removeTree } from '../storage/remove-tree.js';
import { prepareOutputDir } from './output-dir.js';
import { removeStaleTemps } from './stale.js';
import { Tee, type ByteSink } from './tee.js';
import type { ToolCache } from './tool-cache.js';

/** The GitHub Actions cache, as the pull needs it. Implementations never throw: trouble is a warning. */
export interface ArchiveCache {
  /** Restores the archive with this digest; resolves to its path, or undefined on a miss. */
  restore(sha256: string): Promise<string | undefined>;
  /** Saves a verified archive under its digest. */
  save(sha256: string, archivePath: string, extension: string): Promise<void>;
  /** Asks whether an entry exists, downloading nothing. */
  exists(sha256: string): Promise<boolean>;
  /** Removes what `restore` left on disk, given the path it returned (each restore has its own). */
  cleanup(restored: string): Promise<void>;
}

export type Source = 'local' | 'tool-cache' | 'actions-cache' | 'download';

export interface PullRequest {
  entry: ImageEntry;
  spec: ImageSpec;
  outputDir: string;
  extract: boolean;
  toolCache?: ToolCache;
  actionsCache?: ArchiveCache;
  retry: RetryPolicy;
  log: Log;
  auth?: AuthPolicy;
  stallMs?: number;
  /** Cap on extracted bytes. */
  maxBytes?: number;
  /** Stops a download (Ctrl-C): the pull then removes its temp files and throws the reason. */
  signal?: AbortSignal;
}

export interface PullResult {
  entry: ImageEntry;
  layout: ImageLayout;
  /** The extracted dir, or the archive when not extracting. */
  path: string;
  /** The archive's path, or '' when only the extracted dir is there. */
  archive: string;
  source: Source;
  /** True when nothing was downloaded. */
  cacheHit: boolean;
  files: ImageFiles;
  archiveBytes: number;
  ms: number;
  /** Settles when the Actions cache save started after a download has ended (never rejects). */
  saved: Promise<void>;
}

/**
 * Gets one verified image into the output dir from the fastest layer that has it: the output
 * dir itself, the runner's tool cache, the Actions cache, and only then the network. Bytes from
 * anywhere but an already-extracted tree are hashed in the same pass that extracts them.
 */
export async function pullImage(req: PullRequest): Promise<PullResult> {
  req.signal?.throwIfAborted();
  const started = Date.now();
  const { entry, log } = req;
  const uid = currentUid();
  const layout = imageLayout(req.outputDir, req.spec, entry);
  const ext = archiveExtension(entry.url);
  await prepareOutputDir(req.outputDir);
  const stale = await removeStaleTemps(req.outputDir);
  if (stale.length > 0)
    log.info(`removed ${stale.length} leftover temp files of an interrupted run: ${stale.join(', ')}`);

  const finish = async (
    source: Source,
    saved: Promise<void> = Promise.resolve(),
    kept?: TreeRecord,
  ): Promise<PullResult> => {
    const archiveSt = await stat(layout.archive).catch(() => undefined);
    const record = req.extract ? (kept ?? (await stampArchive(req, layout))) : undefined;
    const files = record ? classifyFiles(recordedFiles(record.entries), entry.arch) : { files: [] };
    return {
      entry,
      layout,
      path: req.extract ? layout.extractDir : layout.archive,
      archive: archiveSt?.isFile() ? layout.archive : '',
      source,
      cacheHit: source !== 'download',
      files,
      archiveBytes: archiveSt?.size ?? 0,
      ms: Date.now() - started,
      saved,
    };
  };

  // 1. The output dir: a tree exactly as extracted from these very bytes, or the archive itself.
  if (req.extract) {
    const tree = await checkTree(layout.extractDir, entry.sha256, uid);
    if (tree.ok) {
      const archive = await checkKeptArchive(req, layout, tree.record.archive);
      if (archive !== 'bad') {
        log.info(
          `output dir: ${layout.extractDir} is as extracted (${tree.record.entries.length} entries unchanged)`,
        );
        return finish('local', undefined, archive === 'unchanged' ? tree.record : undefined);
      }
    } else if (!tree.absent) {
      log.warn(`output dir: ${layout.extractDir} ${tree.why}; extracting it again from a verified copy`);
      // Out of the way now: whatever comes next, it is never handed back, nor kept as "the same
      // image" by a commit.
      await discardTree(layout.extractDir, log);
    }
  }
  const kept = await lstat(layout.archive).catch(() => undefined);
  const keptProblem = kept && trustProblem(kept, uid, 'file');
  if (keptProblem) {
    log.warn(`output dir: ${layout.archive} ${keptProblem}; not using it`);
    await removeName(layout.archive);
  } else if (kept) {
    const found = await tryCopy(req, layout, layout.archive, false);
    if (found === 'verified') {
      log.info(`output dir: ${layout.archive} verified`);
      return finish('local');
    }
    const why = found === 'mismatch' ? "does not match the registry's digest" : found;
    log.warn(`output dir: ${layout.archive} ${why}; fetching it again`);
    await rm(layout.archive, { force: true });
  } else {
    log.info('output dir: no verified copy');
  }

  // 2. The runner's tool cache.
  if (req.toolCache) {
    const cached = await req.toolCache.find(entry.sha256);
    if (cached) {
      const found = await tryCopy(req, layout, cached, 'link-or-copy');
      if (found === 'verified') {
        log.info(`tool cache: hit at ${cached}`);
        return finish('tool-cache');
      }
      log.warn(
        `tool cache: ${cached} ${found === 'mismatch' ? 'does not match its digest' : found}; removing it`,
      );
      await req.toolCache.evict(entry.sha256);
    } else {
      log.info(`tool cache: miss (${req.toolCache.entryDir(entry.sha256)})`);
    }
  }

  // 3. The Actions cache.
  if (req.actionsCache) {
    const restored = await req.actionsCache.restore(entry.sha256);
    if (restored) {
      try {
        const found = await tryCopy(req, layout, restored, 'link-or-copy');
        if (found === 'verified') {
          log.info('actions cache: hit, bytes verified');
          await putToolCache(req, layout.archive, ext);
          return finish('actions-cache');
        }
        const why = found === 'mismatch' ? 'does not match its digest' : found;
        log.warn(`actions cache: the entry for ${entry.sha256} ${why}; ignoring it`);
      } finally {
        await req.actionsCache.cleanup(restored);
      }
    }
  }

  // 4. The network (or, for a local registry, a file it names).
  if (new URL(entry.url).protocol === 'file:') return copyFromFileUrl(req, layout, finish);
  const partPath = tempSibling(layout.archive, 'part');
  const sink = req.extract ? new ExtractionSink(layout.extractDir, req) : undefined;
  const tee = new Tee(partPath, sink, { maxBytes: req.maxBytes });
  let saved: Promise<void>;
  try {
    if (new URL(entry.url).protocol === 'http:') {
      log.warn(`${entry.url} is plain http; the SHA-256 digest still guards the bytes`);
    }
    const stats = await download(tee, {
      url: entry.url,
      retry: req.retry,
      log,
      auth: req.auth,
      stallMs: req.stallMs,
      maxBytes: req.maxBytes,
      signal: req.signal,
    });
    const digest = await tee.finish();
    if (digest !== entry.sha256) throw new ChecksumError(entry.url, entry.sha256, digest);
    await rename(partPath, layout.archive);
    log.info(`verified ${humanBytes(stats.bytes)} (sha256 ${entry.sha256})`);
    // The archive is final: cache it while extraction catches up.
    saved = req.actionsCache
      ? req.actionsCache.save(entry.sha256, layout.archive, ext).catch((err: unknown) => {
          log.warn(`actions cache: save failed: ${errorMessage(err)}`);
        })
      : Promise.resolve();
    if (sink) await sink.commit(entry.sha256);
  } catch (err) {
    await Promise.all([tee.discard(), sink?.abort(), rm(layout.archive, { force: true })]);
    throw err;
  }
  await putToolCache(req, layout.archive, ext);
  return finish('download', saved);
}

/** Whether a file taken in is put into the output dir: not (it is already there), or copied. */
type Copy = false | 'copy' | 'link-or-copy';

/**
 * Tries a copy the pull did not just download. A copy that does not hash to the digest, or that
 * cannot be read (another job evicted it, a permission differs), is not an error: the caller
 * moves on to the next layer. Refused entries and a full disk still fail the pull.
 */
async function tryCopy(
  req: PullRequest,
  layout: ImageLayout,
  file: string,
  copy: Copy,
): Promise<'verified' | 'mismatch' | string> {
  try {
    const { verified } = await ingestFile(req, layout, file, copy);
    return verified ? 'verified' : 'mismatch';
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.path === file && (e.syscall === 'open' || e.syscall === 'read')) {
      return `could not be read (${e.code ?? e.message})`;
    }
    throw err;
  }
}

/** An image URL that is a local file: read like a download, verified the same way. */
async function copyFromFileUrl(
  req: PullRequest,
  layout: ImageLayout,
  finish: (source: Source) => Promise<PullResult>,
): Promise<PullResult> {
  const path = fileURLToPath(req.entry.url);
  const what = `image ${req.entry.name}:${req.entry.version}: ${path} (from ${req.entry.source})`;
  // Only a regular file: a FIFO would hang the read and a device such as /dev/zero never ends.
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new UserError(`${what} is not a readable file`);
  if (!st.isFile()) throw new UserError(`${what} is not a regular file`);
  if (req.maxBytes !== undefined && st.size > req.maxBytes) {
    throw new UserError(`${what} is ${st.size} bytes, over the ${req.maxBytes}-byte limit`, {
      setting: 'max-size',
    });
  }
  // Copied, not linked: the file is the user's, and may be rewritten in place.
  const { verified, digest } = await ingestFile(req, layout, path, 'copy');
  if (!verified) throw new ChecksumError(req.entry.url, req.entry.sha256, digest);
  req.log.info(`verified ${path}`);
  await putToolCache(req, layout.archive, archiveExtension(req.entry.url));
  return finish('download');
}

/**
 * Reads an archive file once: hash, copy into the output dir (when it comes from a cache) and
 * extract, all in the same pass. On a digest mismatch nothing is left behind. The archive is
 * moved into the output dir only after extraction succeeded, so an archive that extraction
 * refused is not left where `cargo xtask image` would trust it.
 */
async function ingestFile(
  req: PullRequest,
  layout: ImageLayout,
  file: string,
  copy: Copy,
): Promise<{ verified: boolean; digest: string }> {
  const partPath = copy ? tempSibling(layout.archive, 'part') : undefined;
  // From a cache, the copy is a hard link where it can be: the very bytes hashed below, none of
  // them written again. Neither name is ever written in place (our files are replaced by a
  // rename), and bytes from a cache are hashed on every use. Otherwise the tee copies them.
  // Only a file of this user's is shared: another user could rewrite theirs in place.
  const linked =
    copy === 'link-or-copy' &&
    (await lstat(file).then(
      (st) => st.uid === currentUid(),
      () => false,
    )) &&
    (await link(file, partPath!).then(
      () => true,
      () => false,
    ));
  const sink = req.extract ? new ExtractionSink(layout.extractDir, req) : undefined;
  const tee = new Tee(linked ? undefined : partPath, sink);
  const discard = async (): Promise<void> => {
    await Promise.all([tee.discard(), sink?.abort(), linked ? rm(partPath!, { force: true }) : undefined]);
  };
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      await tee.push(chunk as Buffer);
    }
    const digest = await tee.finish();
    if (digest !== req.entry.sha256) {
      await discard();
      return { verified: false, digest };
    }
    if (sink) await sink.commit(req.entry.sha256);
    if (partPath) {
      await rename(partPath, layout.archive);
      // When another pull already linked the same cached file there, the rename is a no-op
      // that keeps both names (POSIX): the link must then be removed by hand.
      if (linked) await rm(partPath, { force: true });
    }
    return { verified: true, digest };
  } catch (err) {
    await discard();
    throw err;
  }
}

async function putToolCache(req: PullRequest, archive: string, ext: string): Promise<void> {
  if (!req.toolCache) return;
  try {
    await req.toolCache.put(req.entry.sha256, archive, ext);
    req.log.info(`tool cache: stored at ${req.toolCache.entryDir(req.entry.sha256)}`);
  } catch (err) {
    req.log.warn(`tool cache: could not store the archive: ${errorMessage(err)}`);
  }
}

/** Feeds the extractor and starts a fresh one when the source starts over. */
class ExtractionSink implements ByteSink {
  private current?: Promise<StreamExtractor>;
  constructor(
    private readonly target: string,
    private readonly req: PullRequest,
  ) {}
  private extractor(): Promise<StreamExtractor> {
    this.current ??= StreamExtractor.create(this.target, {
      log: this.req.log,
      maxBytes: this.req.maxBytes,
      label: `${this.req.entry.name}:${this.req.entry.version}`,
    });
    return this.current;
  }
  async write(chunk: Buffer, release?: () => void): Promise<void> {
    await (await this.extractor()).write(chunk, release);
  }
  async reset(): Promise<void> {
    await this.abort();
  }
  async commit(sha256: string): Promise<void> {
    const ex = await this.extractor();
    const stats = await ex.finish();
    await ex.commit(sha256);
    this.req.log.info(`extracted ${stats.files} files, ${humanBytes(stats.bytes)}, into ${this.target}`);
  }
  async abort(): Promise<void> {
    const ex = this.current;
    this.current = undefined;
    if (ex) await (await ex).abort();
  }
}

/**
 * Whether the archive kept beside an unchanged tree can still be handed out: `unchanged` when it
 * is the very file last verified (same stamp) or still absent, `restamp` when it changed stamp
 * but still hashes to the digest (or went away), `bad` when it no longer matches (removed here,
 * so that the layers below restore it).
 */
async function checkKeptArchive(
  req: PullRequest,
  layout: ImageLayout,
  recorded: Stamp | undefined,
): Promise<'unchanged' | 'restamp' | 'bad'> {
  const st = await lstat(layout.archive).catch(() => undefined);
  if (!st) return recorded ? 'restamp' : 'unchanged';
  const problem = trustProblem(st, currentUid(), 'file');
  if (!problem && sameStamp(await stampFile(layout.archive, basename(layout.archive)), recorded)) {
    return 'unchanged';
  }
  if (!problem && (await hashFile(layout.archive)) === req.entry.sha256) return 'restamp';
  req.log.warn(
    `output dir: ${layout.archive} ${problem ?? 'was changed since it was verified and no longer matches its digest'}; restoring it`,
  );
  await removeName(layout.archive);
  return 'bad';
}

/**
 * Adds the archive's stamp to the record of the tree in place (written by the extraction), so
 * the next pull can trust the archive without hashing it; returns the record, for the outputs.
 * The archive is stamped last, once the tool cache has linked it (a link moves its ctime).
 */
async function stampArchive(req: PullRequest, layout: ImageLayout): Promise<TreeRecord> {
  const root = layout.extractDir;
  const record = await readRecord(root, req.entry.sha256, currentUid());
  if ('why' in record) {
    // Not ours to record (another run's tree, replaced meanwhile): list it as it is.
    req.log.debug(`output dir: ${root} has ${record.why}`);
    return { entries: (await scanTree(root)).entries };
  }
  const archive = await stampFile(layout.archive, basename(layout.archive));
  if (!sameStamp(archive, record.archive) && (archive || record.archive)) {
    try {
      await writeRecord(root, req.entry.sha256, { entries: record.entries, archive });
    } catch (err) {
      req.log.warn(
        `output dir: could not record ${layout.archive} (${errorMessage(err)}); the next pull hashes it again`,
      );
    }
  }
  return record;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Moves a tree that may not be reused out of its name, then removes it. What cannot be removed
 * (another user's files) stays under a temp name that later runs try again, never in the way.
 */
async function discardTree(dir: string, log: Log): Promise<void> {
  const doomed = tempSibling(dir, 'old');
  try {
    await rename(dir, doomed);
  } catch (err) {
    throw new UserError(`cannot move ${dir} out of the way: ${errorMessage(err)}`);
  }
  await removeTree(doomed).catch((err: unknown) =>
    log.warn(`could not remove ${doomed}: ${errorMessage(err)}`),
  );
}

/** Removes whatever is at a name of ours in the output dir, a planted dir included. */
async function removeName(path: string): Promise<void> {
  try {
    await removeTree(path);
  } catch (err) {
    throw new UserError(`cannot remove ${path}, which is in the way: ${errorMessage(err)}`);
  }
}
