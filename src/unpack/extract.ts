import { mkdir } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { decompressInto, sniffCompression, SNIFF_BYTES, writeCallbackMeansConsumed } from './decompress.js';
import { removeTree } from '../storage/remove-tree.js';
import { entryProblem, linkProblem } from './entry-safety.js';
import { normalizeRel, TreeWriter } from './tree-writer.js';

export interface ExtractOptions {
  log: Log;
  /** Cap on the bytes the archive may unpack to (a decompression bomb stops here). */
  maxBytes?: number;
  /** For messages: which archive this is. */
  label: string;
}

export interface ExtractStats {
  files: number;
  bytes: number;
}

/**
 * Unpacks a tar stream fed chunk by chunk (while it downloads) into a private dir (`dir`, in the
 * store's staging), which the store puts in place once the caller has checked the digest;
 * `abort` removes every trace. Entries that would land outside the dir (absolute paths, `..`,
 * links pointing out) fail the whole extraction: an archive that tries this is not trusted for
 * its other files either.
 *
 * The checks run on bytes whose digest is not known yet (extraction overlaps the download), so
 * they must hold for any archive at all, not only for the registry's. Three layers:
 * - `entryProblem`, per header: absolute names, `..` in a name, names or link targets more than
 *   `MAX_PATH_DEPTH` deep, links whose target, read as a path, leaves the root;
 * - `TreeWriter`, per entry on disk: refuses to write or link through a symlink already there,
 *   and creates files without following anything at their name;
 * - `linkProblem`, once the tree is complete: each symlink is followed through the links it
 *   passes, as the kernel would. `d/b -> ..` followed by `a -> d/b/..` passes the first two
 *   layers (each target, read as a path, stays inside; `a` is written before or after `d/b`
 *   exists) and yet `a` leads to the target's parent.
 * setuid and setgid bits are dropped: nothing in a guest image needs them on the host.
 */
export class StreamExtractor {
  private head: Buffer[] = [];
  private headBytes = 0;
  private input?: Writable;
  /** Whether a write's callback means the decompressor is done with the chunk (see `push`). */
  private releasesOnWrite = false;
  private parser?: Parser;
  private writer?: TreeWriter;
  private done?: Promise<void>;
  private failure?: Error;
  private skipped: string[] = [];
  private symlinks: string[] = [];
  readonly stats: ExtractStats = { files: 0, bytes: 0 };

  private constructor(
    /** Where the tree is built: a fresh private path. */
    readonly tempDir: string,
    private readonly opts: ExtractOptions,
  ) {}

  static async create(dir: string, opts: ExtractOptions): Promise<StreamExtractor> {
    const ex = new StreamExtractor(dir, opts);
    // Never writable by others, whatever the umask: the next pull trusts only such a tree.
    await mkdir(ex.tempDir, { recursive: true, mode: 0o755 });
    return ex;
  }

