import { tmpdir } from 'node:os';
import { UserError } from '../core/errors.js';
import type { OpsContext } from '../ops/context.js';
import { prepareBootConfigs } from '../vmconfig/prepare.js';
import { listImages } from '../ops/list.js';
import { pullImages } from '../ops/pull.js';
import { warmImages, type WarmRecord } from '../ops/warm.js';
import { namingInputs } from './errors.js';
import type { Inputs } from './inputs.js';
import { matrixRow, pullOutputs } from './outputs.js';
import { cell, listSummary, pullSummary, warmSummary } from './summary.js';

/** What the action reports for a command: outputs to set and the markdown for the job summary. */
export interface CommandResult {
  outputs: Record<string, string>;
  summary: string;
  /** Set when the step must fail after reporting (some images failed to warm). */
  failure?: string;
}

/** `command: pull`: the first image's outputs at the top level, every image's in `images`. */
export async function runPull(inputs: Inputs, ctx: OpsContext): Promise<CommandResult> {
  if (inputs.vmConfigs.length > 0 && inputs.vmConfigs.length !== inputs.images.length) {
    // Checked before anything downloads: a pairing mistake is the workflow's, not the network's.
    throw new UserError(
      `input 'vm-config': ${inputs.vmConfigs.length} VM configs for ${inputs.images.length} images in input 'image': give one VM config per image, in the same order`,
    );
  }
  const { results, registrySource } = await namingInputs(() => pullImages(inputs, ctx));
  const boot = await namingInputs(() =>
    prepareBootConfigs({
      results,
      vmConfigs: inputs.vmConfigs,
      qemuConfig: inputs.qemuConfig,
      tempDir: ctx.runnerTemp ?? tmpdir(),
      log: ctx.log,
    }),
  );
  const { outputs, cuts } = pullOutputs(results, registrySource, boot);
  for (const line of cuts) ctx.log.warn(line);
  const notes = cuts.map((line) => `\n**Note:** ${cell(line)}\n`).join('');
  return { outputs, summary: pullSummary(results, registrySource) + notes };
}

/** `command: list`: the images as a `strategy.matrix`, one row per image. */
export async function runList(inputs: Inputs, ctx: OpsContext): Promise<CommandResult> {
  const { images, registrySource } = await namingInputs(() => listImages(inputs, ctx));
  const rows = images.map(matrixRow);
  return {
    outputs: { matrix: JSON.stringify({ include: rows }), count: String(rows.length) },
    summary: listSummary(images, registrySource),
  };
}

/** `command: warm`: the counts and the report; the step fails when an image could not be warmed. */
export async function runWarm(inputs: Inputs, ctx: OpsContext): Promise<CommandResult> {
  const { records, registrySource } = await namingInputs(() => warmImages(inputs, ctx));
  const count = (status: WarmRecord['status']): number => records.filter((r) => r.status === status).length;
  const failed = records.filter((r) => r.status === 'failed');
  return {
    outputs: {
      warmed: String(count('warmed')),
      skipped: String(count('skipped')),
      failed: String(failed.length),
      report: JSON.stringify(records),
    },
    summary: warmSummary(records, registrySource),
    failure:
      failed.length > 0
        ? `${failed.length} of ${records.length} images could not be warmed: ${failed
            .map((r) => `${r.name}:${r.version} (${r.error})`)
            .join('; ')}`
        : undefined,
  };
}
