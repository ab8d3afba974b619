import type { ImageEntry } from './types.js';

/**
 * Compares version strings part by part, numerically where both parts are numbers
 * ("0.0.10" > "0.0.9"), as text otherwise. For display only (the matrix, lists of versions):
 * which entry is the latest follows the Rust tool's rule (rust-order.ts).
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** By name, then by version: how the matrix and the CLI list entries. */
export function byNameThenVersion(a: ImageEntry, b: ImageEntry): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return compareVersions(a.version, b.version);
}

/** `released_at` as registries write it: RFC 3339 without milliseconds; '' when absent. */
export function releasedText(e: ImageEntry): string {
  return e.releasedAt ? e.releasedAt.replace('.000Z', 'Z') : '';
}
