// The runner's proxy: registry and image requests go through HTTP_PROXY / HTTPS_PROXY (CONNECT
// tunnels), NO_PROXY sends a host direct, and the token never reaches the proxy's own requests.
// Targets are names the proxy maps to ports on 127.0.0.1, so the client resolves nothing and no
// loopback bypass applies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { MemoryLog } from '../support/memory-log.js';
import { NetworkError } from '../../src/net/errors.js';
import { httpGet } from '../../src/net/http.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { NO_PROXY_ENV, startForwardProxy, withEnv, type ForwardProxy } from '../support/forward-proxy.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';
import { runNetChild } from '../support/run-net-child.js';
import { makeCert } from '../support/tls-cert.js';

const TOKEN = 'TOKEN-PROXY-7';

describe('through an HTTP_PROXY', () => {
  let proxy: ForwardProxy;
  let server: FileServer;
  let archive: Buffer;
  before(async () => {
    [proxy, server] = await Promise.all([startForwardProxy(), startFileServer()]);
    const port = Number(server.host.split(':')[1]);
    proxy.route('registry.test:8080', port);
    proxy.route('images.test:8081', port);
    archive = await makeArchive({ 'qemu-aarch64': 'kernel' });
  });
  after(() => Promise.all([proxy.close(), server.close()]));

  test('the registry and the image both go through the proxy; the token only to the server', async () => {
    const digest = sha256(archive);
    server.set(
      '/reg.toml',
      registryToml([
        { name: 'direct', version: '1', sha256: digest, url: 'http://images.test:8081/direct.tar.gz' },
        { name: 'hop', version: '1', sha256: digest, url: 'http://registry.test:8080/dl/hop.tar.gz' },
      ]),
    );
    server.set('/direct.tar.gz', archive);
    server.set('/dl/hop.tar.gz', '', { redirect: 'http://images.test:8081/hop.tar.gz' });
    server.set('/hop.tar.gz', archive);
    const out = tempDir();
    try {
      const log = new MemoryLog();
      const result = await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url }, () =>
        runPull(
          inputs({
            image: 'direct\nhop',
            registry: 'http://registry.test:8080/reg.toml',
            'output-dir': out,
            token: TOKEN,
            concurrency: '1',
          }),
          { log, retry: FAST_RETRY },
        ),
      );
      assert.equal(result.outputs['registry-source'], 'http://registry.test:8080/reg.toml (registry)');
      // Plain http goes through a CONNECT tunnel too: the proxy never sees the request headers.
      assert.deepEqual(
        proxy.seen.map((s) => `${s.method} ${s.target}`),
        [
          'CONNECT registry.test:8080',
          'CONNECT images.test:8081',
          'CONNECT registry.test:8080',
          'CONNECT images.test:8081',
        ],
      );
      for (const s of proxy.seen) {
        assert.doesNotMatch(JSON.stringify(s.headers), new RegExp(TOKEN));
      }
      const auth = (path: string) =>
        server.requests.filter((r) => r.path === path).map((r) => [r.headers.host, r.headers.authorization]);
      assert.deepEqual(auth('/reg.toml'), [['registry.test:8080', `Bearer ${TOKEN}`]]);
      // A host the registry names gets it; a redirect to another origin drops it.
      assert.deepEqual(auth('/direct.tar.gz'), [['images.test:8081', `Bearer ${TOKEN}`]]);
      assert.deepEqual(auth('/dl/hop.tar.gz'), [['registry.test:8080', `Bearer ${TOKEN}`]]);
      assert.deepEqual(auth('/hop.tar.gz'), [['images.test:8081', undefined]]);
      for (const line of log.lines) assert.doesNotMatch(line.message, new RegExp(TOKEN));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('the CLI bundle, which carries no undici, pulls through the proxy', async () => {
    const digest = sha256(archive);
    server.set(
      '/cli-reg.toml',
      registryToml([
        { name: 'cli', version: '1', sha256: digest, url: 'http://images.test:8081/cli.tar.gz' },
      ]),
    );
    server.set('/cli.tar.gz', archive);
    const home = tempDir();
    const seen = proxy.seen.length;
    try {
      // Not spawnSync: the proxy and the server run in this process and must answer meanwhile.
      const run = await spawnAsync(
        process.execPath,
        [
          resolve('dist/cli/index.js'),
          'pull',
          'cli',
          '--registry',
          'http://registry.test:8080/cli-reg.toml',
          '--output-dir',
          join(home, 'out'),
        ],
        {
          env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home, HTTP_PROXY: proxy.url },
          encoding: 'utf8',
        },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /image extracted to .*\/out\/cli \(downloaded\)/);
      assert.deepEqual(
        proxy.seen.slice(seen).map((x) => `${x.method} ${x.target}`),
        ['CONNECT registry.test:8080', 'CONNECT images.test:8081'],
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a proxy that refuses the tunnel is a network error naming the URL', async () => {
    const before = proxy.seen.length;
    const err = await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url }, () =>
      httpGet('http://unrouted.test:9/x', { stallMs: 10_000 }).catch((e: unknown) => e),
    );
    assert.ok(err instanceof Error);
    assert.match(err.message, /^GET http:\/\/unrouted\.test:9\/x: tunneling socket could not be established/);
    assert.deepEqual(
      proxy.seen.slice(before).map((s) => s.target),
      ['unrouted.test:9'],
    );
  });
});

