import { UserError } from '../core/errors.js';

/** `name` or `name:version`, as the Rust tool takes it; `version` undefined means "latest". */
export interface ImageSpec {
  name: string;
  version?: string;
}

/** What an image name may be, in a spec and in a registry (arch names too). */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

/**
 * Longest `<name>` or `<name>-<version>` accepted. The output dir holds `<base><ext>`, its temp
 * copies `<base><ext>.<pid>-<tag>.part` and `.<base>.partial-<pid>-<tag>`: with the longest
 * extension and pid these stay under the file system's 255-byte names, with room to spare.
 */
export const MAX_BASE_LENGTH = 200;

/** The `<name>-<version>` (or `<name>`) files are named after, when over `MAX_BASE_LENGTH`. */
export function baseTooLong(name: string, version?: string): string | undefined {
  const base = version === undefined ? name : `${name}-${version}`;
  return base.length > MAX_BASE_LENGTH ? base : undefined;
}

/** Parses one spec; `input` names where it came from, for the error message. */
export function parseSpec(text: string, input = 'image'): ImageSpec {
  const spec = text.trim();
  if (spec === '') throw new UserError(`an image spec is empty`, { setting: input });
  // Split at the first colon, like the Rust tool: names never contain one, versions may not either.
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const version = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!NAME_RE.test(name)) {
    throw new UserError(
      `'${spec}' is not a valid image spec: the name must be letters, digits, '_', '-' or '.' (expected 'name' or 'name:version')`,
      { setting: input },
    );
  }
  if (version !== undefined && !VERSION_RE.test(version)) {
    throw new UserError(
      `'${spec}' is not a valid image spec: the version after ':' must be letters, digits, '.', '_', '+' or '-'`,
      { setting: input },
    );
  }
  const long = baseTooLong(name, version);
  if (long !== undefined) {
    throw new UserError(
      `'${spec.slice(0, 40)}…' is too long an image spec: the name and version together may have at most ${MAX_BASE_LENGTH} characters (this one has ${long.length}), as files are named after them`,
      { setting: input },
    );
  }
  return version === undefined ? { name } : { name, version };
}

/**
 * Parses an input that holds specs one per line or separated by commas, as AxVisor's matrix
 * writes several (`vmimage_name: a,b`); blank lines and `#` comments ignored. A spec never holds
 * a comma.
 */
export function parseSpecList(text: string, input = 'image'): ImageSpec[] {
  return splitLines(text)
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((spec) => parseSpec(spec, input));
}

/** One value per line or per comma-free line; blank lines and `#` comments dropped. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function formatSpec(spec: ImageSpec): string {
  return spec.version === undefined ? spec.name : `${spec.name}:${spec.version}`;
}
