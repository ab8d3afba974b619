import { parse, TomlDate, TomlError } from 'smol-toml';
import { UserError } from '../core/errors.js';
import { instantOfTomlDate, isoOfInstant, parseInstant } from './instant.js';
import { LineIndex } from './lines.js';
import { rustEntry, rustInclude } from './rust-compat.js';
import { baseTooLong, MAX_BASE_LENGTH, NAME_RE, VERSION_RE } from './spec.js';
import type {
  ImageEntry,
  Instant,
  InvalidEntry,
  ParsedRegistry,
  RegistryItem,
  Released,
  RustFinding,
} from './types.js';

const SHA256_RE = /^[0-9a-f]{64}$/;

export interface ParseOptions {
  /**
   * The document was read over http(s): it may name only http(s) URLs. Local files are for
   * registries the user named as a path or file:// URL, and those they include.
   */
  remote?: boolean;
}

/**
 * Parses and validates one registry document. TOML syntax errors and a wrong top-level shape fail
 * the whole document (the message names the URL and line); a single bad `[[images]]` entry is
 * dropped into `invalid` so one typo upstream does not break every other image, and an include
 * a remote document may not name goes into `refusedIncludes`. What the Rust tool would make of
 * the same text goes into `rustFindings`.
 */
export function parseRegistry(text: string, url: string, opts: ParseOptions = {}): ParsedRegistry {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0] ?? err.message;
      throw new UserError(`registry ${url}, line ${err.line}, column ${err.column}: ${first}`);
    }
    throw new UserError(`registry ${url}: ${String(err)}`);
  }
  const lines = new LineIndex(text);
  const remote = opts.remote ?? false;
  const refusedIncludes: ParsedRegistry['refusedIncludes'] = [];
  const rustFindings: RustFinding[] = [];
  const { includes, includeRefs } = parseIncludes(
    doc.includes,
    url,
    lines,
    remote,
    refusedIncludes,
    rustFindings,
  );
  const images: ImageEntry[] = [];
  const invalid: InvalidEntry[] = [];
  const items: RegistryItem[] = [];
  const raw = doc.images;
  if (raw !== undefined && !Array.isArray(raw)) {
    throw new UserError(`registry ${url}: 'images' must be an array of tables ([[images]])`);
  }
  let rustParsed = true;
  (raw ?? []).forEach((item: unknown, i: number) => {
    const line = lines.nth('images', i);
    const where = line ? `${url}:${line}` : url;
    // Read once: serde's view, the order and the entry each need the same instant.
    const instant = isTable(item) ? stringInstant(item.released_at) : undefined;
    const rust = rustEntry(item, lines, i, instant);
    // serde stops at the first entry that does not fit: later ones say nothing more to it.
    if (rustParsed) rustFindings.push(...rust.findings);
    if (rust.findings.some((f) => f.kind === 'parse')) rustParsed = false;
    let entry: ImageEntry | undefined;
    let problem: string | undefined;
    try {
      entry = validateEntry(item, url, where, lines, i, remote, instant);
      images.push(entry);
    } catch (err) {
      problem = (err as Error).message;
      const name = isTable(item) && typeof item.name === 'string' ? item.name : undefined;
      invalid.push({ name, where, problem });
    }
    if (isTable(item) && typeof item.name === 'string' && typeof item.version === 'string') {
      items.push({
        name: item.name,
        version: item.version,
        where,
        released: releasedOf(item.released_at, instant),
        ...(entry ? { entry } : { problem }),
        identity: entry
          ? `${entry.sha256}\u0000${entry.url}`
          : JSON.stringify([item.sha256 ?? null, item.url ?? null]),
        ...(rust.fields ? { rust: rust.fields } : {}),
      });
    }
  });
  return { url, includes, includeRefs, refusedIncludes, images, invalid, items, rustFindings };
}

/** A `released_at` string read as an RFC 3339 instant; undefined for anything else. */
function stringInstant(v: unknown): Instant | undefined {
  return typeof v === 'string' ? parseInstant(v) : undefined;
}

/** `released_at` for ordering: absent, an instant, or a value that names none. */
function releasedOf(v: unknown, instant: Instant | undefined): Released {
  if (v === undefined) return undefined;
  if (v instanceof TomlDate) return v.isDateTime() && !v.isLocal() ? instantOfTomlDate(v) : 'unreadable';
  return instant ?? 'unreadable';
}

