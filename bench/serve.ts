/**
 * Serves the files named on its command line on 127.0.0.1, each at `/<base name>`, in its own
 * process so that serving does not compete with the pull for the bench process's main thread (a
 * real mirror is another machine). Prints `{"url": ...}` on stdout once listening. Range
 * requests are honoured, as GitHub's are.
 *
 * The archives are read into memory before it listens, and each answer is one write of that
 * memory. A mirror's CPU is not the runner's, but this server shares the bench machine's two
 * CPUs with the pull (and with curl in the shell sequence): streaming from the file cost it
 * 60–100 ms of CPU per 150 MB (a copy out of the page cache and a fresh buffer per MiB), from
 * memory 20–40 ms.
 *
 * `--latency-ms N` and `--rate-mb N` before the files make it a slower link, loopback still: every
 * answer waits N ms before its headers, and a body goes out at N MB/s (10^6 bytes), paced by the
 * clock, as a real link delivers it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string): number => {
  const at = args.indexOf(name);
  if (at < 0) return 0;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const latencyMs = option('--latency-ms');
const bytesPerMs = option('--rate-mb') * 1000;
const paths = args;
if (paths.length === 0) throw new Error('usage: serve.ts [--latency-ms N] [--rate-mb N] <file>...');

const files = new Map<string, Buffer>();
for (const path of paths) files.set(basename(path), readFileSync(path));

/** Writes `body` at `bytesPerMs` from now on: each step sends what the clock says is due. */
function paced(res: ServerResponse, body: Buffer): void {
  const t0 = performance.now();
  let sent = 0;
  const step = (): void => {
    const due = Math.min(body.length, Math.floor((performance.now() - t0) * bytesPerMs));
    const more = due > sent ? res.write(body.subarray(sent, due)) : true;
    sent = due;
    if (sent === body.length) res.end();
    else if (!more) res.once('drain', step);
    else setTimeout(step, 1);
  };
  step();
}

const server = createServer((req, res) => {
  if (latencyMs > 0) setTimeout(() => answer(req, res), latencyMs);
  else answer(req, res);
});

function answer(req: IncomingMessage, res: ServerResponse): void {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
  const body = files.get(name);
  if (!body) return void res.writeHead(404).end();
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (start >= body.length && body.length > 0) {
    return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
  }
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'content-length': String(body.length - start),
  };
  if (range) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  res.writeHead(range ? 206 : 200, headers);
  if (bytesPerMs > 0) paced(res, body.subarray(start));
  else res.end(body.subarray(start));
}
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
// The parent closes our stdin when it is done; that is the signal to go.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
