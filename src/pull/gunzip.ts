import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

/** Options for the zlib streams: zlib's own plus the stream buffer sizes. */
export type ZlibStreamOptions = zlib.ZlibOptions & {
  readableHighWaterMark?: number;
  writableHighWaterMark?: number;
};

type Callback = (err?: Error | null) => void;
type TransformFn = (chunk: Buffer, encoding: BufferEncoding, cb: Callback) => void;
type FlushFn = (cb: Callback) => void;

/**
 * gunzip into `dest` without the CRC-32 of the output, for archives whose SHA-256 is checked
 * anyway. Returns the writable end; `dest` is ended after the last byte. A failure destroys the
 * returned stream with an error carrying zlib's codes (`Z_DATA_ERROR`, `Z_BUF_ERROR`), as
 * Node's Gunzip would fail; `dest` is left for the caller to tear down.
 *
 * Why: Node's Gunzip computes the CRC-32 of every inflated byte on the thread that inflates, and
 * inflating is the longest serial stage of a pull: the CRC is about a quarter of it (`img150`,
 * 147 MB holding 425 MB: 345 → 265 ms). Every archive this action extracts is checked against
 * its SHA-256 before anything is committed, which catches whatever the CRC would and more, so
 * the CRC buys nothing here.
 *
 * How: the first member's deflate data goes to `zlib.createInflateRaw`, which computes no check
 * value; the gzip framing around it (RFC 1952) is read here: the header before, the 8-byte
 * trailer after, whose ISIZE is still compared since it is free. zlib stops at the end of the
 * deflate data, and `bytesWritten` says where: the rest of that chunk and every later one are
 * framing. Whatever follows the trailer goes to Node's Gunzip, which handles further members
 * (rare in a `.tar.gz`) and trailing bytes as it would for the whole file; zero padding ends the
 * stream, as Gunzip and gzip allow.
 *
 * The caller writes straight into the inflater, whose `_transform` and `_flush` (the Transform
 * extension points) are wrapped, and nothing holds a chunk longer than zlib does. Both matter:
 * a stream stage in front of zlib, or a list of the chunks zlib had not consumed yet, kept the
 * 1 MiB buffers alive long enough for the garbage collector to run up to 20 full collections per
 * pull instead of 2, which cost more than the CRC.
 */
