import type { Log } from '../../src/core/log.js';

/** A log that keeps every line, for tests and the bench to read back. */
export class MemoryLog implements Log {
  readonly lines: { level: 'info' | 'warn' | 'debug' | 'group'; message: string }[] = [];
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: 'group', message: title });
    return fn();
  }
  get warnings(): string[] {
    return this.lines.filter((l) => l.level === 'warn').map((l) => l.message);
  }
  get infos(): string[] {
    return this.lines.filter((l) => l.level === 'info').map((l) => l.message);
  }
}
