import { join } from 'node:path';

const KNOWN_EXTENSIONS = ['.tar.gz', '.tgz', '.tar.xz', '.txz', '.tar.zst', '.tzst', '.tar.zstd', '.tar'];

/** The archive's extension as its URL gives it; `.tar.gz` when the URL says nothing we know. */
export function archiveExtension(url: string): string {
  const path = new URL(url).pathname.toLowerCase();
  return KNOWN_EXTENSIONS.find((ext) => path.endsWith(ext)) ?? '.tar.gz';
}

/**
 * Where one image lives in the output dir, named as the Rust tool names it so that
 * `cargo xtask image download` finds our files: `<name>[-<version>]<ext>` and `<name>[-<version>]/`.
 * The version appears only when the spec named one.
 */
export interface ImageLayout {
  outputDir: string;
  /** `<name>` or `<name>-<version>`. */
  base: string;
  archive: string;
  extractDir: string;
  /** Holds the archive's digest once extraction completed; the next run trusts nothing else. */
  marker: string;
}

/**
 * The store's own dir inside an output dir (and inside the tool cache's folder): its staging
 * and its records live there, made private to this user; the store sweeps nothing outside it.
 */
export const STORE_DIR = '.axvisor-image';
/** In the store dir: one private work dir per run (staging.ts). */
export const STAGING_DIR = 'staging';
/** In the store dir: the registry documents last read for each registry input (registry/snapshot.ts). */
export const REGISTRY_SNAPSHOTS_DIR = 'registries';

export const MARKER_FILE = '.archive.sha256';
/** Beside the marker: every entry's stamp once extraction was complete (tree-record.ts). */
export const RECORD_FILE = '.archive.fingerprint';
/** The Rust tool's registry and the time of its last sync, in its storage dir. */
export const RUST_REGISTRY_FILE = 'images.toml';
export const LAST_SYNC = '.last_sync';

/** `<name>`, or `<name>-<version>` when the spec named a version: the archive's and the tree's base name. */
export function imageBase(spec: { name: string; version?: string }): string {
  return spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`;
}

export function imageLayout(
  outputDir: string,
  spec: { name: string; version?: string },
  entry: { url: string },
): ImageLayout {
  const base = imageBase(spec);
  const extractDir = join(outputDir, base);
  return {
    outputDir,
    base,
    archive: join(outputDir, base + archiveExtension(entry.url)),
    extractDir,
    marker: join(extractDir, MARKER_FILE),
  };
}

/** A name for a private temp file or dir beside `target`, unique to this process and call. */
export function tempSibling(target: string, kind: 'part' | 'partial' | 'old'): string {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  if (kind === 'part') return `${target}.${tag}.part`;
  const slash = target.lastIndexOf('/');
  return `${target.slice(0, slash + 1)}.${target.slice(slash + 1)}.${kind}-${tag}`;
}

/**
 * The temp names this project writes (`tempSibling`), each carrying its writer's pid (the
 * capture group):
 * - `<file>.<pid>-<tag>.part`: a download or a cache copy being written;
 * - `.<dir>.partial-<pid>-<tag>`, `.<dir>.old-<pid>-<tag>`: an extraction or a tool cache entry
 *   being built, or a tree being replaced or evicted.
 * Nothing reads these names back as content: a run only ever trusts the final names, so a
 * leftover is garbage to collect, never a file to resume from.
 */
const TEMP_PATTERNS = [/\.(\d+)-[a-z0-9]+\.part$/, /^\..+\.(?:partial|old)-(\d+)-[a-z0-9]+$/];

/** The pid in a temp name this project writes, or undefined for any other name. */
export function tempOwner(name: string): number | undefined {
  for (const re of TEMP_PATTERNS) {
    const m = re.exec(name);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The tool cache's folder of ours in `RUNNER_TOOL_CACHE`, and the Actions cache's staging root. */
export const TOOL_CACHE_DIR = 'axvisor-image';
/** A cached archive's name in its `<sha256>/` entry dir, in the tool cache and the Actions cache. */
export const cachedArchiveName = (extension: string): string => `archive${extension}`;
export const isCachedArchiveName = (name: string): boolean => name.startsWith('archive');
/** The lock that lets one job at a time stage an Actions cache save of `sha256`. */
export const saveLockName = (sha256: string): string => `.${sha256}.lock`;
/** The digest a save lock's name is for, or undefined for any other name. */
export const saveLockDigest = (name: string): string | undefined =>
  /^\.([0-9a-f]{64})\.lock$/.exec(name)?.[1];
