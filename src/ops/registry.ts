import { errorMessage } from '../core/errors.js';
import { plural } from '../core/format.js';
import type { Inputs } from '../action/inputs.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../net/retry.js';
import { loadRegistry, type LoadedRegistry } from '../registry/load.js';
import { writeSnapshot } from '../registry/snapshot.js';
import { REGISTRY_SNAPSHOT } from '../storage/layout.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isTrustedFile } from '../pull/ownership.js';
import type { CommandContext } from './context.js';

export function retryPolicy(inputs: Inputs, ctx: CommandContext): RetryPolicy {
  return { ...DEFAULT_RETRY, ...ctx.retry, retries: inputs.retries };
}

/** Loads the registry (with fallback and the last snapshot) and saves the merged result. */
export async function loadAndSnapshot(inputs: Inputs, ctx: CommandContext): Promise<LoadedRegistry> {
  const snapshotPath = join(inputs.outputDir, REGISTRY_SNAPSHOT);
  const reg = await ctx.log.group('Registry', async () => {
    // Another user's copy could list their own digests: only ours is a fallback.
    const trusted = await isTrustedFile(snapshotPath);
    if (!trusted && existsSync(snapshotPath)) {
      ctx.log.warn(
        `${snapshotPath} is not this user's own file, or others can write it; not using it as a fallback`,
      );
    }
    const loaded = await loadRegistry({
      registries: inputs.registries,
      fallback: inputs.fallbackRegistry,
      snapshotPath: trusted ? snapshotPath : undefined,
      retry: retryPolicy(inputs, ctx),
      log: ctx.log,
      token: inputs.token,
      stallMs: ctx.stallMs,
    });
    ctx.log.info(`${plural(loaded.images.length, 'image')} from ${registrySource(loaded)}`);
    return loaded;
  });
  if (reg.kind !== 'snapshot') {
    try {
      await writeSnapshot(inputs.outputDir, reg.images);
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
