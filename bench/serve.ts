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
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error('usage: serve.ts <file>...');

const files = new Map<string, Buffer>();
for (const path of paths) files.set(basename(path), readFileSync(path));

const server = createServer((req, res) => {
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
  res.writeHead(range ? 206 : 200, headers).end(body.subarray(start));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
// The parent closes our stdin when it is done; that is the signal to go.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
