import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childScript } from './child-script.js';
import type { Step } from './nonroot-child.js';

/**
 * Runs the steps of __tests__/support/nonroot-child.ts as an unprivileged user. GitHub-hosted runners
 * run as one, while CI and most containers run the tests as root, for whom no permission bit
 * stops anything: as root the child runs as `nobody` (uid and gid 65534); otherwise as this
 * user, who is already unprivileged.
 */

export const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
/** The uid the steps run as. */
export const stepUid = isRoot ? NOBODY : (process.getuid?.() ?? -1);

const CHILD = fileURLToPath(new URL('./nonroot-child.ts', import.meta.url));

/**
 * A scratch dir that the steps' user owns. Everything under it is made by the steps
 * themselves, as that user.
 */
export function userDir(prefix = 'axi-nonroot-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (isRoot) chownSync(dir, NOBODY, NOBODY);
  return dir;
}

export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The parsed `RESULT` line; undefined when the step failed. */
  out?: { uid: number; umask: number; result: unknown };
}

/** Runs one step; `home` (from `userDir`) is its HOME and TMPDIR. Never throws for a failed step. */
export async function runStep(step: Step, home: string): Promise<StepRun> {
  const child = spawn(process.execPath, [childScript(CHILD), JSON.stringify(step)], {
    // Only what the child needs of the environment, in a dir of its own.
    cwd: home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      const out =
        code === 0 && line ? (JSON.parse(line.slice('RESULT '.length)) as StepRun['out']) : undefined;
      resolve({ code, stdout, stderr, out });
    });
  });
}

/** Runs one step and returns its result; a failed step fails with the child's output. */
export async function step<T>(s: Step, home: string): Promise<T> {
  const r = await runStep(s, home);
  if (!r.out) throw new Error(`step '${s.step}' failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  if (r.out.uid !== stepUid) throw new Error(`step '${s.step}' ran as uid ${r.out.uid}, not ${stepUid}`);
  return r.out.result as T;
}
