import type { Log } from '../core/log.js';
import { errorMessage } from '../core/errors.js';
import { HttpStatusError, isRetryable } from './errors.js';

export interface RetryPolicy {
  /** Attempts beyond the first. */
  retries: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** One attempt: for reads whose failure is no one's concern (a local file, a read ahead). */
export const NO_RETRY: RetryPolicy = { retries: 0, baseDelayMs: 0, maxDelayMs: 0 };

/** A server asking us to wait longer than this is treated as if it asked for this long. */
const MAX_RETRY_AFTER_MS = 120_000;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` until it succeeds, fails with an error that a retry cannot mend, or the attempts run
 * out. The wait doubles each time, with jitter so that a matrix of jobs does not retry in step,
 * and follows `Retry-After` when the server sends it.
 */
export async function withRetries<T>(
  what: string,
  policy: RetryPolicy,
  log: Log,
  fn: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.retries || !isRetryable(err)) throw err;
      const delay = backoff(policy, attempt, err);
      log.warn(
        `${what}: ${errorMessage(err)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${policy.retries + 1})`,
      );
      await sleep(delay);
    }
  }
}

function backoff(policy: RetryPolicy, attempt: number, err: unknown): number {
  if (err instanceof HttpStatusError && err.retryAfterMs !== undefined) {
    return Math.min(err.retryAfterMs, MAX_RETRY_AFTER_MS);
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp * (0.5 + Math.random() * 0.5));
}
