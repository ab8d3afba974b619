import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { UserError } from '../core/errors.js';

/** Where the bytes go besides the hash: in practice the extractor. */
export interface ByteSink {
  /**
   * Takes `chunk`; resolves when the sink can take more. The sink may still hold `chunk` then:
   * it calls `release`, if given, once it never reads it again (never, if it fails first).
   */
  write(chunk: Buffer, release?: () => void): Promise<void>;
  /** Throws away what was written so far (the source starts again from byte 0). */
  reset(): Promise<void>;
}

/**
 * One pass over an archive's bytes: each chunk is hashed, optionally written to a private
 * `.part` file, and handed to a sink, so nothing is read twice. Resettable for a source that
 * must start over.
 *
 * When the sink fails, the tee stops feeding it and keeps its error in `sinkFailure`; it goes on
 * hashing what it is given. A download checks `sinkFailure` and stops, since no further byte
 * can mend the extraction; a copy of a cached file reads to the end, so that a corrupt entry is
 * found by its digest and the next layer tried. `maxBytes` caps what may be pushed at all.
 *
 * The part file and the sink get the bytes in batches of up to `BATCH_BYTES`: each hand-off is a
 * round trip through the libuv thread pool, and a socket delivers much smaller chunks. A batch
 * is hashed after it has been handed on, so the main thread hashes while the pool works. Batch
 * buffers are reused once the file, the sink and the hash are done with them, so a pull does
 * not feed the garbage collector a fresh buffer per batch (docs/benchmarks.md, "On Node 24").
 */
export class Tee {
  private hash: Hash = createHash('sha256');
  private file?: WriteStream;
  private sinkFailed = false;
  /** Why the sink gave up, once it has. */
  sinkFailure?: Error;
  /** Bytes pushed but not yet handed to the file and the sink (nor hashed): `batch[0, filled)`. */
  private batch?: Buffer;
  private filled = 0;
  /** Batch buffers that nothing reads any more, for the next batches. */
  private readonly spare: Buffer[] = [];
  /** Chunks handed on and waiting for the hash, in order, with what to do once hashed. */
  private unhashed: { chunk: Buffer; hashed?: () => void }[] = [];
  private unhashedBytes = 0;
  private hashLater?: NodeJS.Immediate;
  bytes = 0;

  constructor(
    private readonly partPath: string | undefined,
    private readonly sink: ByteSink | undefined,
    private readonly limits: { maxBytes?: number } = {},
  ) {
    if (partPath) this.file = openPart(partPath);
  }

  async push(chunk: Buffer): Promise<void> {
    const max = this.limits.maxBytes;
    if (max !== undefined && this.bytes + chunk.length > max) {
      throw new UserError(`more than ${max} bytes; stopped after ${this.bytes} bytes`, {
        setting: 'max-size',
      });
    }
    this.bytes += chunk.length;
    if (!this.file && (!this.sink || this.sinkFailed)) {
      // Only the hash wants these bytes; what was gathered goes first, to keep the order.
      await this.flush();
      this.queueHash(chunk);
      return;
    }
    if (this.filled === 0 && chunk.length >= BATCH_BYTES) return this.deliver(chunk);
    for (let at = 0; at < chunk.length;) {
      // Never one still queued in the part file or the sink, or not yet hashed: see `deliver`.
      this.batch ??= this.spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
      const n = chunk.copy(this.batch, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled === BATCH_BYTES) await this.flush();
    }
  }

  /** Hands the gathered bytes on. */
  private async flush(): Promise<void> {
    if (this.filled === 0) return;
    const batch = this.batch!;
    const out = batch.subarray(0, this.filled);
    this.batch = undefined;
    this.filled = 0;
    await this.deliver(out, batch);
  }

