import { join } from 'node:path';
import type { ImageSpec } from '../core/spec.js';
import type { ImageEntry } from '../registry/types.js';

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

export const MARKER_FILE = '.archive.sha256';
/** Beside the marker: every entry's stamp once extraction was complete (tree-record.ts). */
export const RECORD_FILE = '.archive.fingerprint';
export const REGISTRY_SNAPSHOT = 'images.toml';
export const LAST_SYNC = '.last_sync';

export function imageLayout(outputDir: string, spec: ImageSpec, entry: ImageEntry): ImageLayout {
  const base = spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`;
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
