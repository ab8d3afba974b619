/**
 * Finds line numbers for messages. smol-toml reports lines only for syntax errors, so the
 * n-th `[[images]]` header is located by scanning header lines (not by parsing TOML again).
 */
export class LineIndex {
  private readonly lines: string[];
  private readonly headers = new Map<string, number[]>();
  private readonly fieldRes = new Map<string, RegExp>();
  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
    this.lines.forEach((l, i) => {
      const m = /^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]/.exec(l);
      if (m?.[1]) {
        const list = this.headers.get(m[1]) ?? [];
        list.push(i + 1);
        this.headers.set(m[1], list);
      }
    });
  }
  /** The 1-based line of the `index`-th `[[table]]` header. */
  nth(table: string, index: number): number | undefined {
    return this.headers.get(table)?.[index];
  }
  /** The 1-based line of `field = …` in the `index`-th `[[table]]`. */
  fieldLine(table: string, index: number, field: string): number | undefined {
    const start = this.nth(table, index);
    if (start === undefined) return undefined;
    let re = this.fieldRes.get(field);
    if (!re) this.fieldRes.set(field, (re = new RegExp(`^\\s*${field}\\s*=`)));
    for (let i = start; i < this.lines.length; i++) {
      const l = this.lines[i] as string;
      if (/^\s*\[/.test(l)) break;
      if (re.test(l)) return i + 1;
    }
    return undefined;
  }
}
