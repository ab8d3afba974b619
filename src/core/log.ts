/**
 * What the core needs from a log. The action maps it onto @actions/core (groups, warnings as
 * annotations); the CLI and the tests map it onto the console or an array.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Runs `fn` with its log lines folded under `title`. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /**
   * A live view of a download, called several times a second. Logs without it (the action's,
   * a CLI whose stderr is not a terminal) get a quiet progress line every few seconds instead.
   */
  progress?(p: TransferProgress): void;
}

/** Where a download stands. */
export interface TransferProgress {
  /** What is downloaded: its URL, credentials redacted. */
  what: string;
  /** Bytes received so far, over every attempt. */
  bytes: number;
  /** The archive's size, when the server said. */
  total?: number;
  /** Time since the download started. */
  elapsedMs: number;
  /** Set on the last call, whether the download succeeded or failed: the view can go. */
  done?: boolean;
}

/** A log to the terminal: warnings to stderr, debug only when AXVISOR_IMAGE_DEBUG is set. */
export class ConsoleLog implements Log {
  constructor(private readonly verbose = Boolean(process.env.AXVISOR_IMAGE_DEBUG)) {}
  info(message: string): void {
    console.log(message);
  }
  warn(message: string): void {
    console.error(`warning: ${message}`);
  }
  debug(message: string): void {
    if (this.verbose) console.error(`debug: ${message}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.debug(`-- ${title}`);
    return fn();
  }
}
