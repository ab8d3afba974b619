/**
 * Finds line numbers for messages. smol-toml reports lines only for syntax errors, so the
 * n-th `[[images]]` header is located by scanning header lines (not by parsing TOML again).
 * Lines end at `\n` (a `\r` before it is not part of the line).
 */
export class LineIndex {
  /** Split only when a field's line is asked for, which only a message does. */
  private split: string[] | undefined;
  private readonly headers = new Map<string, number[]>();
  private readonly fieldRes = new Map<string, RegExp>();
  constructor(private readonly text: string) {
    // Tried at the start of each line that holds `[[`; `[^\S\n]` keeps a match within its line.
    const header = /[^\S\n]*\[\[[^\S\n]*([A-Za-z0-9_-]+)[^\S\n]*\]\]/y;
    let next = text.indexOf('[[');
    for (let start = 0, line = 1; next >= 0; line++) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      if (next < end) {
        header.lastIndex = start;
        const m = header.exec(text);
        if (m?.[1]) {
          const list = this.headers.get(m[1]) ?? [];
          list.push(line);
          this.headers.set(m[1], list);
        }
        next = text.indexOf('[[', end);
      }
      if (newline < 0) break;
      start = newline + 1;
    }
  }
  /** The 1-based line of the `index`-th `[[table]]` header. */
  nth(table: string, index: number): number | undefined {
    return this.headers.get(table)?.[index];
  }
  /** The 1-based line of `field = …` in the `index`-th `[[table]]`. */
  fieldLine(table: string, index: number, field: string): number | undefined {
    const start = this.nth(table, index);
    if (start === undefined) return undefined;
    const lines = (this.split ??= this.text.split(/\r?\n/));
    let re = this.fieldRes.get(field);
    if (!re) this.fieldRes.set(field, (re = new RegExp(`^\\s*${field}\\s*=`)));
    for (let i = start; i < lines.length; i++) {
      const l = lines[i] as string;
      if (/^\s*\[/.test(l)) break;
      if (re.test(l)) return i + 1;
    }
    return undefined;
  }
}
