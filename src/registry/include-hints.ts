import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REGISTRY_SNAPSHOTS_DIR, STORE_DIR } from '../storage/layout.js';
import { readOwnFile } from '../storage/own-file.js';
import { privateDir, storeDir, writeFileAtomic } from '../storage/staging.js';
import { currentUid } from '../storage/trust.js';
import { MAX_REGISTRY_DOCUMENTS } from './reader.js';
import { keyText, snapshotDirProblem, snapshotKey, type SnapshotInput } from './snapshot.js';

/*
 * The documents a registry input's includes led to at its last complete load, kept beside its
 * snapshot (`<key>.includes.json`). The next load of the same input asks for them while its
 * first document is on its way, so a runner that keeps its output dir waits one round trip for
 * the registry instead of two. A hint and nothing more: read back as untrusted data, limited to
 * the origins the input itself names, fetched without a token, and a document it names is used
 * only once a document read now includes it.
 */

const FORMAT = 1;
/** Far more than 256 URLs take; a file past this is not one of ours. */
const MAX_HINTS_BYTES = 512 * 1024;

export function includeHintsPath(root: string, input: SnapshotInput): string {
  return join(root, STORE_DIR, REGISTRY_SNAPSHOTS_DIR, `${snapshotKey(input)}.includes.json`);
}

function hintsText(input: SnapshotInput, urls: string[]): string {
  const made = { registries: input.registries, fallback: input.fallback };
  return `${JSON.stringify({ format: FORMAT, ...made, includes: urls })}\n`;
}

/** The input's own registry URLs: the registries and the fallback. */
function ownUrls(input: SnapshotInput): string[] {
  return input.fallback ? [...input.registries, input.fallback] : input.registries;
}

/** The URLs the last complete load of `input` read besides the input's own, or none. */
export async function readIncludeHints(root: string, input: SnapshotInput): Promise<string[]> {
  try {
    if (await snapshotDirProblem(root)) return [];
    const { text } = await readOwnFile(includeHintsPath(root, input), currentUid(), MAX_HINTS_BYTES);
    return text === undefined ? [] : validate(JSON.parse(text), input);
  } catch {
    return [];
  }
}

function validate(raw: unknown, input: SnapshotInput): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const r = raw as Record<string, unknown>;
  if (r.format !== FORMAT || !Array.isArray(r.includes) || r.includes.length > MAX_REGISTRY_DOCUMENTS) {
    return [];
  }
  const made = { registries: r.registries, fallback: r.fallback };
  if (keyText(made as SnapshotInput) !== keyText(input)) return [];
  const origins = new Set(
    ownUrls(input).flatMap((u) => {
      const o = webOrigin(u);
      return o ? [o] : [];
    }),
  );
  return r.includes.filter(
    (u): u is string => typeof u === 'string' && origins.has(webOrigin(u) ?? '') && new URL(u).href === u,
  );
}

/** The origin of an http(s) URL; undefined for any other string. */
function webOrigin(s: string): string | undefined {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the URLs a complete load of `input` read besides the input's own; a repeat run that
 * read the same ones writes nothing.
 */
export async function writeIncludeHints(root: string, input: SnapshotInput, urls: string[]): Promise<void> {
  const own = new Set(ownUrls(input));
  const text = hintsText(
    input,
    // Sorted: documents arrive in any order, and the same set must read the same.
    [...new Set(urls)]
      .filter((u) => !own.has(u) && webOrigin(u) !== undefined)
      .sort()
      .slice(0, MAX_REGISTRY_DOCUMENTS),
  );
  const path = includeHintsPath(root, input);
  const kept = await readOwnFile(path, currentUid(), Buffer.byteLength(text));
  if (kept.text === text) return;
  await mkdir(root, { recursive: true });
  await privateDir(join(await storeDir(root), REGISTRY_SNAPSHOTS_DIR));
  await writeFileAtomic(root, path, text);
}
