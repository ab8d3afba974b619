import { UserError, errorMessage } from '../core/errors.js';
import { humanBytes } from '../core/format.js';
import type { Log } from '../core/log.js';
import { HttpStatusError, NetworkError } from '../net/errors.js';
import { bodyEncoding, httpGet, redact, type AuthPolicy } from '../net/http.js';
import { withRetries, type RetryPolicy } from '../net/retry.js';
import type { Tee } from '../unpack/tee.js';

export interface DownloadOptions {
  url: string;
  retry: RetryPolicy;
  log: Log;
  auth?: AuthPolicy;
  stallMs?: number;
  /** Cap on the archive's size (the max-size setting): nothing past it is read or written. */
  maxBytes?: number;
  /** How often a progress line may be logged, for a log without a `progress` hook. */
  progressEveryMs?: number;
  /** Ends the download: the body is dropped and the signal's reason thrown, never retried. */
  signal?: AbortSignal;
}

export interface DownloadStats {
  bytes: number;
  /** A `Content-Encoding` the server applied although `identity` was asked for. */
  encoding?: string;
  /** Times the transfer continued with `Range` after a broken connection. */
  resumes: number;
  /** Times it had to start again from byte 0. */
  restarts: number;
}

/**
 * Streams `url` into `tee` (hash + part file + extractor) in one pass. After a broken connection
 * it asks for the rest with `Range`; a server that ignores the range sends the whole body again,
 * and the tee starts over. Retries follow `retry` for network errors, 5xx and 429; other 4xx fail
 * at once. The caller checks the digest. A body over `maxBytes`, or one the extractor has given
 * up on, is not read further.
 */
export async function download(tee: Tee, opts: DownloadOptions): Promise<DownloadStats> {
  const stats: DownloadStats = { bytes: 0, resumes: 0, restarts: 0 };
  const shown = redact(opts.url);
  const progress = new Progress(opts.log, shown, opts.progressEveryMs ?? 5000);
  const signal = opts.signal;
  try {
    await withRetries(`download ${shown}`, opts.retry, opts.log, async () => {
      signal?.throwIfAborted();
      await attempt();
    });
  } finally {
    progress.end(tee.bytes);
  }
  stats.bytes = tee.bytes;
  progress.done(tee.bytes);
  return stats;

  async function attempt(): Promise<void> {
    const offset = tee.bytes;
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    let res;
    try {
      res = await httpGet(opts.url, { headers, auth: opts.auth, stallMs: opts.stallMs });
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 404) {
        throw new UserError(`image archive not found: ${shown} answered HTTP 404`);
      }
      throw err;
    }
    // A stop asked for while waiting for the answer.
    if (signal?.aborted) {
      res.body.destroy();
      throw signal.reason;
    }
    const encoding = bodyEncoding(res.headers);
    if (encoding && stats.encoding !== encoding) {
      stats.encoding = encoding;
      opts.log.warn(
        `${shown} was sent with Content-Encoding: ${encoding} although only identity was asked for: the bytes are hashed as sent, so they match only if the file itself is what was sent`,
      );
    }
    const expected = Number(res.headers['content-length'] ?? NaN);
    if (offset > 0) {
      const start = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1];
      if (res.status === 206 && Number(start) === offset) {
        stats.resumes++;
        opts.log.info(`resuming ${shown} at byte ${offset}`);
      } else {
        // 200 (range ignored), 416, or a range we did not ask for: start from scratch.
        if (res.status !== 200) {
          res.body.resume();
          await tee.reset();
          stats.restarts++;
          throw new NetworkError(`server answered ${res.status} to a range request; starting again`);
        }
        await tee.reset();
        stats.restarts++;
        opts.log.info(`server does not resume ${shown}; downloading it again from the start`);
      }
    } else if (res.status !== 200) {
      res.body.resume();
      throw new NetworkError(`unexpected HTTP ${res.status} for ${shown}`);
    }
    const startBytes = tee.bytes;
    const max = opts.maxBytes;
    if (!Number.isNaN(expected)) {
      progress.total = startBytes + expected;
      if (max !== undefined && startBytes + expected > max) {
        res.body.destroy();
        throw new UserError(
          `image archive ${shown} is ${startBytes + expected} bytes, over the ${max}-byte limit`,
          { setting: 'max-size' },
        );
      }
    }
    const stop = (): void => void res.body.destroy();
    signal?.addEventListener('abort', stop);
    progress.tick(tee.bytes);
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        if (max !== undefined && tee.bytes + chunk.length > max) {
          throw new UserError(
            `image archive ${shown} is over the ${max}-byte limit; download stopped after ${tee.bytes} bytes`,
            { setting: 'max-size' },
          );
        }
        await tee.push(chunk);
        // Extraction that failed stays failed whatever comes next: stop reading.
        if (tee.sinkFailure) {
          throw new UserError(
            `${errorMessage(tee.sinkFailure)}; download of ${shown} stopped after ${tee.bytes} bytes`,
            { cause: tee.sinkFailure },
          );
        }
        progress.tick(tee.bytes);
      }
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof UserError) throw err;
      throw new NetworkError(`download of ${shown} broke at byte ${tee.bytes}: ${errorMessage(err)}`, {
        cause: err,
      });
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    // A body ended by the stop is not a short read to retry.
    signal?.throwIfAborted();
    if (!Number.isNaN(expected) && tee.bytes - startBytes < expected) {
      throw new NetworkError(`connection to ${new URL(opts.url).host} closed early at byte ${tee.bytes}`);
    }
  }
}

/**
 * Feeds the log's live `progress` view several times a second when it has one; otherwise logs at
 * most one line every `everyMs`, so a long download is visible but quiet.
 */
class Progress {
  total?: number;
  private readonly started = Date.now();
  // A live view shows its first state at once; periodic lines wait a period.
  private last: number;
  constructor(
    private readonly log: Log,
    private readonly what: string,
    private readonly everyMs: number,
  ) {
    this.last = log.progress ? 0 : this.started;
  }
  tick(bytes: number): void {
    const now = Date.now();
    if (this.log.progress) {
      if (now - this.last < LIVE_EVERY_MS) return;
      this.last = now;
      this.log.progress({ what: this.what, bytes, total: this.total, elapsedMs: now - this.started });
      return;
    }
    if (now - this.last < this.everyMs) return;
    this.last = now;
    const pct = this.total
      ? ` of ${humanBytes(this.total)} (${Math.floor((bytes / this.total) * 100)}%)`
      : '';
    this.log.info(`downloading ${this.what}: ${humanBytes(bytes)}${pct}, ${rate(bytes, now - this.started)}`);
  }
  /** Tells a live view the download is over, however it ended. */
  end(bytes: number): void {
    this.log.progress?.({
      what: this.what,
      bytes,
      total: this.total,
      elapsedMs: Date.now() - this.started,
      done: true,
    });
  }
  done(bytes: number): void {
    this.log.info(`downloaded ${humanBytes(bytes)} in ${((Date.now() - this.started) / 1000).toFixed(1)} s`);
  }
}

/** How often a live view is fed: often enough to look live, rarely enough to cost nothing. */
const LIVE_EVERY_MS = 100;

function rate(bytes: number, ms: number): string {
  return ms > 0 ? `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MiB/s` : '';
}
