/*
 * The Rust tool's bootstrap (axbuild `src/axvisor/image/registry.rs`, `resolve_bootstrap_source`
 * with `preferred_include` and `parse_registry_version`, 0.4.3 and later): a registry with
 * includes is read from one of them only, the highest `vX.Y.Z.toml` by file name, else the last.
 */

const U64_MAX = (1n << 64n) - 1n;

/**
 * The version a registry file name carries: the text after the last `/` must be `v` + three
 * dot-separated `u64`s + `.toml` (Rust's `u64` parse takes an optional `+`); else undefined.
 */
export function registryFileVersion(url: string): [bigint, bigint, bigint] | undefined {
  const fileName = url.slice(url.lastIndexOf('/') + 1);
  if (!fileName.startsWith('v') || !fileName.slice(1).endsWith('.toml')) return undefined;
  const parts = fileName.slice(1, -'.toml'.length).split('.');
  if (parts.length !== 3) return undefined;
  const numbers = parts.map((p) => (/^\+?\d+$/.test(p) ? BigInt(p) : undefined));
  if (numbers.some((n) => n === undefined || n > U64_MAX)) return undefined;
  return numbers as [bigint, bigint, bigint];
}

/** The index of the include the Rust tool bootstraps from: the first of the highest version, else the last. */
export function preferredInclude(refs: string[]): number | undefined {
  let best: { index: number; version: [bigint, bigint, bigint] } | undefined;
  refs.forEach((ref, index) => {
    const version = registryFileVersion(ref);
    if (version && (!best || greater(version, best.version))) best = { index, version };
  });
  if (best) return best.index;
  return refs.length > 0 ? refs.length - 1 : undefined;
}

function greater(a: [bigint, bigint, bigint], b: [bigint, bigint, bigint]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}
