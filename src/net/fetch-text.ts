import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { bodyEncoding, httpGet, type AuthPolicy } from './http.js';
import { NetworkError } from './errors.js';
import { withRetries, type RetryPolicy } from './retry.js';

/** A registry is a few KiB; anything past this is not a registry and is not read whole. */
export const MAX_REGISTRY_BYTES = 8 * 1024 * 1024;

export interface FetchTextOptions {
  retry: RetryPolicy;
  log: Log;
  auth?: AuthPolicy;
  stallMs?: number;
  maxBytes?: number;
  /** Gives the fetch up (http(s) only). */
  signal?: AbortSignal;
}

export interface FetchedText {
  text: string;
  /** The URL that answered: after redirects, for an http(s) URL. */
  url: string;
}

/** Reads a registry document from an http(s) or file URL, with retries for the network kind. */
export async function fetchText(url: string, opts: FetchTextOptions): Promise<FetchedText> {
  const max = opts.maxBytes ?? MAX_REGISTRY_BYTES;
  const u = new URL(url);
  if (u.protocol === 'file:') return { text: await readFileCapped(fileURLToPath(u), url, max), url };
  return withRetries(`registry ${url}`, opts.retry, opts.log, async () => {
    const res = await httpGet(url, { auth: opts.auth, stallMs: opts.stallMs, signal: opts.signal });
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > max) {
      res.body.destroy();
      throw new UserError(`registry ${url} is ${declared} bytes, over the ${max}-byte limit for a registry`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > max) {
          res.body.destroy();
          throw new UserError(`registry ${url} is over the ${max}-byte limit for a registry`);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new NetworkError(`registry ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (!Number.isNaN(declared) && size !== declared) {
      throw new NetworkError(`registry ${url}: connection closed after ${size} of ${declared} bytes`);
    }
    return {
      text: (await decodeBody(Buffer.concat(chunks), bodyEncoding(res.headers), url, max)).toString('utf8'),
      url: res.url,
    };
  });
}

/**
 * Reads a local registry, which must be a regular file. Opened without blocking, so a FIFO does
 * not wait for a writer, and checked on the open handle before a byte is read: a device such as
 * /dev/zero is refused, not read until the cap.
 */
async function readFileCapped(path: string, url: string, max: number): Promise<string> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UserError(
      `registry ${url}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UserError(`registry ${url}: ${path} is not a regular file`);
    if (st.size > max)
      throw new UserError(`registry ${url} is ${st.size} bytes, over the ${max}-byte limit for a registry`);
    // At most one byte past the cap, in case the file grew since the stat.
    const chunks: Buffer[] = [];
    let got = 0;
    for await (const chunk of fh.createReadStream({ start: 0, end: max, autoClose: false })) {
      chunks.push(chunk as Buffer);
      got += (chunk as Buffer).length;
    }
    if (got > max) throw new UserError(`registry ${url} is over the ${max}-byte limit for a registry`);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * A registry body as sent, decoded when the server encoded it although `identity` was asked for
 * (a registry is text, and HTTP says the encoding is the server's to undo for us). Capped like the
 * body itself, so a small compressed body cannot unpack to gigabytes. zlib is loaded only then:
 * every start would pay for it, and hardly any registry comes encoded.
 */
async function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  url: string,
  max: number,
): Promise<Buffer> {
  if (!encoding) return body;
  const zlib = await import('node:zlib');
  const opts = { maxOutputLength: max };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(body, opts);
    if (encoding === 'deflate') return zlib.inflateSync(body, opts);
    if (encoding === 'br') return zlib.brotliDecompressSync(body, opts);
  } catch (err) {
    throw new UserError(
      `registry ${url}: its body, sent with Content-Encoding: ${encoding}, could not be decoded (${(err as Error).message})`,
    );
  }
  throw new UserError(
    `registry ${url} was sent with Content-Encoding: ${encoding}, which cannot be decoded here`,
  );
}
