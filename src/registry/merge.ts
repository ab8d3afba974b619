import { byNameThenVersion } from './order.js';
import type { ImageEntry } from './types.js';

/**
 * Merges entries by (name, version): the first seen wins, as in the Rust tool. A later entry with
 * the same key but another digest or URL is reported, naming both sources, because it means two
 * registries disagree about what an image is.
 */
export function mergeEntries(lists: ImageEntry[][], warn: (message: string) => void): ImageEntry[] {
  const byKey = new Map<string, ImageEntry>();
  for (const list of lists) {
    for (const entry of list) {
      const key = `${entry.name}\u0000${entry.version}`;
      const kept = byKey.get(key);
      if (!kept) {
        byKey.set(key, entry);
      } else if (kept.sha256 !== entry.sha256 || kept.url !== entry.url) {
        warn(
          `conflicting entries for ${entry.name}:${entry.version}: keeping ${kept.source} (sha256 ${kept.sha256.slice(0, 12)}…), ignoring ${entry.source} (sha256 ${entry.sha256.slice(0, 12)}…)`,
        );
      }
    }
  }
  return sortEntries([...byKey.values()]);
}

export function sortEntries(entries: ImageEntry[]): ImageEntry[] {
  return entries.sort(byNameThenVersion);
}
