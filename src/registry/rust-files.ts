import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { LAST_SYNC, RUST_REGISTRY_FILE } from '../storage/layout.js';
import { writeFileAtomic } from '../storage/staging.js';
import type { RegistryItem } from './types.js';

/**
 * `images.toml` as the Rust tool's sync writes it: `toml::to_string_pretty` of its merged
 * registry, one `[[images]]` table per entry in its order, the fields in its struct's order,
 * `released_at` as chrono writes it and left out when absent. Only for a view whose every
 * entry the Rust tool parses (`RegistryItem.rust`); throws otherwise.
 */
export function rustRegistryText(items: RegistryItem[]): string {
  const images = items.map((item) => {
    if (!item.rust) throw new Error(`${item.where}: the Rust tool does not parse this entry`);
    return item.rust;
  });
  return stringify({ images });
}

/**
 * Writes `images.toml` and `.last_sync` (whole seconds, as the Rust tool writes them) into the
 * Rust tool's storage dir, each by one rename: a reader sees the old file or the new one, and a
 * failure leaves no temp file behind.
 */
export async function writeRustFiles(dir: string, items: RegistryItem[], now = Date.now()): Promise<string> {
  const path = join(dir, RUST_REGISTRY_FILE);
  await writeFileAtomic(dir, path, rustRegistryText(items));
  await writeFileAtomic(dir, join(dir, LAST_SYNC), String(Math.floor(now / 1000)));
  return path;
}
