// Network calls in a process of their own, for the tests that need a test certificate trusted:
// the parent passes it in NODE_EXTRA_CA_CERTS (read only at start-up) with any proxy variables,
// so this process trusts it and nothing in the test process changes.
// Usage: node --import tsx __tests__/support/net-child.ts '<json NetChildJob>'
// Prints `RESULT <json>` on success, `FAILED <message>` otherwise; log lines go to stdout as `LOG`.
import { runList, runPull } from '../../src/action/commands.js';
import { MemoryLog } from './memory-log.js';
import { httpGet } from '../../src/net/http.js';
import { FAST_RETRY, inputs } from './registry-fixtures.js';

export type NetChildJob =
  | { op: 'get'; url: string; token?: string; hosts?: string[] }
  | { op: 'pull' | 'list'; inputs: Record<string, string> };

const job = JSON.parse(process.argv[2] ?? '{}') as NetChildJob;
const log = new MemoryLog();
try {
  if (job.op === 'get') {
    const res = await httpGet(job.url, {
      auth: job.token ? { token: job.token, hosts: new Set(job.hosts ?? []) } : undefined,
    });
    res.body.resume();
    process.stdout.write(`RESULT ${JSON.stringify({ status: res.status, url: res.url })}\n`);
  } else {
    const run = job.op === 'list' ? runList : runPull;
    const r = await run(inputs({ command: job.op, ...job.inputs }), { log, retry: FAST_RETRY });
    process.stdout.write(`RESULT ${JSON.stringify(r.outputs)}\n`);
  }
} catch (err) {
  process.stdout.write(`FAILED ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  for (const line of log.lines) process.stdout.write(`LOG ${line.message}\n`);
}
