/**
 * Serves the files of one directory on 127.0.0.1, in its own process so that serving does not
 * compete with the pull for the bench process's main thread (a real mirror is another machine).
 * Prints `{"url": ...}` on stdout once listening. Range requests are honoured, as GitHub's are.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: serve.ts <dir>');

const server = createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
  if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
  const path = join(root, name);
  stat(path).then(
    (st) => {
      let start = 0;
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (range) start = Number(range[1]);
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'accept-ranges': 'bytes',
        'content-length': String(st.size - start),
      };
      if (range) headers['content-range'] = `bytes ${start}-${st.size - 1}/${st.size}`;
      res.writeHead(range ? 206 : 200, headers);
      createReadStream(path, { start, highWaterMark: 1024 * 1024 })
        .on('error', () => res.destroy())
        .pipe(res);
    },
    () => res.writeHead(404).end(),
  );
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
// The parent closes our stdin when it is done; that is the signal to go.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
