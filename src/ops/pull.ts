import type { Inputs } from '../action/inputs.js';
import { mapLimit } from '../core/pool.js';
import { selectImage } from '../registry/select.js';
import { pullImage, type PullResult } from '../pull/pull.js';
import { explainLongPath, prepareOutputDir } from '../pull/output-dir.js';
import { ToolCache } from '../pull/tool-cache.js';
import { cell, pullSummary } from '../action/summary.js';
import { join } from 'node:path';
import type { CommandContext, CommandResult } from './context.js';
import { capImagesOutput, capPathList } from '../action/outputs.js';
import { loadAndSnapshot, registrySource, retryPolicy } from './registry.js';

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
  const { outputs, cuts } = pullOutputs(results, source);
  for (const line of cuts) ctx.log.warn(line);
  const notes = cuts.map((line) => `\n**Note:** ${cell(line)}\n`).join('');
  return { outputs, summary: pullSummary(results, source) + notes };
}

/** One image's outputs, as DESIGN names them, but for `files`. */
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
  };
}

/**
 * The first image's outputs at the top level, and every image's in `images`; file lists cut to
 * GitHub's output limit, with a line for each list that was cut.
 */
export function pullOutputs(
  results: PullResult[],
  registrySource: string,
): { outputs: Record<string, string>; cuts: string[] } {
  const images = results.map((r) => ({ fields: imageOutputs(r), files: r.files.files }));
  const first = images[0] ?? { fields: {}, files: [] };
  const top = capPathList(first.files);
  const all = capImagesOutput(images);
  const cuts: string[] = [];
  const cut = (output: string, r: PullResult, kept: number): void => {
    const total = r.files.files.length;
    if (kept < total)
      cuts.push(
        `output '${output}' lists ${kept} of the ${total} files of ${r.entry.name}:${r.entry.version} (${total - kept} left out to stay within GitHub's 1 MB per output); all of them are in ${r.layout.extractDir}`,
      );
  };
  if (results[0]) cut('files', results[0], top.kept);
  results.forEach((r, i) => cut('images', r, all.kept[i] ?? 0));
  return {
    outputs: { ...first.fields, files: top.json, 'registry-source': registrySource, images: all.json },
    cuts,
  };
}