function parseIncludes(
  raw: unknown,
  url: string,
  lines: LineIndex,
  remote: boolean,
  refused: ParsedRegistry['refusedIncludes'],
  rustFindings: RustFinding[],
): Pick<ParsedRegistry, 'includes' | 'includeRefs'> {
  if (raw === undefined) return { includes: [], includeRefs: [] };
  if (!Array.isArray(raw)) {
    throw new UserError(`registry ${url}: 'includes' must be an array of tables ([[includes]])`);
  }
  const includes: string[] = [];
  const includeRefs: ParsedRegistry['includeRefs'] = [];
  raw.forEach((item: unknown, i: number) => {
    const line = lines.nth('includes', i);
    const where = line ? `${url}:${line}` : url;
    if (!isTable(item) || typeof item.url !== 'string' || item.url.trim() === '') {
      throw new UserError(`registry ${where}: [[includes]] entry needs a string 'url'`);
    }
    const finding = rustInclude(item.url, lines.fieldLine('includes', i, 'url') ?? line);
    if (finding) rustFindings.push(finding);
    const ref = item.url.trim();
    const resolved = resolveUrl(ref, url, where);
    const problem = remote ? localUrlProblem(resolved, ref, where) : undefined;
    if (problem) {
      refused.push({ url: ref, error: problem });
      includeRefs.push({ ref: item.url });
    } else {
      includes.push(resolved);
      includeRefs.push({ ref: item.url, resolved });
    }
  });
  return { includes, includeRefs };
}

function validateEntry(
  item: unknown,
  registryUrl: string,
  where: string,
  lines: LineIndex,
  index: number,
  remote: boolean,
  instant: Instant | undefined,
): ImageEntry {
  if (!isTable(item)) throw new Error('[[images]] entry is not a table');
  // Looked up only for a message: scanning for a field's line costs more than checking the field.
  const fieldWhere = (field: string): string => {
    const line = lines.fieldLine('images', index, field);
    return line ? `${registryUrl}:${line}` : where;
  };
  const str = (field: string, required = true): string | undefined => {
    const v = item[field];
    if (v === undefined) {
      if (required) throw new Error(`missing field '${field}' in [[images]] at ${where}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      throw new Error(`field '${field}' at ${fieldWhere(field)} must be a string, found ${typeName(v)}`);
    }
    return v;
  };
  const name = str('name') as string;
  if (!NAME_RE.test(name))
    throw new Error(`field 'name' at ${fieldWhere('name')} is not a valid name: '${name}'`);
  const version = str('version') as string;
  if (!VERSION_RE.test(version)) {
    throw new Error(`field 'version' at ${fieldWhere('version')} is not a valid version: '${version}'`);
  }
  if (baseTooLong(name, version) !== undefined) {
    throw new Error(
      `fields 'name' and 'version' at ${fieldWhere('name')} are too long: together they may have at most ${MAX_BASE_LENGTH} characters`,
    );
  }
  const sha256 = (str('sha256') as string).trim();
  if (!SHA256_RE.test(sha256.toLowerCase())) {
    throw new Error(`field 'sha256' at ${fieldWhere('sha256')} must be 64 hex digits, found '${sha256}'`);
  }
  const arch = str('arch') as string;
  if (!NAME_RE.test(arch))
    throw new Error(`field 'arch' at ${fieldWhere('arch')} is not a valid arch: '${arch}'`);
  const description = str('description', false) ?? '';
  const ref = (str('url') as string).trim();
  const url = resolveUrl(ref, registryUrl, () => fieldWhere('url'));
  const problem = remote ? localUrlProblem(url, ref, () => fieldWhere('url')) : undefined;
  if (problem) throw new Error(problem);
  const releasedAt = parseReleasedAt(item.released_at, instant, () => fieldWhere('released_at'));
  const entry: ImageEntry = {
    name,
    version,
    description,
    sha256: sha256.toLowerCase(),
    arch,
    url,
    source: where,
  };
  if (releasedAt !== undefined) entry.releasedAt = releasedAt;
  return entry;
}

function parseReleasedAt(v: unknown, instant: Instant | undefined, where: () => string): string | undefined {
  if (v === undefined) return undefined;
  if (v instanceof TomlDate) {
    // A TOML local date or local date-time has no offset, so it names no instant.
    if (!v.isDateTime() || v.isLocal()) {
      throw new Error(`field 'released_at' at ${where()} must be a date-time with an offset (RFC 3339)`);
    }
    return v.toISOString();
  }
  if (instant) return isoOfInstant(instant);
  throw new Error(
    `field 'released_at' at ${where()} must be an RFC 3339 date-time such as "2026-04-03T01:28:26Z", found ${JSON.stringify(v)}`,
  );
}

/**
 * Resolves an include or image URL against the registry that names it, so registries can use
 * relative paths. Only http(s) and file URLs are accepted.
 */
export function resolveUrl(ref: string, base: string, where: string | (() => string)): string {
  const at = (): string => (typeof where === 'string' ? where : where());
  let u: URL;
  try {
    u = new URL(ref, base);
  } catch {
    throw new UserError(`registry ${at()}: '${ref}' is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') {
    throw new UserError(`registry ${at()}: URL '${ref}' must be http(s) or file, not ${u.protocol}`);
  }
  return u.href;
}

/**
 * Why a document read over http(s) may not name this URL, if it may not. Decided from the URL
 * alone, so the answer says nothing about the file system: whether the path exists is not asked.
 */
function localUrlProblem(resolved: string, ref: string, where: string | (() => string)): string | undefined {
  if (resolved.startsWith('http:') || resolved.startsWith('https:')) return undefined;
  return `registry ${typeof where === 'string' ? where : where()}: refusing URL '${ref}': a registry read over http(s) may name only http(s) URLs, not local files`;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date-time';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'a table' : `a ${typeof v}`;
}
