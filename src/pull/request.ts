import type { Log } from '../core/log.js';
import type { AuthPolicy } from '../net/http.js';
import type { RetryPolicy } from '../net/retry.js';
import type { ImageSpec } from '../registry/spec.js';
import type { ImageEntry } from '../registry/types.js';
import type { ImageLayout } from '../storage/layout.js';
import type { ImageFiles } from '../unpack/image-files.js';
import type { Mirror } from './mirrors.js';
import type { ToolCache } from './tool-cache.js';

/** The GitHub Actions cache, as the pull needs it. Implementations never throw: trouble is a warning. */
export interface ArchiveCache {
  /** Restores the archive with this digest; resolves to its path, or undefined on a miss. */
  restore(sha256: string): Promise<string | undefined>;
  /** Saves a verified archive under its digest. */
  save(sha256: string, archivePath: string, extension: string): Promise<void>;
  /** Asks whether an entry exists, downloading nothing. */
  exists(sha256: string): Promise<boolean>;
  /** Removes what `restore` left on disk, given the path it returned (each restore has its own). */
  cleanup(restored: string): Promise<void>;
}

/** Where an image's bytes came from, as the `source` output names it. */
export type Source = 'local' | 'tool-cache' | 'actions-cache' | 'download';

/** How bytes are fetched over the network: built once per operation, passed whole. */
export interface TransferPolicy {
  retry: RetryPolicy;
  auth?: AuthPolicy;
  stallMs?: number;
  /** Cap on the archive's size and on what it unpacks to (the max-size setting). */
  maxBytes?: number;
  /** Stops a download (Ctrl-C): the pull then removes its temp files and throws the reason. */
  signal?: AbortSignal;
  /** Places tried before the registry's own URL (pull/mirrors.ts). */
  mirrors?: Mirror[];
  /** Only the mirrors: the registry's URL is never fetched. */
  mirrorsOnly?: boolean;
}

export interface PullRequest extends TransferPolicy {
  entry: ImageEntry;
  spec: ImageSpec;
  outputDir: string;
  extract: boolean;
  toolCache?: ToolCache;
  actionsCache?: ArchiveCache;
  log: Log;
  /** The output dir is the tools' shared default store (see Store). */
  sharedStore?: boolean;
}

export interface PullResult {
  entry: ImageEntry;
  layout: ImageLayout;
  /** The extracted dir, or the archive when not extracting. */
  path: string;
  /** The archive's path, or '' when only the extracted dir is there. */
  archive: string;
  source: Source;
  /** The URL the bytes were downloaded from (a mirror's or the registry's), credentials masked; '' when none was. */
  sourceUrl: string;
  /** True when nothing was downloaded. */
  cacheHit: boolean;
  files: ImageFiles;
  archiveBytes: number;
  ms: number;
  /** Settles when the Actions cache save started after a download has ended (never rejects). */
  saved: Promise<void>;
}
