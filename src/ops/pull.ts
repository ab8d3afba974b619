import { mapLimit } from '../core/pool.js';
import { selectImage } from '../registry/select.js';
import { pullImage, type PullResult } from '../pull/pull.js';
import { prepareOutputDir } from '../storage/output-dir.js';
import type { OpsContext } from './context.js';
import { loadAndSnapshot, registrySource } from './registry.js';
import { pullSetup } from './pull-setup.js';
import type { Settings } from './settings.js';

/** What a pull of every spec in `images` leaves: each image's result, and where the registry came from. */
export interface PullReport {
  results: PullResult[];
  registrySource: string;
}

/** Pulls every spec in `images`, each from the fastest layer that has it. */
export async function pullImages(
  settings: Settings,
  ctx: OpsContext,
  /** Where the images go when not the output dir, which keeps the registry snapshot (`pull -o`). */
  into = settings.outputDir,
): Promise<PullReport> {
  // Before the registry, whose snapshot goes there too: a bad output dir is one clear error.
  await prepareOutputDir(settings.outputDir);
  if (into !== settings.outputDir) await prepareOutputDir(into);
  const reg = await loadAndSnapshot(settings, ctx);
  // Select every spec first, so a typo in the third line fails before anything downloads.
  const chosen = settings.images.map((spec) => ({
    spec,
    entry: selectImage(reg, spec, { arch: settings.arch, log: ctx.log }),
  }));
  const setup = pullSetup(settings, ctx, reg, into);
  const results = await mapLimit(chosen, settings.concurrency, ({ spec, entry }) =>
    ctx.log.group(`Image ${entry.name}:${entry.version} (${entry.arch})`, () =>
      pullImage({ ...setup, entry, spec, extract: settings.extract }),
    ),
  );
  // The step ends only when the cache saves have, or the runner would cut them off.
  await Promise.all(results.map((r) => r.saved));
  return { results, registrySource: registrySource(reg) };
}
