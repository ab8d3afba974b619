import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that serves in-memory files, with faults a test can script per
 * path: status codes for the next N requests, a connection reset or truncation after some bytes,
 * a stall, latency, Range support on or off. Every request is logged.
 */
export interface Fault {
  /** Answer with this status instead (e.g. 500, 429, 404). */
  status?: number;
  /** Extra headers with the fault answer, e.g. { 'retry-after': '1' }. */
  headers?: Record<string, string>;
  /** Send this many body bytes, then destroy the socket (reset / truncation). */
  cutAfter?: number;
  /** Send headers, then nothing (a stall). */
  stall?: boolean;
  /** Serve other bytes than the file (a tampered mirror). */
  body?: Buffer;
}

export interface Served {
  body: Buffer;
  contentType?: string;
  /** Faults applied to the next requests, one per request, in order. */
  faults?: Fault[];
  /** Redirect to this URL instead of serving. */
  redirect?: string;
  /** Send the body slowly: `bytes` at a time, one slice every `everyMs`. */
  trickle?: { bytes: number; everyMs: number };
}

export interface FileServer {
  url: string;
  host: string;
  files: Map<string, Served>;
  requests: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  /** Requests whose path starts with `prefix`. */
  count(prefix: string): number;
  set(path: string, body: Buffer | string, extra?: Omit<Served, 'body'>): void;
  /** Honour `Range` requests (on by default). */
  ranges: boolean;
  /** Latency added before every answer. */
  latencyMs: number;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, Served>();
  const requests: FileServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const state = { ranges: true, latencyMs: 0 };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const answer = (): void => serve(files.get(path), req, res, state.ranges);
    if (state.latencyMs > 0) setTimeout(answer, state.latencyMs);
    else answer();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    host,
    files,
    requests,
    count: (prefix) => requests.filter((r) => r.path.startsWith(prefix)).length,
    set(path, body, extra = {}) {
      files.set(path, { body: typeof body === 'string' ? Buffer.from(body) : body, ...extra });
    },
    get ranges() {
      return state.ranges;
    },
    set ranges(v: boolean) {
      state.ranges = v;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(v: number) {
      state.latencyMs = v;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function serve(file: Served | undefined, req: IncomingMessage, res: ServerResponse, ranges: boolean): void {
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  if (file.redirect) {
    res.writeHead(302, { location: file.redirect }).end();
    return;
  }
  const fault = file.faults?.shift();
  if (fault?.status) {
    res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers }).end('fault');
    return;
  }
  const full = fault?.body ?? file.body;
  let body = full;
  let status = 200;
  const headers: Record<string, string> = { 'content-type': file.contentType ?? 'application/octet-stream' };
  if (ranges) headers['accept-ranges'] = 'bytes';
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (ranges && range) {
    const start = Number(range[1]);
    if (start >= full.length) {
      res.writeHead(416, { 'content-range': `bytes */${full.length}` }).end();
      return;
    }
    body = full.subarray(start);
    status = 206;
    headers['content-range'] = `bytes ${start}-${full.length - 1}/${full.length}`;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  if (fault?.stall) {
    res.flushHeaders();
    return; // the socket stays open and silent until the client gives up
  }
  if (file.trickle) {
    const { bytes, everyMs } = file.trickle;
    let sent = 0;
    const timer = setInterval(() => {
      res.write(body.subarray(sent, sent + bytes));
      sent += bytes;
      if (sent >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (fault?.cutAfter !== undefined) {
    res.write(body.subarray(0, fault.cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(body);
}
