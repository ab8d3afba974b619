import type { Log } from '../core/log.js';
import type { ArchiveCache } from '../pull/pull.js';
import type { RetryPolicy } from '../net/retry.js';

/** What a command gets from whoever runs it: the action, the CLI or a test. */
export interface CommandContext {
  log: Log;
  /** `RUNNER_TOOL_CACHE`, when the runner has one. */
  toolCacheDir?: string;
  /** The Actions cache, when the runner offers one. */
  actionsCache?: ArchiveCache;
  /** Backoff settings; tests shorten them. */
  retry?: Partial<RetryPolicy>;
  stallMs?: number;
  /** Stops the downloads under way (the CLI's Ctrl-C); each pull cleans up after itself. */
  signal?: AbortSignal;
}

/** Outputs to set and the markdown for the job summary. */
export interface CommandResult {
  outputs: Record<string, string>;
  summary: string;
  /** Set when the step must fail after reporting (e.g. some images failed to warm). */
  failure?: string;
}