describe('a proxy that never answers', () => {
  test('the CONNECT counts against the stall timeout: a network error, retried like any other', async () => {
    const silent = createNetServer(() => undefined);
    const held = new Set<import('node:net').Socket>();
    silent.on('connection', (c) => held.add(c));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const proxyUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const err = await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxyUrl }, () =>
        httpGet('http://images.test:8080/x', { stallMs: 300 }).catch((e: unknown) => e),
      );
      assert.ok(err instanceof NetworkError, String(err));
      assert.equal(err.message, 'no data from images.test:8080 for 300 ms');
      assert.equal(held.size, 1);
    } finally {
      for (const c of held) c.destroy();
      silent.close();
    }
  });
});

describe('NO_PROXY', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  let proxy: ForwardProxy;
  let direct: Server;
  let hits = 0;
  let url = '';
  before(async () => {
    proxy = await startForwardProxy();
    direct = createServer((_req, res) => {
      hits++;
      res.end('direct');
    });
    if (external) {
      await new Promise<void>((r) => direct.listen(0, external, r));
      url = `http://${external}:${(direct.address() as AddressInfo).port}/r.toml`;
      proxy.route(`${external}:${(direct.address() as AddressInfo).port}`, 1);
    }
  });
  after(async () => {
    await proxy.close();
    direct.closeAllConnections();
    if (direct.listening) await new Promise<void>((r) => direct.close(() => r()));
  });

  test('a host NO_PROXY names is reached directly; without it, the same URL goes to the proxy', async (t) => {
    // Loopback always bypasses the proxy, so this needs an address of this machine that is not.
    if (!external) return t.skip('no non-loopback IPv4 address to serve from');
    const host = new URL(url).hostname;
    const res = await withEnv(
      { ...NO_PROXY_ENV, HTTP_PROXY: proxy.url, NO_PROXY: `other.test, ${host}` },
      () => httpGet(url),
    );
    res.body.resume();
    assert.equal(res.status, 200);
    assert.equal(hits, 1);
    assert.equal(proxy.seen.length, 0);

    // The proxy routes this target to a dead port: the request fails, and the proxy saw it.
    await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url, NO_PROXY: 'other.test' }, () =>
      httpGet(url).then(
        (r) => r.body.resume(),
        () => undefined,
      ),
    );
    assert.equal(hits, 1);
    assert.deepEqual(
      proxy.seen.map((s) => s.target),
      [new URL(url).host],
    );
  });
});

