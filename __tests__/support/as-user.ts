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
/**
 * A second unprivileged user, for tests where another local user is the attacker: it needs no
 * entry in /etc/passwd, only root to start a process as it. Tests with it skip unless root.
 */
export const OTHER_UID = 65533;

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

/** Who runs a step, and with what environment beyond HOME and TMPDIR. */
export interface StepOptions {
  /** `OTHER_UID` to run as the second user (root only); the steps' user otherwise. */
  uid?: number;
  env?: Record<string, string>;
}

/** Runs one step; `home` (from `userDir`) is its HOME and TMPDIR. Never throws for a failed step. */
export async function runStep(step: Step, home: string, opts: StepOptions = {}): Promise<StepRun> {
  const uid = opts.uid ?? (isRoot ? NOBODY : undefined);
  const child = spawn(process.execPath, [childScript(CHILD), JSON.stringify(step)], {
    // Only what the child needs of the environment, in a dir of its own.
    cwd: home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid !== undefined ? { uid, gid: uid } : {}),
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
export async function step<T>(s: Step, home: string, opts: StepOptions = {}): Promise<T> {
  const r = await runStep(s, home, opts);
  if (!r.out) throw new Error(`step '${s.step}' failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  const uid = opts.uid ?? stepUid;
  if (r.out.uid !== uid) throw new Error(`step '${s.step}' ran as uid ${r.out.uid}, not ${uid}`);
  return r.out.result as T;
}