export function gunzipInto(dest: NodeJS.WritableStream, options: ZlibStreamOptions): Writable {
  // Not destroyed when both sides are done: zlib's writable side finishes before `_flush` has
  // run, and a later member may still be inflating then. It is destroyed once `dest` has it all.
  const rawOptions: zlib.ZlibOptions = { ...options, autoDestroy: false } as zlib.ZlibOptions;
  const inflater = zlib.createInflateRaw(rawOptions) as zlib.InflateRaw & {
    _transform: TransformFn;
    _flush: FlushFn;
  };
  const inflate = inflater._transform.bind(inflater);
  const flush = inflater._flush.bind(inflater);
  let state: 'header' | 'body' | 'after' = 'header';
  /** The header while it is incomplete, then the trailer and what follows the first member. */
  const framing = new Gathered();
  /** Bytes inflated from the first member, for its ISIZE. */
  let inflated = 0;
  /** Whatever follows the first member's trailer: Gunzip, or zero padding to ignore. */
  let rest: zlib.Gunzip | 'padding' | undefined;

  /** All output is in `dest`. */
  const done = (): void => {
    dest.end();
    inflater.destroy();
  };
  /** Fails the stream; destroyed, it needs none of its pending callbacks. */
  const fail = (code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR', message: string): void => {
    inflater.destroy(zlibError(code, message));
  };
  const unexpectedEnd = (): void => fail('Z_BUF_ERROR', 'unexpected end of file');

  /** Runs once the first member's output has all gone to `dest`, then `fn`. */
  const afterFirstOutput = (fn: () => void): void => {
    if (inflater.readableEnded) fn();
    else inflater.once('end', fn);
  };

  /** The ISIZE check: the trailer's last 4 bytes hold the member's size mod 2^32. */
  const trailerOk = (trailer: Buffer): boolean => {
    const isize = trailer.readUInt32LE(4);
    if (isize === inflated % 2 ** 32) return true;
    fail(
      'Z_DATA_ERROR',
      `the gzip data is damaged: it inflates to ${inflated} bytes, its trailer says ${isize}`,
    );
    return false;
  };

  /** Bytes after the first member's deflate data. */
  const afterData = (chunk: Buffer, cb: Callback): void => {
    if (rest === 'padding') return cb();
    if (rest) {
      if (rest.write(chunk)) cb();
      else rest.once('drain', () => cb());
      return;
    }
    const tail = framing.add(chunk);
    // The trailer, then one byte to tell padding from another member.
    if (tail.length < 9) return cb();
    const trailer = Buffer.from(tail.subarray(0, 8));
    const next = tail.subarray(8);
    framing.clear();
    afterFirstOutput(() => trailerOk(trailer));
    if (next[0] === 0) {
      rest = 'padding';
      return cb();
    }
    const gunzip = zlib.createGunzip(options);
    rest = gunzip;
    gunzip.on('error', (err: Error) => inflater.destroy(err));
    gunzip.on('end', () => inflater.destroy());
    // After the first member's output, never beside it.
    afterFirstOutput(() => gunzip.pipe(dest));
    afterData(next, cb);
  };

  inflater._transform = (chunk, encoding, cb) => {
    if (state === 'header') {
      const head = framing.add(chunk);
      const size = headerSize(head);
      if (typeof size === 'string') return fail('Z_DATA_ERROR', size);
      if (size === undefined) {
        if (head.length > MAX_HEADER_BYTES) return fail('Z_DATA_ERROR', 'gzip header longer than 1 MiB');
        return cb();
      }
      chunk = head.subarray(size);
      framing.clear();
      state = 'body';
    }
    if (state === 'after') return afterData(chunk, cb);
    const before = inflater.bytesWritten;
    inflate(chunk, encoding, (err) => {
      if (err) return cb(err);
      const used = inflater.bytesWritten - before;
      if (used >= chunk.length) return cb();
      // The deflate data ended inside this chunk (or before it), and with it the output. zlib
      // ends the readable side itself then; saying so here does not depend on that.
      state = 'after';
      inflater.push(null);
      afterData(chunk.subarray(used), cb);
    });
  };

  inflater._flush = (cb) => {
    if (state === 'header') return unexpectedEnd();
    if (state === 'body') {
      // zlib finishes the deflate data, or fails with "unexpected end of file" if it was cut
      // short; finished, the trailer is still missing.
      flush((err) => {
        if (err) cb(err);
        else if (state === 'body') unexpectedEnd();
        else cb();
      });
      return;
    }
    if (!rest) {
      // The input ended in the trailer, or right after it.
      const trailer = framing.bytes;
      if (trailer.length < 8) return unexpectedEnd();
      afterFirstOutput(() => {
        if (trailerOk(trailer)) done();
      });
      return cb();
    }
    if (rest === 'padding') {
      // After the trailer's check, which was queued first.
      afterFirstOutput(() => {
        if (!inflater.destroyed) done();
      });
      return cb();
    }
    rest.end();
    rest.once('end', () => cb());
  };

  // Read, not piped: `read()` asks zlib for the next output (dispatching the next inflate to the
  // thread pool) before it returns this one, so the tar side handles this chunk while zlib
  // inflates the next. Piped, the output event runs the tar side first and zlib waits for it.
  let waitingForDest = false;
  const pump = (): void => {
    let chunk: Buffer | null;
    while (!waitingForDest && (chunk = inflater.read() as Buffer | null) !== null) {
      inflated += chunk.length;
      if (!dest.write(chunk)) {
        waitingForDest = true;
        dest.once('drain', () => {
          waitingForDest = false;
          pump();
        });
      }
    }
  };
  inflater.on('readable', pump);
  inflater.on('close', () => {
    if (rest && rest !== 'padding') rest.destroy();
  });
  return inflater;
}

const EMPTY: Buffer = Buffer.alloc(0);

/**
 * Bytes gathered from several chunks. A header can arrive a few bytes at a time (its name field
 * has no length limit but ours), so the copy grows by doubling, which keeps gathering linear.
 */
class Gathered {
  private store: Buffer = EMPTY;
  private length = 0;

  get bytes(): Buffer {
    return this.store.subarray(0, this.length);
  }

  add(chunk: Buffer): Buffer {
    if (this.length === 0) {
      // The caller's chunk, used as it is: the next add copies it before writing anything.
      this.store = chunk;
      this.length = chunk.length;
      return chunk;
    }
    const length = this.length + chunk.length;
    if (length > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, 2 * this.length, 1024));
      this.store.copy(grown, 0, 0, this.length);
      this.store = grown;
    }
    chunk.copy(this.store, this.length);
    this.length = length;
    return this.bytes;
  }

  clear(): void {
    this.store = EMPTY;
    this.length = 0;
  }
}
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The size of the gzip member header at the start of `b` (RFC 1952, 2.3), undefined when more
 * bytes are needed, or why it is not a gzip header.
 */
export function headerSize(b: Buffer): number | string | undefined {
  if (b.length >= 1 && b[0] !== 0x1f) return 'incorrect header check';
  if (b.length >= 2 && b[1] !== 0x8b) return 'incorrect header check';
  if (b.length >= 3 && b[2] !== 8) return 'unknown compression method';
  if (b.length >= 4 && (b[3]! & 0xe0) !== 0) return 'reserved gzip header flags set';
  if (b.length < 10) return undefined;
  const flags = b[3]!;
  let at = 10;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return undefined;
    at += 2 + b.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const nul = b.indexOf(0, at);
      if (nul < 0) return undefined;
      at = nul + 1;
    }
  }
  if (flags & FHCRC) at += 2;
  return b.length >= at ? at : undefined;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

function zlibError(code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR', message: string): Error {
  return Object.assign(new Error(message), { code });
}
