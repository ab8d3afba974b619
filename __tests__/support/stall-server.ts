import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 for the fault tests that need to stop a transfer at a known
 * byte: it can send part of a body and then hold the connection open, silent, for as long as the
 * test wants (until a stall timeout fires in the client, or the test kills the client), hold
 * answers until several requests have arrived (to make two clients overlap for certain), and
 * send a body in small writes so that concurrent clients interleave.
 */
export interface Script {
  /** Send headers and this many body bytes, then nothing more; the socket stays open. */
  stallAfter?: number;
  /** Answer only once this many requests for the path have arrived (this one included). */
  waitFor?: number;
}

export interface StallServer {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  /** Serves `body` at `path`; `scripts` apply to the next requests, one each, in order. */
  set(path: string, body: Buffer, scripts?: Script[]): void;
  /** Bytes per write (and a turn of the event loop between writes). */
  chunk: number;
  close(): Promise<void>;
}

export async function startStallServer(): Promise<StallServer> {
  const files = new Map<string, { body: Buffer; scripts: Script[] }>();
  const requests: StallServer['requests'] = [];
  const sockets = new Set<Socket>();
  const waiting = new Map<string, { n: number; release: (() => void)[] }>();
  const state = { chunk: 64 * 1024 };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers });
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    const script = file.scripts.shift() ?? {};
    const go = (): void => void answer(req, res, file.body, script, state.chunk);
    const w = waiting.get(path) ?? { n: 0, release: [] };
    waiting.set(path, w);
    w.n++;
    if (script.waitFor === undefined || w.n >= script.waitFor) {
      for (const r of w.release.splice(0)) r();
      go();
    } else {
      w.release.push(go);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    set(path, body, scripts = []) {
      files.set(path, { body, scripts: [...scripts] });
      waiting.delete(path);
    },
    get chunk() {
      return state.chunk;
    },
    set chunk(v: number) {
      state.chunk = v;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  full: Buffer,
  script: Script,
  chunk: number,
): Promise<void> {
  let body = full;
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
  };
  let status = 200;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    body = full.subarray(start);
    status = 206;
    headers['content-range'] = `bytes ${start}-${full.length - 1}/${full.length}`;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.flushHeaders();
  const limit = Math.min(script.stallAfter ?? body.length, body.length);
  for (let at = 0; at < limit && !res.destroyed; at += chunk) {
    const piece = body.subarray(at, Math.min(at + chunk, limit));
    if (!res.write(piece)) {
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  // A stall: the rest never comes, and the socket stays open until the client gives up.
  if (script.stallAfter === undefined || script.stallAfter >= body.length) res.end();
}
