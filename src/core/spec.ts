import { UserError } from './errors.js';

/** `name` or `name:version`, as the Rust tool takes it; `version` undefined means "latest". */
export interface ImageSpec {
  name: string;
  version?: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

/** Parses one spec; `input` names where it came from, for the error message. */
export function parseSpec(text: string, input = 'image'): ImageSpec {
  const spec = text.trim();
  if (spec === '') throw new UserError(`input '${input}': an image spec is empty`);
  // Split at the first colon, like the Rust tool: names never contain one, versions may not either.
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const version = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!NAME_RE.test(name)) {
    throw new UserError(
      `input '${input}': '${spec}' is not a valid image spec: the name must be letters, digits, '_', '-' or '.' (expected 'name' or 'name:version')`,
    );
  }
  if (version !== undefined && !VERSION_RE.test(version)) {
    throw new UserError(
      `input '${input}': '${spec}' is not a valid image spec: the version after ':' must be letters, digits, '.', '_', '+' or '-'`,
    );
  }
  return version === undefined ? { name } : { name, version };
}

/** Parses an input that holds one spec per line (blank lines and `#` comments ignored). */
export function parseSpecList(text: string, input = 'image'): ImageSpec[] {
  return splitLines(text).map((line) => parseSpec(line, input));
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
