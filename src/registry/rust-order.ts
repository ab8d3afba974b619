import { compareReleased } from './instant.js';
import type { Instant, RegistryItem } from './types.js';

/*
 * The Rust tool's order and its `latest` (axbuild `src/axvisor/image/registry.rs`: `merge_entries`
 * sorts by `(name, version)` as `&str`, and `find` without a version takes `max_by` on
 * `released_at` over that list). See docs/compatibility.md.
 */

/**
 * Rust's `str` order: by UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16
 * units, which differs only where a surrogate pair meets a unit from U+E000 to U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit moved to where its code point sorts: surrogates after U+FFFF, not before U+E000. */
function utf8Rank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** The order of Rust's `(name.as_str(), version.as_str())` tuples. */
export function compareRustKey(
  a: { name: string; version: string },
  b: { name: string; version: string },
): number {
  return compareUtf8(a.name, b.name) || compareUtf8(a.version, b.version);
}

/**
 * The Rust tool's `latest` among `items` (all of one name): `max_by` over them in `(name,
 * version)` text order keeps the last of equal maxima, and no `released_at` sorts before any.
 * Also every item that ties with it, for a warning. Items whose `released_at` cannot be read are
 * the caller's to rule out first.
 */
export function rustLatest(
  items: (RegistryItem & { released: Instant | undefined })[],
): { chosen: RegistryItem; ties: RegistryItem[] } | undefined {
  const sorted = [...items].sort(compareRustKey);
  let chosen: (typeof sorted)[number] | undefined;
  for (const item of sorted) {
    if (!chosen || compareReleased(item.released, chosen.released) >= 0) chosen = item;
  }
  if (!chosen) return undefined;
  const best = chosen.released;
  return { chosen, ties: sorted.filter((i) => i !== chosen && compareReleased(i.released, best) === 0) };
}
