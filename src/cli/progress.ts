import { humanBytes } from '../core/format.js';
import { ConsoleLog, type TransferProgress } from '../core/log.js';

/** The part of a terminal stream the progress line needs (process.stderr when it is a TTY). */
export interface Terminal {
  write(text: string): unknown;
  /** Its width; a line longer than this would wrap, and `\r` could not redraw it. */
  columns?: number;
}

/** `\r` back to the line's start, then erase to its end (ANSI EL). */
const CLEAR = '\r\x1b[K';

/**
 * The console log with a live progress line on a terminal: redrawn in place with `\r`, cleared
 * before any other line is printed and when the download ends, so that only the log stays.
 */
export class TerminalLog extends ConsoleLog {
  private shown = false;
  constructor(
    private readonly term: Terminal,
    verbose?: boolean,
  ) {
    super(verbose);
  }
  override info(message: string): void {
    this.clear();
    super.info(message);
  }
  override warn(message: string): void {
    this.clear();
    super.warn(message);
  }
  override debug(message: string): void {
    this.clear();
    super.debug(message);
  }
  progress(p: TransferProgress): void {
    if (p.done) {
      this.clear();
      return;
    }
    const width = Math.max(20, (this.term.columns || 80) - 1);
    this.term.write(`${CLEAR}${progressLine(p).slice(0, width)}`);
    this.shown = true;
  }
  /** Removes the progress line, if one is on screen. */
  clear(): void {
    if (!this.shown) return;
    this.term.write(CLEAR);
    this.shown = false;
  }
}

/**
 * One progress line: `downloading linux.tar.gz: 12.0 MiB of 40.0 MiB  30%  8.0 MiB/s  ETA 0:04`.
 * Without a known size there is no percentage or ETA.
 */
export function progressLine(p: TransferProgress): string {
  const name = shortName(p.what);
  const secs = p.elapsedMs / 1000;
  const perSec = secs > 0 ? p.bytes / secs : 0;
  const rate = `${humanBytes(Math.round(perSec))}/s`;
  if (!p.total) return `downloading ${name}: ${humanBytes(p.bytes)}  ${rate}`;
  const pct = Math.min(100, Math.floor((p.bytes / p.total) * 100));
  const eta = perSec > 0 ? clock((p.total - p.bytes) / perSec) : '--:--';
  return `downloading ${name}: ${humanBytes(p.bytes)} of ${humanBytes(p.total)}  ${pct}%  ${rate}  ETA ${eta}`;
}

/** The URL's last path segment: the archive's name says enough on one line. */
function shortName(url: string): string {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    return decodeURIComponent(segments.at(-1) ?? url);
  } catch {
    return url;
  }
}

/** Seconds as `m:ss`, or `h:mm:ss` past an hour. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
