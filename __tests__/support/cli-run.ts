import { format } from 'node:util';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let last: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's `main` in this process, as `node dist/cli/index.js <args>` would with the
 * environment `env` and nothing else: it prints through `console.log` and `console.error`,
 * which are captured for the run, and it reads the temp dir and any proxy from `process.env`,
 * which holds exactly `env` meanwhile. Both are restored afterwards. Runs one at a time, as
 * each takes over the console and the environment.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = last.then(() => runAlone(args, env));
  last = run.catch(() => undefined);
  return run;
}

async function runAlone(args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = { log: console.log, error: console.error, env: { ...process.env } };
  let stdout = '';
  let stderr = '';
  console.log = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
  console.error = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
  setEnv(env);
  try {
    const code = await main(args, { ...env });
    return { code, stdout, stderr };
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    setEnv(saved.env);
  }
}

/** Makes `process.env` hold exactly `vars` (assigning to it sets the real environment). */
function setEnv(vars: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) if (!(k in vars)) delete process.env[k];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
}
