// A pull in a process of its own, so that a test can kill it with SIGKILL at a point it chose
// (or run two at once), exactly as a runner losing a job or two jobs sharing a machine would.
// Usage: node --import tsx __tests__/support/pull-child.ts '<json PullChildConfig>'
// Prints `RESULT <json>` on success; fails with the error message on stderr otherwise.
import { existsSync } from 'node:fs';
import { ConsoleLog } from '../../src/core/log.js';
import { pullImage } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import type { ImageSpec } from '../../src/registry/spec.js';
import type { ImageEntry } from '../../src/registry/types.js';

export interface PullChildConfig {
  entry: ImageEntry;
  spec: ImageSpec;
  outputDir: string;
  extract: boolean;
  toolCacheDir?: string;
  stallMs?: number;
  /** When set, the child prints `READY` and waits for this file to exist before it pulls. */
  startSignal?: string;
  /** Use the Actions cache (the service named by the environment), with this tar guard. */
  tarGuard?: string;
}

/** The console log, keeping the warnings for the result line. */
class KeptLog extends ConsoleLog {
  readonly warnings: string[] = [];
  override warn(message: string): void {
    this.warnings.push(message);
    super.warn(message);
  }
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as PullChildConfig;
if (cfg.startSignal) {
  // Lets a test start several loaded children at once, so their pulls really overlap.
  process.stdout.write('READY\n');
  while (!existsSync(cfg.startSignal)) await new Promise((r) => setTimeout(r, 2));
}
const log = new KeptLog();
try {
  const r = await pullImage({
    entry: cfg.entry,
    spec: cfg.spec,
    outputDir: cfg.outputDir,
    extract: cfg.extract,
    toolCache: cfg.toolCacheDir ? new ToolCache(cfg.toolCacheDir) : undefined,
    // Loaded only when asked for, as the action does: most children never touch the cache.
    actionsCache: cfg.tarGuard
      ? (await import('../../src/action/actions-cache.js')).createActionsCache(log, undefined, {
          tarGuard: cfg.tarGuard,
        })
      : undefined,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    log,
    stallMs: cfg.stallMs,
  });
  await r.saved;
  const { source, path, archive } = r;
  process.stdout.write(`RESULT ${JSON.stringify({ source, path, archive, warnings: log.warnings })}\n`);
} catch (err) {
  process.stderr.write(`FAILED ${(err as Error).message}\n`);
  process.exitCode = 1;
}
