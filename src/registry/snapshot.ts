import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { LAST_SYNC, REGISTRY_SNAPSHOT } from '../storage/layout.js';
import { writeFileAtomic } from '../storage/staging.js';
import { releasedText } from './order.js';
import type { ImageEntry } from './types.js';

/**
 * Writes the merged registry as `images.toml` and the time as `.last_sync`, the files the Rust
 * tool keeps, so `cargo xtask image` in the same job sees the same registry. Written to a temp
 * file and renamed, so a reader never sees half a registry.
 */
export async function writeSnapshot(
  outputDir: string,
  images: ImageEntry[],
  now = Date.now(),
): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const doc = {
    images: images.map((e) => ({
      name: e.name,
      version: e.version,
      ...(e.releasedAt ? { released_at: releasedText(e) } : {}),
      description: e.description,
      sha256: e.sha256,
      arch: e.arch,
      url: e.url,
    })),
  };
  const header =
    '# Merged image registry written by axvisor-image; the next run falls back to it offline.\n\n';
  const path = join(outputDir, REGISTRY_SNAPSHOT);
  await writeFileAtomic(outputDir, path, header + stringify(doc) + '\n');
  await writeFileAtomic(outputDir, join(outputDir, LAST_SYNC), String(Math.floor(now / 1000)));
  return path;
}
