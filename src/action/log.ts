import * as core from '@actions/core';
import type { Log } from '../core/log.js';

/** The core's log on the runner: warnings become annotations, groups fold in the log view. */
export class ActionsLog implements Log {
  info(message: string): void {
    core.info(message);
  }
  warn(message: string): void {
    core.warning(message);
  }
  debug(message: string): void {
    core.debug(message);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    // Concurrent pulls would interleave ::group:: markers; a group only folds when nothing
    // else is open, and nested or parallel ones log a header line instead.
    if (this.open) {
      core.info(`── ${title}`);
      return fn();
    }
    this.open = true;
    try {
      return await core.group(title, fn);
    } finally {
      this.open = false;
    }
  }
  private open = false;
}
