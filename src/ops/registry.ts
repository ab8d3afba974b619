import { errorMessage, UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import type { Log } from '../core/log.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../net/retry.js';
import { loadRegistry, type LoadedRegistry } from '../registry/load.js';
import { writeRustFiles } from '../registry/rust-files.js';
import { writeIncludeHints } from '../registry/include-hints.js';
import { snapshotPath, writeSnapshot } from '../registry/snapshot.js';
import type { OpsContext } from './context.js';
import { DEFAULT_REGISTRY, type Settings } from './settings.js';

export function retryPolicy(settings: Settings, ctx: OpsContext): RetryPolicy {
  return { ...DEFAULT_RETRY, ...ctx.retry, retries: settings.retries };
}

/**
 * Loads the registry (with the fallback, and the last good snapshot of this same input unless
 * `fallback-registry` is `none`), then saves what it read: the action's own snapshot, and the
 * Rust tool's `images.toml` and `.last_sync` when they are what its own sync would write.
 */
export async function loadAndSnapshot(settings: Settings, ctx: OpsContext): Promise<LoadedRegistry> {
  const reg = await ctx.log.group('Registry', async () => {
    const loaded = await loadRegistry({
      registries: settings.registries,
      fallback: settings.fallbackRegistry,
      snapshotRoot: settings.noFallback ? undefined : settings.outputDir,
      hintRoot: settings.outputDir,
      retry: retryPolicy(settings, ctx),
      log: ctx.log,
      token: settings.token,
      stallMs: ctx.stallMs,
    });
    ctx.log.info(`${plural(loaded.images.length, 'image')} from ${registrySource(loaded)}`);
    const { source } = loaded.rust;
    if (source) {
      ctx.log.debug(
        `the Rust tool reads ${source.url} (${source.role}) and its includes: ${plural(loaded.rust.items.length, 'image')}; specs are resolved there first`,
      );
    }
    return loaded;
  });
  await saveRegistry(settings, reg, ctx.log, false);
  return reg;
}

/** Where `saveRegistry` put things, or why it did not. */
export interface SaveReport {
  /** The action's own snapshot, when saved. */
  snapshot?: string;
  /** `images.toml`, when written. */
  rustFiles?: string;
  /** Why `images.toml` and `.last_sync` were left as they are. */
  rustFilesLeft?: string;
}

/**
 * Saves the action's own snapshot (only a load that read every document of the registry itself)
 * and the Rust tool's files (only what its own sync would write). A failure is a warning, or an
 * error when `strict` (the `sync` command, whose only work this is).
 */
export async function saveRegistry(
  settings: Settings,
  reg: LoadedRegistry,
  log: Log,
  strict: boolean,
): Promise<SaveReport> {
  const report: SaveReport = {};
  const fail = (what: string, err: unknown): void => {
    const message = `could not save ${what}: ${errorMessage(err)}`;
    if (strict) throw new UserError(message);
    log.warn(message);
  };
  if (reg.complete) {
    try {
      report.snapshot = await writeSnapshot(settings.outputDir, reg.input, reg.documents);
    } catch (err) {
      fail(`the registry snapshot to ${snapshotPath(settings.outputDir, reg.input)}`, err);
    }
    // Only a way to be faster next time: a store that cannot keep it (read-only) loses nothing.
    await writeIncludeHints(
      settings.outputDir,
      reg.input,
      reg.documents.map((d) => d.url),
    ).catch((err: unknown) => log.debug(`the registry's include list was not kept: ${errorMessage(err)}`));
  } else if (reg.kind !== 'snapshot') {
    log.debug('not every registry document was read: the last good snapshot is kept as it was');
  }
  report.rustFilesLeft = rustFilesProblem(settings, reg);
  if (report.rustFilesLeft) {
    log.debug(`images.toml and .last_sync left as they are: ${report.rustFilesLeft}`);
    return report;
  }
  try {
    report.rustFiles = await writeRustFiles(settings.outputDir, reg.rust.items);
  } catch (err) {
    fail(`images.toml and .last_sync in ${settings.outputDir}`, err);
  }
  return report;
}

/**
 * Why `cargo xtask image sync` would not write what this load's Rust view holds, or undefined
 * when it would. Its configuration names one registry, by default the built-in one; a run that
 * reads another first is not what it syncs from, so its files are left to it.
 */
export function rustFilesProblem(settings: Settings, reg: LoadedRegistry): string | undefined {
  if (settings.registries[0] !== DEFAULT_REGISTRY) {
    return `the Rust tool syncs from ${DEFAULT_REGISTRY}, and this run's first registry is ${settings.registries[0]}`;
  }
  if (reg.kind === 'snapshot') return 'no registry could be read';
  if (reg.kind === 'fallback') {
    return `${DEFAULT_REGISTRY} could not be read, and the Rust tool would fall back to a registry of its own choosing`;
  }
  if (reg.rust.syncProblem) return `cargo xtask image sync would fail: ${reg.rust.syncProblem}`;
  return undefined;
}

/** The `registry-source` output: which URLs served, and in what role. */
export function registrySource(reg: LoadedRegistry): string {
  return `${reg.roots.join(', ')} (${reg.kind})`;
}
