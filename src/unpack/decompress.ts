import { spawn } from 'node:child_process';
import { Duplex, PassThrough, type Writable } from 'node:stream';
import zlib from 'node:zlib';
import { UserError } from '../core/errors.js';

export type Compression = 'gzip' | 'xz' | 'zstd' | 'none';

/** Tells the compression from the first bytes, so a mislabelled URL still extracts. */
export function sniffCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return 'none';
}

/** Bytes needed to sniff. */
export const SNIFF_BYTES = 6;

/**
 * zlib's stream options. Output in 1 MiB chunks: each chunk is a thread-pool round trip and then
 * one write by the extractor, so fewer, larger ones cost less. Up to 4 MiB of input may wait in
 * front of zlib, so it keeps inflating while the main thread parses tar headers. Figures:
 * docs/benchmarks.md, "What was changed for speed".
 */
export const ZLIB_OPTIONS = {
  chunkSize: 1024 * 1024,
  readableHighWaterMark: 1024 * 1024,
  writableHighWaterMark: 4 * 1024 * 1024,
};

/**
 * The writable end of a decompressor whose output goes into `dest`, which it ends after the
 * last byte. gzip uses Node's zlib, which inflates on the libuv thread pool, so hashing on the
 * main thread and inflating overlap. zstd uses Node's zlib where it has it (Node >= 22.15) and
 * the `zstd` command otherwise; xz always uses `xz`. A failure destroys the returned stream with
 * the error (zlib's carry `Z_DATA_ERROR` or `Z_BUF_ERROR`); `dest` is left to the caller.
 */
export function decompressInto(kind: Compression, dest: NodeJS.WritableStream): Writable {
  if (kind === 'gzip') return readInto(zlib.createGunzip(ZLIB_OPTIONS), dest);
  const duplex = decompressor(kind);
  duplex.pipe(dest);
  return duplex;
}

/**
 * Moves `source`'s output into `dest` with `read()` rather than `pipe()`: `read()` asks zlib for
 * the next output before it returns this one, so zlib inflates while `dest` handles this chunk.
 */
function readInto(source: Duplex, dest: NodeJS.WritableStream): Duplex {
  let waitingForDest = false;
  const pump = (): void => {
    let chunk: Buffer | null;
    while (!waitingForDest && (chunk = source.read() as Buffer | null) !== null) {
      if (!dest.write(chunk)) {
        waitingForDest = true;
        dest.once('drain', () => {
          waitingForDest = false;
          pump();
        });
      }
    }
  };
  source.on('readable', pump);
  source.on('end', () => dest.end());
  return source;
}

/**
 * Whether the stream `decompressInto(kind, …)` returns calls a write's callback only once it
 * will never read that chunk again: true of zlib's streams, which inflate the chunk into buffers
 * of their own; not of `none`, which passes the chunk itself on, nor of the commands, whose
 * stdin may still queue it when the callback comes.
 */
export function writeCallbackMeansConsumed(kind: Compression): boolean {
  return kind === 'gzip' || (kind === 'zstd' && zlibZstd() !== undefined);
}

function zlibZstd(): ((opts: object) => Duplex) | undefined {
  const z = zlib as unknown as { createZstdDecompress?: (opts: object) => Duplex };
  return typeof z.createZstdDecompress === 'function' ? z.createZstdDecompress.bind(zlib) : undefined;
}

/**
 * The largest zstd window accepted, as a power of two. Archives made with `--long` (the Actions
 * cache compresses with `zstdmt --long=30`) need more than zstd's default of 2^27 to decode.
 */
const ZSTD_WINDOW_LOG_MAX = 31;

function decompressor(kind: Exclude<Compression, 'gzip'>): Duplex {
  switch (kind) {
    case 'zstd': {
      const createZstd = zlibZstd();
      if (createZstd) {
        // Node's types for 20 lack the zstd constants; Node has them wherever it has zstd.
        const windowLogMax = (zlib.constants as unknown as Record<string, number>).ZSTD_d_windowLogMax!;
        const params = { [windowLogMax]: ZSTD_WINDOW_LOG_MAX };
        return createZstd({ ...ZLIB_OPTIONS, params });
      }
      return commandStream('zstd', ['-dc', '-q', `--long=${ZSTD_WINDOW_LOG_MAX}`], 'zstd');
    }
    case 'xz':
      return commandStream('xz', ['-dc', '-T0'], 'xz-utils');
    case 'none':
      return new PassThrough({ highWaterMark: 1024 * 1024 });
  }
}

/** Runs a decompressor command as a duplex stream: stdin in, stdout out, failures as errors. */
function commandStream(cmd: string, args: string[], debianPackage: string): Duplex {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  const duplex = Duplex.from({ writable: child.stdin, readable: child.stdout });
  child.on('error', (err: NodeJS.ErrnoException) => {
    const msg =
      err.code === 'ENOENT'
        ? `this archive needs the '${cmd}' command to decompress, and it is not installed (Debian/Ubuntu: apt-get install ${debianPackage})`
        : `${cmd}: ${err.message}`;
    duplex.destroy(new UserError(msg));
  });
  child.on('close', (code, signal) => {
    if (code !== 0 && !duplex.destroyed) {
      duplex.destroy(new UserError(`${cmd} -d failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    }
  });
  // If our side is torn down first, do not leave the child behind.
  duplex.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  child.stdin.on('error', () => undefined);
  return duplex;
}