describe('https through a CONNECT tunnel', () => {
  const made = makeCert(['registry.test', 'images.test']);
  let proxy: ForwardProxy;
  let tls: ReturnType<typeof createHttpsServer>;
  let plain: FileServer;
  const seen: { host?: string; path: string; auth?: string }[] = [];
  const files = new Map<string, Buffer | { redirect: string }>();
  before(async () => {
    if (typeof made === 'string') return;
    [proxy, plain] = await Promise.all([startForwardProxy(), startFileServer()]);
    tls = createHttpsServer({ key: made.key, cert: made.cert }, (req, res) => {
      seen.push({ host: req.headers.host, path: req.url ?? '', auth: req.headers.authorization });
      const f = files.get(req.url ?? '');
      if (!f) res.writeHead(404).end();
      else if (Buffer.isBuffer(f)) res.writeHead(200, { 'content-length': f.length }).end(f);
      else res.writeHead(302, { location: f.redirect }).end();
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const port = (tls.address() as AddressInfo).port;
    proxy.route('registry.test:8443', port);
    proxy.route('images.test:8443', port);
    proxy.route('registry.test:8080', Number(plain.host.split(':')[1]));
  });
  after(async () => {
    if (typeof made === 'string') return;
    await Promise.all([proxy.close(), plain.close()]);
    tls.closeAllConnections();
    await new Promise<void>((r) => tls.close(() => r()));
    made.dispose();
  });
  const env = (): Record<string, string> =>
    typeof made === 'string'
      ? {}
      : { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: made.certPath };

  test('registry and image over https through the proxy; the token inside the tunnel only', async (t) => {
    if (typeof made === 'string') return t.skip(made);
    const archive = await makeArchive({ 'qemu-aarch64': 'kernel' });
    files.set(
      '/reg.toml',
      Buffer.from(
        registryToml([
          { name: 'img', version: '1', sha256: sha256(archive), url: 'https://images.test:8443/img.tar.gz' },
        ]),
      ),
    );
    files.set('/img.tar.gz', archive);
    const out = tempDir();
    try {
      const r = await runNetChild(
        {
          op: 'pull',
          inputs: {
            image: 'img',
            registry: 'https://registry.test:8443/reg.toml',
            'output-dir': out,
            token: TOKEN,
          },
        },
        env(),
      );
      assert.equal(r.failed, undefined, `${r.failed}\n${r.stderr}`);
      assert.equal(r.result?.['registry-source'], 'https://registry.test:8443/reg.toml (registry)');
      const connects = proxy.seen.filter((s) => s.method === 'CONNECT').map((s) => s.target);
      assert.deepEqual(connects, ['registry.test:8443', 'images.test:8443']);
      for (const s of proxy.seen) assert.doesNotMatch(JSON.stringify(s.headers), new RegExp(TOKEN));
      assert.deepEqual(
        seen.filter((s) => s.path === '/reg.toml' || s.path === '/img.tar.gz'),
        [
          { host: 'registry.test:8443', path: '/reg.toml', auth: `Bearer ${TOKEN}` },
          { host: 'images.test:8443', path: '/img.tar.gz', auth: `Bearer ${TOKEN}` },
        ],
      );
      for (const line of r.logs) assert.doesNotMatch(line, new RegExp(TOKEN));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a registry whose https URL redirects to plain http is refused, naming the registry', async (t) => {
    if (typeof made === 'string') return t.skip(made);
    files.set('/moved.toml', { redirect: 'http://registry.test:8080/moved.toml' });
    plain.set('/moved.toml', registryToml([]));
    const out = tempDir();
    try {
      const r = await runNetChild(
        {
          op: 'pull',
          inputs: {
            image: 'x',
            registry: 'https://registry.test:8443/moved.toml',
            'output-dir': out,
            token: TOKEN,
          },
        },
        env(),
      );
      assert.equal(
        r.failed,
        'no image registry could be read: https://registry.test:8443/moved.toml: GET https://registry.test:8443/moved.toml: refused a redirect from https to plain http (http://registry.test:8080/moved.toml)',
        r.stderr,
      );
      assert.equal(plain.count('/moved.toml'), 0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('an image whose https URL redirects to plain http is refused, naming the image URL', async (t) => {
    if (typeof made === 'string') return t.skip(made);
    const archive = await makeArchive({ 'qemu-aarch64': 'kernel' });
    files.set(
      '/reg2.toml',
      Buffer.from(
        registryToml([
          {
            name: 'down',
            version: '1',
            sha256: sha256(archive),
            url: 'https://images.test:8443/down.tar.gz',
          },
        ]),
      ),
    );
    files.set('/down.tar.gz', { redirect: 'http://registry.test:8080/down.tar.gz' });
    plain.set('/down.tar.gz', archive);
    const out = tempDir();
    try {
      const r = await runNetChild(
        {
          op: 'pull',
          inputs: { image: 'down', registry: 'https://registry.test:8443/reg2.toml', 'output-dir': out },
        },
        env(),
      );
      assert.equal(
        r.failed,
        'GET https://images.test:8443/down.tar.gz: refused a redirect from https to plain http (http://registry.test:8080/down.tar.gz)',
        r.stderr,
      );
      assert.equal(plain.count('/down.tar.gz'), 0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** A child process run to its end, without blocking this process's servers. */
function spawnAsync(
  cmd: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; encoding: 'utf8' },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
