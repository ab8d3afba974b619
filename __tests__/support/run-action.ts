import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunActionOptions {
  /** Inputs by their action.yml names. */
  inputs: Record<string, string>;
  /** Extra environment (cache service variables, RUNNER_TOOL_CACHE, ...). */
  env?: Record<string, string>;
  /** The runner's temp dir; a new one when absent. */
  runnerTemp?: string;
  /** The bundle to run; the committed dist/index.js by default. */
  entry?: string;
}

/**
 * Runs the bundled action the way the runner does: `node dist/index.js` with `INPUT_*` variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP, and nothing inherited that a runner
 * would not set. Returns the parsed outputs file.
 */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const temp = opts.runnerTemp ?? mkdtempSync(join(tmpdir(), 'axi-runner-'));
  mkdirSync(temp, { recursive: true });
  const outFile = join(temp, `output-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const summaryFile = `${outFile}.summary.md`;
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? temp,
    GITHUB_OUTPUT: outFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...opts.env,
  };
  for (const [name, value] of Object.entries(opts.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const entry = opts.entry ?? resolve('dist/index.js');
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputsFile(readFileSync(outFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

/** Parses the `name<<DELIMITER` blocks that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputsFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m) {
      const [, name, delim] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
      out[name as string] = value.join('\n');
    } else {
      const eq = /^([^=]+)=(.*)$/.exec(lines[i] ?? '');
      if (eq) out[eq[1] as string] = eq[2] ?? '';
    }
  }
  return out;
}
