import * as core from '@actions/core';
import { parseInputs } from './inputs.js';
import { UserError, errorMessage } from '../core/errors.js';
import type { OpsContext } from '../ops/context.js';
import type { ArchiveCache } from '../pull/pull.js';
import { runList, runPull, runWarm, type CommandResult } from './commands.js';
import { cell } from './summary.js';
import { defaultOutputDir } from '../ops/settings.js';
import { chooseOutputDir } from '../storage/output-dir.js';
import { asInputError } from './errors.js';
import { mirrorSecrets } from '../pull/mirrors.js';
import { ActionsLog } from './log.js';
import { lazyActionsCache } from './lazy-cache.js';

/** Loaded only for `warm`, which needs the cache at once. */
const createActionsCache = async (log: ActionsLog): Promise<ArchiveCache | undefined> =>
  (await import('./actions-cache.js')).createActionsCache(log);

/**
 * The action's entry: reads the inputs, runs the command with the runner's caches, and reports.
 * A UserError fails the step with its message alone; anything else also logs its stack for
 * debugging, since it is our bug rather than the user's input.
 */
export async function run(): Promise<void> {
  const log = new ActionsLog();
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    if (inputs.token) core.setSecret(inputs.token);
    // A mirror's credentials never reach the log, whatever message would quote its URL.
    for (const secret of mirrorSecrets(inputs.mirrors)) core.setSecret(secret);
    inputs.outputDir = await chooseOutputDir(inputs.outputDir, inputs.outputDir === defaultOutputDir(), log);
    const ctx: OpsContext = {
      log,
      toolCacheDir: process.env.RUNNER_TOOL_CACHE || undefined,
      runnerTemp: process.env.RUNNER_TEMP || undefined,
      // warm needs the cache from the start; a pull loads it only if it gets that far.
      actionsCache: !inputs.cache
        ? undefined
        : inputs.command === 'warm'
          ? await createActionsCache(log)
          : lazyActionsCache(log),
    };
    const commands: Record<typeof inputs.command, () => Promise<CommandResult>> = {
      pull: () => runPull(inputs, ctx),
      list: () => runList(inputs, ctx),
      warm: () => runWarm(inputs, ctx),
    };
    const result = await commands[inputs.command]();
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(result.summary).write();
    if (result.failure) core.setFailed(result.failure);
  } catch (caught) {
    const err = asInputError(caught);
    if (!(err instanceof UserError))
      core.debug(err instanceof Error ? (err.stack ?? err.message) : String(err));
    core.setFailed(errorMessage(err));
    // The summary is where people look first; say why there is no image table.
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addRaw(`### Guest images\n\n**Failed:** ${cell(errorMessage(err))}\n`)
        .write()
        .catch(() => undefined);
    }
  }
}
