import { join } from 'node:path';

const KNOWN_EXTENSIONS = ['.tar.gz', '.tgz', '.tar.xz', '.txz', '.tar.zst', '.tzst', '.tar.zstd', '.tar'];

/** The archive's extension as its URL gives it; `.tar.gz` when the URL says nothing we know. */
export function archiveExtension(url: string): string {
  const path = new URL(url).pathname.toLowerCase();
  return KNOWN_EXTENSIONS.find((ext) => path.endsWith(ext)) ?? '.tar.gz';
}

/** The extension axbuild 0.4.2 gives every archive, whatever its URL says. */
export const RUST_042_EXTENSION = '.tar.gz';

/**
 * Where one image lives in the output dir, named as the Rust tool names it so that
 * `cargo xtask image download` finds our files: `<name>[-<version>]<ext>` and `<name>[-<version>]/`.
 * The version appears only when the spec named one.
 */
export interface ImageLayout {
  outputDir: string;
  /** `<name>` or `<name>-<version>`. */
  base: string;
  /** The name this tool writes: the URL's extension, as later versions of the Rust tool do. */
  archive: string;
  /**
   * Every name under which either tool may have left the archive, ours first: axbuild 0.4.2
   * writes `<base>.tar.gz` whatever the URL says. Only `archive` is ever written or replaced.
   */
  archiveNames: string[];
  extractDir: string;
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

/** Holds the archive's digest once extraction completed (the Rust tool writes it too). */
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
  const archive = join(outputDir, base + archiveExtension(entry.url));
  const rust042 = join(outputDir, base + RUST_042_EXTENSION);
  return {
    outputDir,
    base,
    archive,
    archiveNames: archive === rust042 ? [archive] : [archive, rust042],
    extractDir: join(outputDir, base),
  };
}

/** The tool cache's folder of ours in `RUNNER_TOOL_CACHE`, and the Actions cache's staging root. */
export const TOOL_CACHE_DIR = 'axvisor-image';
/** A cached archive's name in its `<sha256>/` entry dir, in the tool cache and the Actions cache. */
export const cachedArchiveName = (extension: string): string => `archive${extension}`;
/** Whether `name` is one `cachedArchiveName` gives, for some extension we know. */
export const isCachedArchiveName = (name: string): boolean =>
  KNOWN_EXTENSIONS.some((ext) => name === cachedArchiveName(ext));
/** The lock that lets one job at a time stage an Actions cache save of `sha256`. */
export const saveLockName = (sha256: string): string => `.${sha256}.lock`;
