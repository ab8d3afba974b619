import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { httpGet, type AuthPolicy } from './http.js';
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
}

/** Reads a registry document from an http(s) or file URL, with retries for the network kind. */
export async function fetchText(url: string, opts: FetchTextOptions): Promise<string> {
  const max = opts.maxBytes ?? MAX_REGISTRY_BYTES;
  const u = new URL(url);
  if (u.protocol === 'file:') return readFileCapped(fileURLToPath(u), url, max);
  return withRetries(`registry ${url}`, opts.retry, opts.log, async () => {
    const res = await httpGet(url, { auth: opts.auth, stallMs: opts.stallMs });
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
    return Buffer.concat(chunks).toString('utf8');
  });
}

async function readFileCapped(path: string, url: string, max: number): Promise<string> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new UserError(
      `registry ${url}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  try {
    const { size } = await fh.stat();
    if (size > max)
      throw new UserError(`registry ${url} is ${size} bytes, over the ${max}-byte limit for a registry`);
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
