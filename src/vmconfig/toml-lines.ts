import { parse, TomlError } from 'smol-toml';
import { UserError } from '../core/errors.js';

/**
 * A TOML config edited in place, one value at a time, every other byte kept: no TOML library
 * writes a document back with its comments, order and layout, so smol-toml reads it (to know
 * what the keys hold) and the edits are made on the lines that hold those values. `check`
 * parses the result again and compares it with what the edits meant, so an edit that touched
 * anything else is an error, never a silently different config.
 */
export class TomlLines {
  readonly lines: string[];
  private readonly eol: string;
  readonly doc: Record<string, unknown>;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseOrFail(text, file);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.lines = text.split(/\r?\n/);
  }

  text(): string {
    return this.lines.join(this.eol);
  }

  /**
   * The line (0-based) where `key` is set in `[table]` (or at the top when `table` is empty),
   * written as `key = <one-line string>`. Undefined when the key is not set there; an error
   * naming the file, line and key when it is set in a way this cannot edit.
   */
  keyLine(table: string, key: string): number | undefined {
    let current = '';
    const found: number[] = [];
    this.lines.forEach((line, i) => {
      const header = /^\s*\[\s*([^[\]]+?)\s*\]\s*(#.*)?$/.exec(line);
      if (header) current = header[1]!.trim();
      else if (/^\s*\[\[/.test(line)) current = '\0';
      else if (current === table && new RegExp(`^\\s*${key}\\s*=`).test(line)) found.push(i);
    });
    if (found.length > 1) throw this.problem(found[1]!, key, 'is set more than once');
    return found[0];
  }

  /** Sets the one-line string at `line` (from `keyLine`) to `value`, leaving the rest of the line. */
  setString(line: number, key: string, value: string): void {
    const m = /^(\s*[A-Za-z0-9_-]+\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*')(.*)$/.exec(this.lines[line]!);
    if (!m) throw this.problem(line, key, 'is not a string on one line ("…" or \'…\'), so it cannot be set');
    this.lines[line] = `${m[1]}${tomlString(value)}${m[3]}`;
  }

  /**
   * The line of the array element whose value is `value` in the array `key`: the element must
   * be written as a string on a line of its own (a trailing comma and a comment are fine).
   */
  elementLine(key: string, value: string): number {
    const literal = tomlString(value);
    const found = this.lines.flatMap((line, i) => (line.includes(literal) ? [i] : []));
    if (found.length !== 1) {
      throw new UserError(
        `${this.file}: the ${key} element ${literal} ${found.length === 0 ? 'is not written as a plain "…" string' : `appears on ${found.length} lines`}, so it cannot be edited`,
      );
    }
    return found[0]!;
  }

  /** Replaces, on `line`, the string literal `from` by `to`. */
  replaceElement(line: number, from: string, to: string): void {
    this.lines[line] = this.lines[line]!.replace(tomlString(from), tomlString(to));
  }

  /** Removes `line`, which must hold the one element `value` and nothing else but a comma or a comment. */
  removeElement(line: number, key: string, value: string): void {
    const rest = this.lines[line]!.replace(tomlString(value), '');
    if (!/^\s*,?\s*(#.*)?$/.test(rest)) {
      throw this.problem(
        line,
        key,
        `holds other elements beside ${tomlString(value)}, so it cannot be removed alone`,
      );
    }
    this.lines.splice(line, 1);
  }

  /** Parses the edited text and compares it with `expected`; an error names what differs. */
  check(expected: Record<string, unknown>): void {
    const now = parseOrFail(this.text(), this.file);
    if (JSON.stringify(now) !== JSON.stringify(expected)) {
      throw new UserError(
        `${this.file}: the edited config does not read back as intended; it is left as it was`,
      );
    }
  }

  problem(line: number, key: string, what: string): UserError {
    return new UserError(`${this.file}, line ${line + 1}: key '${key}' ${what}`);
  }
}

function parseOrFail(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      throw new UserError(`${file}, line ${err.line}, column ${err.column}: ${err.message.split('\n')[0]}`);
    }
    throw new UserError(`${file}: ${String(err)}`);
  }
}

/**
 * A TOML basic string holding `value`: JSON's escapes are TOML's, but for DEL, which TOML wants
 * escaped too.
 */
export function tomlString(value: string): string {
  return JSON.stringify(value).replaceAll('\u007f', '\\u007f');
}
