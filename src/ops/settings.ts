import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REGISTRY_BASE =
  'https://raw.githubusercontent.com/arceos-hypervisor/axvisor-guest/refs/heads/main/registry';

/** The registry AxVisor publishes; it includes one file per release. */
export const DEFAULT_REGISTRY = `${REGISTRY_BASE}/default.toml`;
/** The newest single-release registry, for when default.toml cannot be had. */
export const DEFAULT_FALLBACK_REGISTRY = `${REGISTRY_BASE}/v0.0.26.toml`;

/** The Rust tool's local storage, so both find each other's files. */
export function defaultOutputDir(): string {
  return join(tmpdir(), '.axvisor-images');
}

/** Generous: the largest published image unpacks to a few GiB. */
export const DEFAULT_MAX_SIZE = 64 * 1024 ** 3;
