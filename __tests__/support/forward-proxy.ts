import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A forward proxy on 127.0.0.1, as a runner's corporate proxy would be: it takes absolute-form
 * requests (`GET http://host:port/path`) and `CONNECT host:port` tunnels, and records each.
 * Names such as `registry.test:8080` are mapped by the proxy itself to ports on 127.0.0.1, so a
 * client addresses targets by names it cannot resolve and no loopback bypass applies.
 */
export interface ProxySeen {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  headers: IncomingHttpHeaders;
}

export interface ForwardProxy {
  url: string;
  seen: ProxySeen[];
  /** Sends traffic for `hostPort` (e.g. `images.test:8080`) to this port on 127.0.0.1. */
  route(hostPort: string, port: number): void;
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const routes = new Map<string, number>();
  const seen: ProxySeen[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };

  const server = createServer((req, res) => {
    const target = req.url ?? '';
    seen.push({ method: req.method ?? '', target, headers: req.headers });
    let u: URL;
    try {
      u = new URL(target);
    } catch {
      res.writeHead(400).end('absolute-form requests only');
      return;
    }
    const port = routes.get(`${u.hostname}:${u.port || '80'}`);
    if (port === undefined) {
      res.writeHead(502).end(`no route to ${u.host}`);
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: u.pathname + u.search, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    track(client);
    const target = req.url ?? '';
    seen.push({ method: 'CONNECT', target, headers: req.headers });
    const port = routes.get(target);
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  server.on('connection', track);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    route: (hostPort, to) => void routes.set(hostPort, to),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Runs `fn` with these environment variables (undefined removes one), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(vars)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every proxy variable, lower and upper case, cleared: the baseline a test then sets. */
export const NO_PROXY_ENV: Record<string, undefined> = {
  http_proxy: undefined,
  HTTP_PROXY: undefined,
  https_proxy: undefined,
  HTTPS_PROXY: undefined,
  no_proxy: undefined,
  NO_PROXY: undefined,
};
