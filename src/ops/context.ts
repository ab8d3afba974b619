import type { Log } from '../core/log.js';
import type { ArchiveCache } from '../pull/pull.js';
import type { RetryPolicy } from '../net/retry.js';

/** What an operation gets from whoever runs it: the action, the CLI or a test. */
export interface OpsContext {
  log: Log;
  /** `RUNNER_TOOL_CACHE`, when the runner has one. */
  toolCacheDir?: string;
  /** The Actions cache, when the runner offers one. */
  actionsCache?: ArchiveCache;
  /** Backoff settings; tests shorten them. */
  retry?: Partial<RetryPolicy>;
  stallMs?: number;
  /** A temp dir of this job's own (the runner's RUNNER_TEMP), for the files a job boots from. */
  runnerTemp?: string;
  /** Stops the downloads under way (the CLI's Ctrl-C); each pull cleans up after itself. */
  signal?: AbortSignal;
}
