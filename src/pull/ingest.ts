import { link, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { humanBytes } from '../core/format.js';
import type { ImageLayout } from '../storage/layout.js';
import { openArchiveFile, UnusableFile, type OpenedFile } from '../storage/open-file.js';
import type { Store } from '../storage/store.js';
import type { TreeRecord } from '../storage/tree-record.js';
import type { StreamExtractor } from '../unpack/extract.js';
import { Tee, type ByteSink } from '../unpack/tee.js';
import type { PullRequest } from './request.js';

/** What a verified ingest left: the archive's path and a handle on its bytes, and the tree's record. */
export interface Ingested {
  /** The archive in the output dir. */
  archive: string;
  /** Open on the very file whose bytes were verified, so the store stamps that file and no other. */
  held: FileHandle;
  /** The extracted tree's record, when extracting. */
  record?: TreeRecord;
}

/**
 * One attempt at taking an image from one place: its bytes pass once through the tee (hash,
 * a private copy in the store's staging when one is needed, the extractor), and nothing reaches
 * a final name before the digest matched. `discard` removes every trace of a failed attempt.
 */
export class Ingest {
  readonly tee: Tee;
  private constructor(
    private readonly req: PullRequest,
    private readonly store: Store,
    private readonly layout: ImageLayout,
    /** The private copy (or link) of the archive, in staging; undefined when read in place. */
    readonly part: string | undefined,
    /** Whether `part` is written by the tee (a copy) rather than already there (a link). */
    copying: boolean,
    private readonly sink: ExtractionSink | undefined,
  ) {
    this.tee = new Tee(copying ? part : undefined, sink, { maxBytes: req.maxBytes });
  }

  static async start(
    req: PullRequest,
    store: Store,
    layout: ImageLayout,
    part: { path: string; copying: boolean } | undefined,
  ): Promise<Ingest> {
    const sink = req.extract ? new ExtractionSink(store, layout.extractDir, req) : undefined;
    return new Ingest(req, store, layout, part?.path, part?.copying ?? false, sink);
  }

  /**
   * Feeds a whole open file through the tee. A read that fails is the file's fault (an
   * `UnusableFile`, for the next layer to be tried); a write that fails is the output dir's.
   */
  async readFile(file: OpenedFile): Promise<void> {
    const chunks = file.fh.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false, start: 0 });
    const it = chunks[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await it.next();
      } catch (err) {
        throw new UnusableFile(
          file.path,
          `could not be read (${(err as NodeJS.ErrnoException).code ?? err})`,
        );
      }
      if (next.done) return;
      await this.tee.push(next.value);
    }
  }

  /** The digest of every byte pushed (the part file complete on disk). */
  finish(): Promise<string> {
    return this.tee.finish();
  }

  /**
   * Puts the verified bytes in place: the private copy renamed to the archive's name (unless the
   * archive was read in place, at `inPlace`), then the tree. When the tree cannot be put in
   * place, the archive goes too, so that `cargo xtask image` never trusts one that did not
   * extract. `afterArchive` runs once the archive has its final name (an Actions cache save).
   */
  async commit(inPlace?: OpenedFile, afterArchive?: (archive: string) => void): Promise<Ingested> {
    let archive: string;
    let held: FileHandle;
    if (inPlace) {
      archive = inPlace.path;
      held = inPlace.fh;
    } else {
      held = await open(this.part!, 'r');
      try {
        await rename(this.part!, this.layout.archive);
      } catch (err) {
        await held.close();
        throw err;
      }
      archive = this.layout.archive;
    }
    afterArchive?.(archive);
    try {
      const record = this.sink ? await this.sink.commit(this.req.entry.sha256) : undefined;
      return { archive, held, record };
    } catch (err) {
      if (!inPlace) {
        await held.close();
        await rm(archive, { force: true });
      }
      throw err;
    }
  }

  /** Removes the private copy and the partial tree. */
  async discard(): Promise<void> {
    await Promise.all([
      this.tee.discard(),
      this.sink?.abort(),
      this.part ? rm(this.part, { force: true }) : undefined,
    ]);
  }
}

/**
 * Reads an archive file that is not ours to rename (a cache entry, a local file the registry
 * names) into a private copy in staging. A file of this user's is hard-linked instead, and the
 * link is what is read: the bytes hashed are those of the file committed, whatever happens to
 * the name it was found under meanwhile.
 */
export async function openForCopy(
  store: Store,
  file: OpenedFile,
  mayLink: boolean,
): Promise<{ part: string; copying: boolean; source: OpenedFile }> {
  const part = await store.temp('archive');
  if (mayLink && file.st.uid === BigInt(store.uid)) {
    const linked = await link(file.path, part).then(
      () => true,
      () => false,
    );
    if (linked) {
      const source = await openArchiveFile(part).catch(async (err: unknown) => {
        await rm(part, { force: true });
        throw err;
      });
      // The name may have been swapped between the open and the link: read what was linked.
      await file.fh.close();
      return { part, copying: false, source };
    }
  }
  return { part, copying: true, source: file };
}

/** Feeds the extractor and starts a fresh one when the source starts over. */
class ExtractionSink implements ByteSink {
  private current?: Promise<StreamExtractor>;
  constructor(
    private readonly store: Store,
    private readonly target: string,
    private readonly req: PullRequest,
  ) {}
  private extractor(): Promise<StreamExtractor> {
    // Loaded when a pull first extracts: a repeat pull, whose tree is already in place, never
    // loads node-tar (the largest part of the bundle's start-up after undici; docs/benchmarks.md).
    this.current ??= Promise.all([this.store.temp('tree'), import('../unpack/extract.js')]).then(([dir, m]) =>
      m.StreamExtractor.create(dir, {
        log: this.req.log,
        maxBytes: this.req.maxBytes,
        label: `${this.req.entry.name}:${this.req.entry.version}`,
      }),
    );
    return this.current;
  }
  async write(chunk: Buffer, release?: () => void): Promise<void> {
    await (await this.extractor()).write(chunk, release);
  }
  async reset(): Promise<void> {
    await this.abort();
  }
  async commit(sha256: string): Promise<TreeRecord> {
    const ex = await this.extractor();
    const stats = await ex.finish();
    const record = await this.store.commitTree(ex.tempDir, this.target, sha256);
    this.req.log.info(`extracted ${stats.files} files, ${humanBytes(stats.bytes)}, into ${this.target}`);
    return record;
  }
  async abort(): Promise<void> {
    const ex = this.current;
    this.current = undefined;
    if (ex) await (await ex.catch(() => undefined))?.abort();
  }
}
