import { TomlDate } from 'smol-toml';
import { chronoText } from './instant.js';
import type { LineIndex } from './lines.js';
import type { Instant, RustFields, RustFinding } from './types.js';

/*
 * How the Rust tool (axbuild's `src/axvisor/image/registry.rs`) reads a registry document: serde
 * derives `ImageEntry { name, version, released_at: Option<DateTime<Utc>>, description, sha256,
 * arch, url }` (all but released_at required strings) and `IncludeEntry { url }`, and toml's
 * deserializer fails the whole document on the first entry that does not fit. The messages below
 * are serde's, chrono's and reqwest's, so a registry maintainer can match them to what
 * `cargo xtask image sync` prints.
 */

/** The fields serde requires, in declaration order: it names the first one missing. */
const REQUIRED = ['name', 'version', 'description', 'sha256', 'arch', 'url'] as const;
const STRING_FIELDS = new Set<string>(REQUIRED);
/** chrono's `expecting` text for a `DateTime`. */
const EXPECTING_DATE = 'an RFC 3339 formatted date and time string';

/** serde's `Unexpected` text for a TOML value (toml hands a datetime over as a map). */
export function serdeUnexpected(v: unknown): string {
  if (typeof v === 'bigint') return `integer \`${v}\``;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return `integer \`${v}\``;
    return `floating point \`${v}\``;
  }
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'sequence';
  return 'map';
}

/**
 * One `[[images]]` element as the Rust tool's serde parse takes it: the fields it would keep, or
 * the finding that fails the document (only the first, as serde stops there); plus what would
 * fail a pull of that image even though the document is read.
 */
export function rustEntry(
  item: unknown,
  lines: LineIndex,
  index: number,
  /** `released_at` as `parseInstant` reads it: undefined unless it is a string that names an instant. */
  released: Instant | undefined,
): { fields?: RustFields; findings: RustFinding[] } {
  const header = lines.nth('images', index);
  if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof TomlDate) {
    return {
      findings: [
        {
          kind: 'parse',
          line: header,
          message: `invalid type: ${serdeUnexpected(item)}, expected struct ImageEntry`,
        },
      ],
    };
  }
  const table = item as Record<string, unknown>;
  const at = (field: string): number | undefined => lines.fieldLine('images', index, field) ?? header;
  // serde visits the keys in document order and stops at the first value of the wrong type.
  let releasedText: string | undefined;
  for (const [key, value] of Object.entries(table)) {
    if (STRING_FIELDS.has(key) && typeof value !== 'string') {
      const message = `invalid type: ${serdeUnexpected(value)}, expected a string`;
      return { findings: [{ kind: 'parse', line: at(key), message }] };
    }
    if (key === 'released_at') {
      const instant = typeof value === 'string' ? released : undefined;
      if (!instant) return { findings: [{ kind: 'parse', line: at(key), message: releasedProblem(value) }] };
      releasedText = chronoText(instant);
    }
  }
  const missing = REQUIRED.find((f) => table[f] === undefined);
  if (missing) {
    return { findings: [{ kind: 'parse', line: header, message: `missing field \`${missing}\`` }] };
  }
  const s = table as Record<(typeof REQUIRED)[number], string>;
  const fields: RustFields = {
    name: s.name,
    version: s.version,
    ...(releasedText === undefined ? {} : { released_at: releasedText }),
    description: s.description,
    sha256: s.sha256,
    arch: s.arch,
    url: s.url,
  };
  const findings: RustFinding[] = [];
  if (!/^[0-9a-f]{64}$/.test(s.sha256)) {
    findings.push({
      kind: 'pull',
      line: at('sha256'),
      image: `${s.name}:${s.version}`,
      message: `sha256 "${s.sha256}" is not the 64 lowercase hex digits its check compares with: "downloaded image checksum mismatch"`,
    });
  }
  const urlProblem = fetchProblem(s.url);
  if (urlProblem) {
    findings.push({
      kind: 'pull',
      line: at('url'),
      image: `${s.name}:${s.version}`,
      message: `url "${s.url}": ${urlProblem}`,
    });
  }
  return { fields, findings };
}

/** What an `[[includes]]` URL does to the Rust tool's sync, when it is not one it can fetch. */
export function rustInclude(ref: string, line: number | undefined): RustFinding | undefined {
  const problem = fetchProblem(ref);
  return problem ? { kind: 'include', line, ref, message: `include url "${ref}": ${problem}` } : undefined;
}

/**
 * Why reqwest cannot fetch `ref` as written (its words): the Rust tool resolves no URL against
 * the registry that names it, and fetches only http(s).
 */
function fetchProblem(ref: string): string | undefined {
  let u: URL;
  try {
    u = new URL(ref);
  } catch {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref.trim())
      ? 'not a URL it can parse'
      : 'relative URL without a base';
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'URL scheme is not allowed';
}

/** What chrono says about a `released_at` value it does not read. */
function releasedProblem(v: unknown): string {
  if (typeof v !== 'string') return `invalid type: ${serdeUnexpected(v)}, expected ${EXPECTING_DATE}`;
  return `released_at ${JSON.stringify(v)} is not an RFC 3339 date-time with an offset, all that chrono (which reads it there) is sure to take`;
}