  /**
   * Feeds bytes; resolves when the pipeline can take more. `release`, if given, is called once
   * `chunk` is never read again (the decompressor has consumed it, or it was copied), which
   * may be after this resolves; never, if the extraction fails first.
   */
  async write(chunk: Buffer, release?: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.input) {
      // Wait for enough bytes to tell the compression from its magic number; kept as a copy.
      this.head.push(Buffer.from(chunk));
      this.headBytes += chunk.length;
      release?.();
      if (this.headBytes < SNIFF_BYTES) return;
      this.start();
      const first = Buffer.concat(this.head);
      this.head = [];
      return this.push(first);
    }
    return this.push(chunk, release);
  }

  /** Ends the input and waits until every file is on disk. */
  async finish(): Promise<ExtractStats> {
    if (!this.input) this.start();
    if (this.head.length > 0) {
      await this.push(Buffer.concat(this.head));
      this.head = [];
    }
    this.input!.end();
    try {
      await this.done;
    } catch (err) {
      throw this.wrap(err);
    }
    if (this.failure) throw this.failure;
    if (this.skipped.length > 0) {
      this.opts.log.warn(
        `${this.opts.label}: skipped ${this.skipped.length} device or special entries: ${this.skipped.slice(0, 5).join(', ')}`,
      );
    }
    return this.stats;
  }

  /** Stops and removes the partial tree. Safe to call more than once. */
  async abort(): Promise<void> {
    this.failure ??= new UserError(`${this.opts.label}: extraction aborted`);
    this.input?.destroy();
    this.parser?.abort(this.failure);
    await this.done?.catch(() => undefined);
    // Once the writer has stopped, everything it started has landed or failed, and it starts
    // nothing more: the tree can be removed in one go.
    await this.writer?.stop();
    try {
      await removeTree(this.tempDir);
    } catch (err) {
      // Never hide the error that made us abort; a later run sweeps the staging dir.
      this.opts.log.warn(`could not remove ${this.tempDir}: ${errorMessage(err)}`);
    }
  }

  private start(): void {
    const head = Buffer.concat(this.head);
    // node-tar reads the tar format; TreeWriter puts the entries on disk (tree-writer.ts).
    const parser = new Parser({ strict: true });
    const writer = new TreeWriter(this.tempDir, {
      label: this.opts.label,
      onError: (err) => this.fail(err),
      beforeModes: () => this.checkLinks(),
    });
    this.parser = parser;
    this.writer = writer;
    parser.on('entry', (entry: ReadEntry) => {
      // Where it lands (`a/.` and `./a/` are `a`); only meaningful once `check` has refused `..`.
      const rel = normalizeRel(entry.path);
      if (this.failure || !this.check(entry.path, rel, entry)) return void entry.resume();
      writer.add(entry, rel);
    });
    const kind = sniffCompression(head);
    const input = decompressInto(kind, parser as unknown as NodeJS.WritableStream);
    this.input = input;
    this.releasesOnWrite = writeCallbackMeansConsumed(kind);
    this.done = new Promise<void>((resolveDone, reject) => {
      parser.on('end', () => writer.finish().then(resolveDone, reject));
      parser.on('error', (err: Error) => reject(err));
      input.on('error', (err: Error) => {
        reject(err);
        parser.abort(err);
      });
    });
    this.done.catch(() => undefined);
  }

  private async push(chunk: Buffer, release?: () => void): Promise<void> {
    const input = this.input!;
    // Released only where the write's callback says the decompressor is done with the chunk.
    const done = this.releasesOnWrite ? release : undefined;
    const ok = input.write(chunk, (err) => {
      if (!err) done?.();
    });
    if (!ok) {
      await new Promise<void>((res, rej) => {
        const onDrain = (): void => {
          input.off('error', onError);
          res();
        };
        const onError = (err: Error): void => {
          input.off('drain', onDrain);
          rej(this.wrap(err));
        };
        input.once('drain', onDrain);
        input.once('error', onError);
        // A failed pipeline (refused entry, bad data, input already dead) never drains again.
        this.done?.catch((err: unknown) => rej(this.wrap(err)));
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Decides per entry; a refusal aborts the whole extraction. */
  private check(path: string, rel: string, entry: ReadEntry): boolean {
    const problem = entryProblem(path, entry);
    if (problem) {
      this.fail(new UserError(`${this.opts.label}: refusing unsafe archive entry '${path}': ${problem}`));
      return false;
    }
    if (['CharacterDevice', 'BlockDevice', 'FIFO', 'ContiguousFile'].includes(entry.type)) {
      this.skipped.push(path);
      return false;
    }
    // By where it lands, so that the final check examines the link itself.
    if (entry.type === 'SymbolicLink' && rel !== '') this.symlinks.push(rel);
    if (typeof entry.mode === 'number') entry.mode &= ~0o6000;
    if (entry.type === 'File' || entry.type === 'OldFile') {
      this.stats.files++;
      this.stats.bytes += entry.size ?? 0;
      if (this.opts.maxBytes !== undefined && this.stats.bytes > this.opts.maxBytes) {
        this.fail(
          new UserError(`${this.opts.label}: unpacks to more than ${this.opts.maxBytes} bytes; stopped`, {
            setting: 'max-size',
          }),
        );
        return false;
      }
    }
    return true;
  }

  /** Follows every symlink through the complete tree (see `linkProblem`); throws on the first unsafe one. */
  private async checkLinks(): Promise<void> {
    for (const link of this.symlinks) {
      const problem = await linkProblem(this.tempDir, link);
      if (problem) {
        throw new UserError(`${this.opts.label}: refusing unsafe archive entry '${link}': ${problem}`);
      }
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = this.wrap(err);
    this.parser?.abort(this.failure);
    void this.writer?.stop();
  }

  private wrap(err: unknown): Error {
    if (this.failure) return this.failure;
    if (err instanceof UserError) return err;
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC')
      return new UserError(`${this.opts.label}: no space left on the device while extracting`, {
        cause: err,
      });
    // node-tar's own refusals carry the entry; name it rather than print a bare TAR_ code.
    const entryPath = (err as { entry?: { path?: string } })?.entry?.path;
    if (code?.startsWith('TAR_') && entryPath !== undefined) {
      const why = errorMessage(err).replace(/^TAR_[A-Z_]+: /, '');
      return new UserError(`${this.opts.label}: refusing archive entry '${entryPath}': ${why}`);
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return new UserError(
        `${this.opts.label}: the archive is not valid compressed data (${errorMessage(err)})`,
      );
    }
    return new UserError(`${this.opts.label}: extraction failed: ${errorMessage(err)}`, { cause: err });
  }
}
