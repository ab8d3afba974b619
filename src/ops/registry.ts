import { errorMessage } from '../core/errors.js';
import { plural } from '../core/format.js';
import type { Settings } from './settings.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../net/retry.js';
import { loadRegistry, type LoadedRegistry } from '../registry/load.js';
import { writeSnapshot } from '../registry/snapshot.js';
import { REGISTRY_SNAPSHOT } from '../storage/layout.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isTrustedFile } from '../storage/trust.js';
import type { OpsContext } from './context.js';

export function retryPolicy(settings: Settings, ctx: OpsContext): RetryPolicy {
  return { ...DEFAULT_RETRY, ...ctx.retry, retries: settings.retries };
}

/** Loads the registry (with fallback and the last snapshot) and saves the merged result. */
export async function loadAndSnapshot(settings: Settings, ctx: OpsContext): Promise<LoadedRegistry> {
  const snapshotPath = join(settings.outputDir, REGISTRY_SNAPSHOT);
  const reg = await ctx.log.group('Registry', async () => {
    // Another user's copy could list their own digests: only ours is a fallback.
    const trusted = await isTrustedFile(snapshotPath);
    if (!trusted && existsSync(snapshotPath)) {
      ctx.log.warn(
        `${snapshotPath} is not this user's own file, or others can write it; not using it as a fallback`,
      );
    }
    const loaded = await loadRegistry({
      registries: settings.registries,
      fallback: settings.fallbackRegistry,
      snapshotPath: trusted ? snapshotPath : undefined,
      retry: retryPolicy(settings, ctx),
      log: ctx.log,
      token: settings.token,
      stallMs: ctx.stallMs,
    });
    ctx.log.info(`${plural(loaded.images.length, 'image')} from ${registrySource(loaded)}`);
    return loaded;
  });
  if (reg.kind !== 'snapshot') {
    try {
      await writeSnapshot(settings.outputDir, reg.images);
    } catch (err) {
      ctx.log.warn(`could not save the registry snapshot to ${snapshotPath}: ${errorMessage(err)}`);
    }
  }
  return reg;
}

/** The `registry-source` output: which URLs served, and in what role. */
export function registrySource(reg: LoadedRegistry): string {
  return `${reg.roots.join(', ')} (${reg.kind})`;
}
