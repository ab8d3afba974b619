import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inputs } from '../../src/action/inputs.js';
import { parseInputs } from '../../src/action/inputs.js';
import type { Log } from '../../src/core/log.js';
import type { RetryPolicy } from '../../src/net/retry.js';
import { registryOfDocuments, RUST_NOTE, type LoadedRegistry } from '../../src/registry/load.js';
import type { ImageEntry } from '../../src/registry/types.js';
import type { FileServer } from './file-server.js';
import { MemoryLog } from './memory-log.js';

/** Where the published registry lives; the fixtures include each other by these URLs. */
export const UPSTREAM_REGISTRY_BASE =
  'https://raw.githubusercontent.com/arceos-hypervisor/axvisor-guest/refs/heads/main/registry/';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'registry');

/** Backoff short enough that a test with several retries still takes milliseconds. */
export const FAST_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };

/**
 * Serves copies of the real published registry (default.toml and the v0.0.x files it includes)
 * under `prefix`, with the include URLs pointing at the local server instead of GitHub.
 * Returns the URL of the served default.toml.
 */
export function serveFixtureRegistry(server: FileServer, prefix = '/registry/'): string {
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.toml'))) {
    const text = readFileSync(join(FIXTURES, name), 'utf8').replaceAll(
      UPSTREAM_REGISTRY_BASE,
      `${server.url}${prefix}`,
    );
    server.set(`${prefix}${name}`, text);
  }
  return `${server.url}${prefix}default.toml`;
}

/** Warnings without the notes on what the Rust tool makes of a registry, for tests about other things. */
export function withoutRustNotes(warnings: string[]): string[] {
  return warnings.filter((w) => !w.startsWith(RUST_NOTE));
}

/** The published registry files by the URLs they are published at. */
export function publishedDocuments(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.toml'))) {
    docs.set(`${UPSTREAM_REGISTRY_BASE}${name}`, readFileSync(join(FIXTURES, name), 'utf8'));
  }
  return docs;
}

/**
 * A registry loaded from documents at hand, as if `registries` had answered with them: the whole
 * computation, offline. A URL not in `docs` counts as one that could not be read.
 */
export function registryFrom(
  docs: Map<string, string>,
  registries: string[],
  log: Log = new MemoryLog(),
  fallback?: string,
): LoadedRegistry {
  const saved = new Map([...docs].map(([url, text]) => [url, { url, answered: url, text }]));
  return registryOfDocuments(saved, { registries, ...(fallback ? { fallback } : {}) }, log, {
    kind: 'registry',
    roots: registries,
  });
}

/** An entry as the registry parser would produce it, for tests of selection and pulling. */
export function entry(fields: Partial<ImageEntry> & Pick<ImageEntry, 'name' | 'version'>): ImageEntry {
  return {
    description: '',
    sha256: '0'.repeat(64),
    arch: 'aarch64',
    url: `https://example.invalid/${fields.name}.tar.gz`,
    source: 'test.toml:1',
    ...fields,
  };
}

/**
 * Action inputs as a workflow would give them (names as in action.yml). The fallback registry is
 * 'none' unless given, so a test never reaches for the published one on the internet.
 */
export function inputs(values: Record<string, string>): Inputs {
  const all: Record<string, string> = { 'fallback-registry': 'none', ...values };
  return parseInputs((name) => all[name] ?? '');
}
