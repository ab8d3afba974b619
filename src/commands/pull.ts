import type { Inputs } from '../config/inputs.js';
import { mapLimit } from '../core/pool.js';
import { selectImage } from '../core/select.js';
import { pullImage, type PullResult } from '../pull/pull.js';
import { explainLongPath, prepareOutputDir } from '../pull/output-dir.js';
import { ToolCache } from '../pull/tool-cache.js';
import { pullSummary } from '../report/summary.js';
import { join } from 'node:path';
import type { CommandContext, CommandResult } from './context.js';
import { loadAndSnapshot, registrySource, retryPolicy } from './registry-step.js';

/** `command: pull`: every image in `image`, each from the fastest layer that has it. */
export async function runPull(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  // Before the registry, whose snapshot goes there too: a bad output dir is one clear error.
  await prepareOutputDir(inputs.outputDir);
  const reg = await loadAndSnapshot(inputs, ctx);
  // Select every spec first, so a typo in the third line fails before anything downloads.
  const chosen = inputs.images.map((spec) => ({
    spec,
    entry: selectImage(reg.images, spec, {
      arch: inputs.arch,
      invalid: reg.invalid,
      failedIncludes: reg.failedIncludes,
    }),
  }));
  const toolCache = inputs.toolCache && ctx.toolCacheDir ? new ToolCache(ctx.toolCacheDir) : undefined;
  const actionsCache = inputs.cache ? ctx.actionsCache : undefined;
  const auth = inputs.token ? { token: inputs.token, hosts: reg.hosts } : undefined;

  const results = await mapLimit(chosen, inputs.concurrency, ({ spec, entry }) =>
    ctx.log.group(`Image ${entry.name}:${entry.version} (${entry.arch})`, () =>
      pullImage({
        entry,
        spec,
        outputDir: inputs.outputDir,
        extract: inputs.extract,
        toolCache,
        actionsCache,
        retry: retryPolicy(inputs, ctx),
        log: ctx.log,
        auth,
        stallMs: ctx.stallMs,
        maxBytes: inputs.maxSize,
      }).catch((err: unknown) => {
        throw explainLongPath(err, inputs.outputDir);
      }),
    ),
  );
  // The step ends only when the cache saves have, or the runner would cut them off.
  await Promise.all(results.map((r) => r.saved));

  const source = registrySource(reg);
  return { outputs: pullOutputs(results, source), summary: pullSummary(results, source) };
}

/** One image's outputs, as DESIGN names them. */
export function imageOutputs(r: PullResult): Record<string, string> {
  const abs = (rel?: string): string => (rel ? join(r.layout.extractDir, rel) : '');
  return {
    path: r.path,
    archive: r.archive,
    name: r.entry.name,
    version: r.entry.version,
    arch: r.entry.arch,
    sha256: r.entry.sha256,
    url: r.entry.url,
    source: r.source,
    'cache-hit': String(r.cacheHit),
    kernel: abs(r.files.kernel),
    rootfs: abs(r.files.rootfs),
    bios: abs(r.files.bios),
    dtb: abs(r.files.dtb),
    files: JSON.stringify(r.files.files),
  };
}

/** The first image's outputs at the top level, and every image's in `images`. */
export function pullOutputs(results: PullResult[], registrySource: string): Record<string, string> {
  const all = results.map(imageOutputs);
  return {
    ...all[0],
    'registry-source': registrySource,
    images: JSON.stringify(all.map((o) => ({ ...o, files: JSON.parse(o.files ?? '[]') as string[] }))),
  };
}
