import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'smol-toml';
import { errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { fetchText, MAX_REGISTRY_BYTES } from '../net/fetch-text.js';
import { NO_RETRY } from '../net/retry.js';
import { REGISTRY_SNAPSHOTS_DIR, STORE_DIR } from '../storage/layout.js';
import { readOwnFile } from '../storage/own-file.js';
import { privateDir, storeDir, writeFileAtomic } from '../storage/staging.js';
import { currentUid, isTrustedFile, trustProblem } from '../storage/trust.js';

/**
 * The action's own record of the registry documents it last read in full for one registry input
 * (`registry` and `fallback-registry`): `<output-dir>/.axvisor-image/registries/<sha256>.toml`.
 * It is read back only for that same input, and only when every network source fails; the file
 * says which input made it, and a file that says otherwise, or is not well formed, is not used.
 */

/** The registry URLs and fallback a snapshot is for. */
export interface SnapshotInput {
  registries: string[];
  fallback?: string;
}

/** One document as it was read. */
export interface SavedDocument {
  /** The URL as named (by the input or an include): what includes refer to it by. */
  url: string;
  /** The URL that answered, after redirects. */
  answered: string;
  text: string;
}

export interface Snapshot {
  path: string;
  savedAt?: number;
  documents: Map<string, SavedDocument>;
}

const FORMAT = 1;
/** Generous: the published registry is some 50 KiB; a file past this is not one of ours. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;
const MAX_DOCUMENTS = 256;

/** Where the snapshot for `input` lives in `root` (an output dir). */
export function snapshotPath(root: string, input: SnapshotInput): string {
  return join(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR, `${snapshotKey(input)}.toml`);
}

/** What names a registry input's records in the store: the SHA-256 of its key text. */
export function snapshotKey(input: SnapshotInput): string {
  return createHash('sha256').update(keyText(input)).digest('hex');
}

/** The text two records of the same registry input agree on. */
export function keyText(input: SnapshotInput): string {
  return JSON.stringify({ registries: input.registries, fallback: input.fallback ?? null });
}

const HEADER =
  '# The registry documents axvisor-image last read in full for the registry input below;\n' +
  '# read back only for that input, when no registry can be fetched.\n\n';

/**
 * Saves the documents read for `input`, replacing the last snapshot for it in one rename. When
 * the snapshot there already holds exactly these documents it is left as it is (its `saved_at`
 * then says since when they have been the same), so a repeat run writes nothing.
 */
export async function writeSnapshot(
  root: string,
  input: SnapshotInput,
  documents: SavedDocument[],
  now = Date.now(),
): Promise<string> {
  await mkdir(root, { recursive: true });
  await privateDir(join(await storeDir(root), REGISTRY_SNAPSHOTS_DIR));
  const path = snapshotPath(root, input);
  const body = stringify({
    format: FORMAT,
    registries: input.registries,
    ...(input.fallback ? { fallback: input.fallback } : {}),
    documents: documents.map((d) => ({ url: d.url, answered: d.answered, text: d.text })),
  });
  if (await holds(path, body)) return path;
  await writeFileAtomic(root, path, `${HEADER}saved_at = ${Math.floor(now / 1000)}\n${body}\n`);
  return path;
}

/** Whether the file at `path` is ours and is `body` as `writeSnapshot` writes it, whatever its `saved_at`. */
async function holds(path: string, body: string): Promise<boolean> {
  // The bytes of the header, a `saved_at` line of at most 32 and the body, at most.
  const limit = Buffer.byteLength(HEADER) + Buffer.byteLength(body) + 34;
  const { text } = await readOwnFile(path, currentUid(), limit);
  if (text === undefined || !text.startsWith(HEADER) || !text.endsWith(`\n${body}\n`)) return false;
  return /^saved_at = \d{1,20}$/.test(text.slice(HEADER.length, text.length - body.length - 2));
}

/**
 * The snapshot for `input` in `root`, or undefined: absent, not this user's private file, or not
 * what this tool writes (any shape, size or bytes), each with a debug line; never an exception.
 */
export async function readSnapshot(
  root: string,
  input: SnapshotInput,
  log: Log,
): Promise<Snapshot | undefined> {
  const path = snapshotPath(root, input);
  const absent = (why: string): undefined => {
    log.debug(`no usable registry snapshot at ${path}: ${why}`);
    return undefined;
  };
  try {
    const dirProblem = await snapshotDirProblem(root);
    if (dirProblem) return absent(dirProblem);
    if (!(await isTrustedFile(path))) {
      const exists = await lstat(path).then(
        () => true,
        () => false,
      );
      if (exists) log.warn(`${path} is not this user's own file, or others can write it; not using it`);
      return absent(exists ? 'not trusted' : 'there is none');
    }
    const { text } = await fetchText(pathToFileURL(path).href, {
      retry: NO_RETRY,
      log,
      maxBytes: MAX_SNAPSHOT_BYTES,
    });
    const why = { value: '' };
    const snap = validate(parse(text), input, why);
    return snap ? { path, ...snap } : absent(why.value);
  } catch (err) {
    return absent(errorMessage(err));
  }
}

/**
 * Why the store's registries dir in `root` may not be read from, or undefined when it may: it
 * and the store dir must be this user's and closed to others.
 */
export async function snapshotDirProblem(root: string): Promise<string | undefined> {
  for (const dir of [join(root, STORE_DIR), join(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR)]) {
    const st = await lstat(dir).catch(() => undefined);
    if (!st) return 'there is none';
    const problem =
      trustProblem(st, currentUid(), 'directory') ??
      ((st.mode & 0o077) !== 0 ? 'is open to other users' : undefined);
    if (problem) return `${dir} ${problem}`;
  }
  return undefined;
}

function validate(
  raw: unknown,
  input: SnapshotInput,
  why: { value: string },
): Omit<Snapshot, 'path'> | undefined {
  const fail = (reason: string): undefined => {
    why.value = reason;
    return undefined;
  };
  if (!isTable(raw)) return fail('not a table');
  if (raw.format !== FORMAT) return fail(`format ${String(raw.format)}, not ${FORMAT}`);
  if (!Array.isArray(raw.registries) || !raw.registries.every((r) => typeof r === 'string')) {
    return fail('registries is not a list of URLs');
  }
  if (raw.fallback !== undefined && typeof raw.fallback !== 'string') return fail('fallback is not a URL');
  const made = { registries: raw.registries as string[], fallback: raw.fallback as string | undefined };
  if (keyText(made) !== keyText(input)) return fail('made for another registry input');
  const savedAt =
    typeof raw.saved_at === 'number' && Number.isSafeInteger(raw.saved_at) ? raw.saved_at : undefined;
  const list = raw.documents;
  if (!Array.isArray(list) || list.length > MAX_DOCUMENTS)
    return fail('documents is not a list of at most 256');
  const documents = new Map<string, SavedDocument>();
  for (const d of list) {
    if (
      !isTable(d) ||
      typeof d.url !== 'string' ||
      typeof d.answered !== 'string' ||
      typeof d.text !== 'string'
    ) {
      return fail('a document is not a table of url, answered and text');
    }
    if (!isRegistryUrl(d.url) || !isRegistryUrl(d.answered))
      return fail(`a document URL is not one: ${d.url}`);
    if (Buffer.byteLength(d.text) > MAX_REGISTRY_BYTES)
      return fail(`document ${d.url} is over the size limit`);
    if (documents.has(d.url)) return fail(`document ${d.url} is listed twice`);
    documents.set(d.url, { url: d.url, answered: d.answered, text: d.text });
  }
  return { savedAt, documents };
}

function isRegistryUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.href === s && ['http:', 'https:', 'file:'].includes(u.protocol);
  } catch {
    return false;
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
