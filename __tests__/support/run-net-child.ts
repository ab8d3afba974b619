import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { childScript } from './child-script.js';
import type { NetChildJob } from './net-child.js';

export interface NetChildOutcome {
  result?: Record<string, unknown>;
  failed?: string;
  logs: string[];
  stderr: string;
}

/**
 * Runs a job in __tests__/support/net-child.ts with these extra environment variables. Asynchronous,
 * so the servers this process runs keep answering the child.
 */
export function runNetChild(job: NetChildJob, env: Record<string, string>): Promise<NetChildOutcome> {
  const script = join(import.meta.dirname, 'net-child.ts');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(https?|no)_proxy$/i.test(k)),
  ) as Record<string, string>;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [childScript(script), JSON.stringify(job)],
      { env: { ...clean, ...env }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (_err, stdout, stderr) => {
        const lines = stdout.split('\n');
        const result = lines.find((l) => l.startsWith('RESULT '));
        const failed = lines.find((l) => l.startsWith('FAILED '));
        resolve({
          result: result ? (JSON.parse(result.slice(7)) as Record<string, unknown>) : undefined,
          failed: failed?.slice(7),
          logs: lines.filter((l) => l.startsWith('LOG ')).map((l) => l.slice(4)),
          stderr,
        });
      },
    );
  });
}
