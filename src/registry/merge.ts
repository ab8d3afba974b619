import { compareRustKey } from './rust-order.js';
import type { RegistryItem } from './types.js';

/** Two entries with one name and version that disagree on the digest or the URL. */
export interface Conflict {
  kept: RegistryItem;
  dropped: RegistryItem;
}

/**
 * Merges entries by (name, version) as the Rust tool does: the first seen wins, the rest are
 * dropped, and the result is in its `(name, version)` text order. Unlike the Rust tool, which
 * drops them silently, a dropped entry with another digest or URL is returned as a conflict.
 */
export function mergeItems(lists: RegistryItem[][]): { items: RegistryItem[]; conflicts: Conflict[] } {
  const byKey = new Map<string, RegistryItem>();
  const conflicts: Conflict[] = [];
  for (const list of lists) {
    for (const item of list) {
      const key = `${item.name}\u0000${item.version}`;
      const kept = byKey.get(key);
      if (!kept) byKey.set(key, item);
      else if (kept.identity !== item.identity) conflicts.push({ kept, dropped: item });
    }
  }
  return { items: [...byKey.values()].sort(compareRustKey), conflicts };
}