  /**
   * Hands `chunk` to the part file, the sink and the hash. When it lies in one of our batch
   * buffers (`batch`), the buffer is reused only after all three have called back: the file
   * once its write is done, the sink once zlib has consumed it, the hash once it has read it.
   */
  private async deliver(chunk: Buffer, batch?: Buffer): Promise<void> {
    const toSink = !this.sinkFailed && this.sink !== undefined;
    let users = 1 + (this.file ? 1 : 0) + (toSink ? 1 : 0);
    /** One user's "done with it"; a second call from the same user counts for nothing. */
    const user = (): (() => void) | undefined => {
      if (!batch) return undefined;
      let called = false;
      return () => {
        if (called) return;
        called = true;
        if (--users === 0 && this.spare.length < SPARE_BATCHES) this.spare.push(batch);
      };
    };
    const fileDone = user();
    const fileOk = this.file
      ? this.file.write(chunk, (err) => {
          if (!err) fileDone?.();
        })
      : true;
    // The failure handler goes on at once: the sink may fail while the part file drains, and
    // a rejection nobody listens to yet is reported as unhandled.
    const sunk = toSink
      ? this.sink!.write(chunk, user()).catch((err: unknown) => {
          this.sinkFailed = true;
          this.sinkFailure ??= err instanceof Error ? err : new Error(String(err));
        })
      : undefined;
    this.queueHash(chunk, user());
    if (!fileOk) await drain(this.file!);
    // A write that failed (a full disk) must stop the pass: a short `.part` whose hash was taken
    // over every byte would otherwise be renamed into place as verified.
    if (this.file?.errored) throw partError(this.partPath!, this.file.errored);
    if (sunk) await sunk;
  }

  /** Hashes `chunk` once the thread pool has its work; in order, and at once past 8 MiB waiting. */
  private queueHash(chunk: Buffer, hashed?: () => void): void {
    this.unhashed.push({ chunk, hashed });
    this.unhashedBytes += chunk.length;
    if (this.unhashedBytes > MAX_UNHASHED_BYTES) this.hashNow();
    else this.hashLater ??= setImmediate(() => this.hashNow());
  }

  private hashNow(): void {
    if (this.hashLater) clearImmediate(this.hashLater);
    this.hashLater = undefined;
    for (const { chunk, hashed } of this.unhashed) {
      this.hash.update(chunk);
      hashed?.();
    }
    this.unhashed = [];
    this.unhashedBytes = 0;
  }

  private dropUnhashed(): void {
    if (this.hashLater) clearImmediate(this.hashLater);
    this.hashLater = undefined;
    this.unhashed = [];
    this.unhashedBytes = 0;
  }

  async reset(): Promise<void> {
    this.hash = createHash('sha256');
    this.dropUnhashed();
    this.bytes = 0;
    this.batch = undefined;
    this.filled = 0;
    if (this.partPath) {
      await closeStream(this.file!);
      this.file = openPart(this.partPath);
    }
    await this.sink?.reset();
    this.sinkFailed = false;
    this.sinkFailure = undefined;
  }

  /** Flushes the part file and returns the hex digest of everything pushed. */
  async finish(): Promise<string> {
    await this.flush();
    this.hashNow();
    if (this.file) {
      await closeStream(this.file).catch((err: unknown) => {
        throw partError(this.partPath!, err);
      });
    }
    return this.hash.digest('hex');
  }

  /** Closes and deletes the part file. */
  async discard(): Promise<void> {
    this.dropUnhashed();
    this.batch = undefined;
    this.filled = 0;
    if (this.file) await closeStream(this.file).catch(() => undefined);
    if (this.partPath) await rm(this.partPath, { force: true });
  }
}

/** Size of the batches handed to the part file and the sink. */
const BATCH_BYTES = 1024 * 1024;
/** Batch buffers kept for reuse, at most: about what the file's and zlib's queues hold at once. */
const SPARE_BATCHES = 8;
/** Bytes handed on but not hashed yet, at most (a caller that never yields would pile them up). */
const MAX_UNHASHED_BYTES = 8 * BATCH_BYTES;

function openPart(path: string): WriteStream {
  const ws = createWriteStream(path, { flags: 'w', highWaterMark: 1024 * 1024 });
  ws.on('error', () => undefined);
  return ws;
}

/** Waits for room in the stream; resolves on an error too (the caller checks `errored`). */
function drain(ws: WriteStream): Promise<void> {
  // A stream that already failed emits neither 'drain' nor another 'error': do not wait for them.
  if (ws.errored || ws.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      ws.off('drain', done);
      ws.off('error', done);
      ws.off('close', done);
      resolve();
    };
    ws.once('drain', done);
    ws.once('error', done);
    ws.once('close', done);
  });
}

function closeStream(ws: WriteStream): Promise<void> {
  if (ws.errored) return Promise.reject(ws.errored);
  if (ws.closed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // The callback gets the error of a write that failed after `write` had returned true.
    ws.end((err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

function partError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOSPC' ? 'no space left on the device' : (err as Error)?.message;
  return new UserError(`cannot write ${path}: ${why}`, { cause: err });
}
