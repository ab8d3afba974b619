// The bundles' stand-in for `undici` (src/bundle/undici-on-demand.cjs): loading it must not load
// undici, and what it builds must be undici's own ProxyAgent, working as one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';

// Loaded by Node's own CommonJS loader, as the bundle's module system would: its require cache
// shows what the shim loads and when.
const require = createRequire(import.meta.url);
const undiciEntry = require.resolve('undici/index.js');
const shimPath = require.resolve('../../src/bundle/undici-on-demand.cjs');

type Undici = typeof import('undici/index.js');

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

test('loading the stand-in does not load undici; building a ProxyAgent does', () => {
  const loaded = (): Undici | undefined => require.cache[undiciEntry]?.exports as Undici | undefined;
  delete require.cache[undiciEntry];
  delete require.cache[shimPath];
  const shim = require(shimPath) as { ProxyAgent: new (opts: object) => object };
  assert.equal(loaded(), undefined, 'undici loaded with the stand-in');
  const agent = new shim.ProxyAgent({ uri: 'http://127.0.0.1:9' });
  const undici = loaded();
  assert.ok(undici, 'undici not loaded by the first ProxyAgent');
  assert.ok(agent instanceof undici.ProxyAgent);
  void (agent as InstanceType<Undici['ProxyAgent']>).close();
});

test('the ProxyAgent it builds tunnels requests through the proxy', { timeout: 20_000 }, async () => {
  const origin = createServer((_req, res) => res.end('from origin'));
  // A proxy that only tunnels (CONNECT), as undici's ProxyAgent asks it to.
  const seen: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket) => {
    seen.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  servers.push(origin, proxy);
  for (const s of [origin, proxy]) await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const at = (s: Server): number => (s.address() as AddressInfo).port;
  const shim = require(shimPath) as { ProxyAgent: new (opts: object) => InstanceType<Undici['ProxyAgent']> };
  const dispatcher = new shim.ProxyAgent({ uri: `http://127.0.0.1:${at(proxy)}` });
  const undici = require('undici/index.js') as Undici;
  const res = await undici.request(`http://127.0.0.1:${at(origin)}/images.toml`, { dispatcher });
  assert.equal(await res.body.text(), 'from origin');
  assert.deepEqual(seen, [`127.0.0.1:${at(origin)}`]);
  await dispatcher.close();
});

test('the committed bundles use nothing from undici that the stand-in lacks', () => {
  // ncc names the stand-in's module after its file; a library that starts to use another of
  // undici's names would show here as `undici_on_demand.<name>` (docs/architecture.md).
  const shim = require(shimPath) as Record<string, unknown>;
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  const files = [
    ...readdirSync(dist).filter((f) => f.endsWith('.js')),
    ...readdirSync(join(dist, 'cli'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => join('cli', f)),
  ];
  const used = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(join(dist, f), 'utf8').matchAll(/\bundici_on_demand\.(\w+)/g))
      used.add(m[1]!);
  }
  assert.ok(used.size > 0, 'dist/ never uses the stand-in: is undici bundled and loaded at start again?');
  for (const name of used) assert.ok(name in shim, `dist/ uses undici's ${name}, which the stand-in lacks`);
});

test('no bundle carries undici, and nothing in them builds the ProxyAgent it would be loaded for', () => {
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  const files = [
    ...readdirSync(dist).filter((f) => f.endsWith('.js')),
    ...['cli', 'tar-guard'].flatMap((d) =>
      readdirSync(join(dist, d))
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(d, f)),
    ),
  ];
  // undici's own source, as a bundle that packed it would hold.
  const undiciCode = /class Dispatcher\b|kDispatcher|undici\/lib\//;
  let external = 0;
  for (const f of files) {
    const text = readFileSync(join(dist, f), 'utf8');
    assert.doesNotMatch(text, undiciCode, `${f} packs undici`);
    external += [...text.matchAll(/createRequire\(import\.meta\.url\)\("undici\/index\.js"\)/g)].length;
    // The stand-in is built only by @actions/http-client's getAgentDispatcher, for fetch():
    // a library that starts to call it would need undici, and fails here, not in a job.
    assert.doesNotMatch(text, /\.getAgentDispatcher\(/, `${f} calls getAgentDispatcher`);
    const builds = [...text.matchAll(/new undici_on_demand\.ProxyAgent\(/g)].length;
    const inDispatcher = [
      ...text.matchAll(
        /_getProxyAgentDispatcher\(parsedUrl, proxyUrl\) \{[^]*?new undici_on_demand\.ProxyAgent\(/g,
      ),
    ].length;
    assert.equal(builds, inDispatcher, `${f} builds a ProxyAgent outside getAgentDispatcher`);
  }
  assert.ok(external >= 2, 'the action and the CLI leave undici external');
});
