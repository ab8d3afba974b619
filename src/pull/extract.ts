import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { Unpack, type ReadEntry } from 'tar';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { createDecompressor, sniffCompression, SNIFF_BYTES } from './decompress.js';
import { MARKER_FILE, tempSibling } from './layout.js';

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
 * Unpacks a tar stream fed chunk by chunk (while it downloads) into a private dir beside the
 * target. Nothing appears at the target until `commit`, after the caller has checked the digest;
 * `abort` removes every trace. Entries that would land outside the target (absolute paths, `..`,
 * links pointing out) fail the whole extraction: an archive that tries this is not trusted for
 * its other files either.
 */
export class StreamExtractor {
  readonly tempDir: string;
  private head: Buffer[] = [];
  private headBytes = 0;
  private input?: Duplex;
  private unpack?: Unpack;
  private done?: Promise<void>;
  private failure?: Error;
  private skipped: string[] = [];
  readonly stats: ExtractStats = { files: 0, bytes: 0 };

  private constructor(
    readonly target: string,
    private readonly opts: ExtractOptions,
  ) {
    this.tempDir = tempSibling(target, 'partial');
  }

  static async create(target: string, opts: ExtractOptions): Promise<StreamExtractor> {
    const ex = new StreamExtractor(target, opts);
    await mkdir(ex.tempDir, { recursive: true });
    return ex;
  }

  /** Feeds bytes; resolves when the pipeline can take more. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.input) {
      // Wait for enough bytes to tell the compression from its magic number.
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return;
      this.start();
      const first = Buffer.concat(this.head);
      this.head = [];
      return this.push(first);
    }
    return this.push(chunk);
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

  /** Writes the marker and moves the finished tree into place, replacing what was there. */
  async commit(sha256: string): Promise<void> {
    await writeFile(join(this.tempDir, MARKER_FILE), `${sha256}\n`);
    await replaceDir(this.tempDir, this.target, sha256);
  }

  /** Stops and removes the partial tree. Safe to call more than once. */
  async abort(): Promise<void> {
    this.failure ??= new UserError(`${this.opts.label}: extraction aborted`);
    this.input?.destroy();
    this.unpack?.abort(this.failure);
    await this.done?.catch(() => undefined);
    await rm(this.tempDir, { recursive: true, force: true });
  }

  private start(): void {
    const head = Buffer.concat(this.head);
    this.input = createDecompressor(sniffCompression(head));
    const unpack = new Unpack({
      cwd: this.tempDir,
      strict: true,
      // Root on a runner would otherwise chown every file to the uid in the archive.
      preserveOwner: false,
      filter: (path: string, entry: unknown) => this.check(path, entry as ReadEntry),
    });
    this.unpack = unpack;
    this.done = new Promise<void>((resolveDone, reject) => {
      unpack.on('finish', () => resolveDone());
      unpack.on('error', (err: Error) => reject(err));
      this.input!.on('error', (err: Error) => {
        reject(err);
        unpack.abort(err);
      });
    });
    this.done.catch(() => undefined);
    this.input.pipe(unpack as unknown as NodeJS.WritableStream);
  }

  private async push(chunk: Buffer): Promise<void> {
    const input = this.input!;
    if (!input.write(chunk)) {
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
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Decides per entry; a refusal aborts the whole extraction. */
  private check(path: string, entry: ReadEntry): boolean {
    const problem = entryProblem(path, entry);
    if (problem) {
      this.fail(new UserError(`${this.opts.label}: refusing unsafe archive entry '${path}': ${problem}`));
      return false;
    }
    if (['CharacterDevice', 'BlockDevice', 'FIFO', 'ContiguousFile'].includes(entry.type)) {
      this.skipped.push(path);
      return false;
    }
    if (entry.type === 'File' || entry.type === 'OldFile') {
      this.stats.files++;
      this.stats.bytes += entry.size ?? 0;
      if (this.opts.maxBytes !== undefined && this.stats.bytes > this.opts.maxBytes) {
        this.fail(
          new UserError(
            `${this.opts.label}: unpacks to more than ${this.opts.maxBytes} bytes (input 'max-size'); stopped`,
          ),
        );
        return false;
      }
    }
    return true;
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.unpack?.abort(err);
  }

  private wrap(err: unknown): Error {
    if (this.failure) return this.failure;
    if (err instanceof UserError) return err;
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC')
      return new UserError(`${this.opts.label}: no space left on the device while extracting`);
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return new UserError(
        `${this.opts.label}: the archive is not valid compressed data (${errorMessage(err)})`,
      );
    }
    return new UserError(`${this.opts.label}: extraction failed: ${errorMessage(err)}`, { cause: err });
  }
}

/** Why an entry may not be extracted, or undefined when it may. */
export function entryProblem(path: string, entry: { type: string; linkpath?: string }): string | undefined {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return 'absolute path';
  const parts = path.split(/[\\/]/);
  if (parts.includes('..')) return "path contains '..'";
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const link = entry.linkpath ?? '';
    if (isAbsolute(link) || /^[a-zA-Z]:/.test(link)) return `link to absolute path '${link}'`;
    // A symlink resolves from its own directory; a hard link names a path from the archive root.
    const base = entry.type === 'SymbolicLink' ? dirname(path) : '.';
    const root = resolve('/__root__');
    const to = resolve(root, base, link);
    if (to !== root && !to.startsWith(root + sep)) return `link points outside the image ('${link}')`;
  }
  return undefined;
}

/**
 * Puts `fresh` at `target`. A symlink or file at `target` is removed, not followed; an old dir is
 * moved aside first so the target is never a mix of two trees. When another process finished
 * the same image first (its marker holds the same digest), its tree is kept and ours dropped:
 * the race is harmless because both trees come from the same verified bytes.
 */
export async function replaceDir(fresh: string, target: string, sha256: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const existing = await lstat(target).catch(() => undefined);
    if (!existing) {
      try {
        await rename(fresh, target);
        return;
      } catch (err) {
        if (!isExists(err)) throw err;
        continue;
      }
    }
    if (!existing.isDirectory()) {
      await rm(target, { force: true });
      continue;
    }
    if ((await readMarker(target)) === sha256) {
      await rm(fresh, { recursive: true, force: true });
      return;
    }
    const old = tempSibling(target, 'old');
    try {
      await rename(target, old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    try {
      await rename(fresh, target);
      return;
    } catch (err) {
      if (!isExists(err)) throw err;
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  }
  throw new UserError(`could not move the extracted image into ${target}: it keeps changing under us`);
}

function isExists(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

/** Reads the digest recorded by a completed extraction, if the dir is a real dir with one. */
export async function readMarker(extractDir: string): Promise<string | undefined> {
  const st = await lstat(extractDir).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  try {
    return (await readFile(join(extractDir, MARKER_FILE), 'utf8')).trim();
  } catch {
    return undefined;
  }
}
