import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRegistry } from '../registry/load.js';
import type { ImageSpec } from '../registry/spec.js';
import { removeTree } from '../storage/remove-tree.js';
import { archiveExtension, imageBase } from '../storage/layout.js';
import type { OpsContext } from './context.js';
import { registrySource, retryPolicy, saveRegistry, type SaveReport } from './registry.js';
import type { Settings } from './settings.js';

/** What `removeImages` removed for one spec: paths, and whether each was a dir. */
export interface Removed {
  spec: ImageSpec;
  removed: { path: string; dir: boolean }[];
}

/**
 * Removes the archive and the extracted dir that a pull of each spec made in `outputDir`. Works
 * offline: the archive is found by its name and any extension a registry URL can give.
 */
export async function removeImages(outputDir: string, specs: ImageSpec[]): Promise<Removed[]> {
  const names = await readdir(outputDir).catch(() => [] as string[]);
  const out: Removed[] = [];
  for (const spec of specs) {
    const base = imageBase(spec);
    const doomed = names.filter(
      (n) => n === base || (n.startsWith(`${base}.`) && base + archiveExtension(`file:///${n}`) === n),
    );
    const removed: Removed['removed'] = [];
    for (const name of doomed) {
      const path = join(outputDir, name);
      const dir = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
      await removeTree(path);
      removed.push({ path, dir });
    }
    out.push({ spec, removed });
  }
  return out;
}

/**
 * Fetches the registry again and saves it: the action's own snapshot, and `images.toml` and
 * `.last_sync` when they are what `cargo xtask image sync` would write. Unlike the other
 * operations it does not fall back to the saved snapshot, and a save that fails fails it: a
 * sync that reads or keeps nothing new has failed.
 */
export async function syncRegistry(
  settings: Settings,
  ctx: OpsContext,
): Promise<{ count: number; registrySource: string; saved: SaveReport }> {
  const reg = await loadRegistry({
    registries: settings.registries,
    fallback: settings.fallbackRegistry,
    retry: retryPolicy(settings, ctx),
    log: ctx.log,
    stallMs: ctx.stallMs,
  });
  const saved = await saveRegistry(settings, reg, ctx.log, true);
  return { count: reg.images.length, registrySource: registrySource(reg), saved };
}
