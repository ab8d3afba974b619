// Registries, images and mirrors on IPv6-literal hosts: straight to a server listening on
// [::1], and through a forward proxy to [fd00::10] (an address of no machine: only the proxy,
// which routes it to a local server, can reach it). @actions/http-client hands the bracketed
// hostname to the socket, which looks it up as a name; src/net/http.ts takes the brackets off
// for direct requests only, as a CONNECT target keeps them.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadRegistry } from '../../src/registry/load.js';
import { parseMirrors } from '../../src/pull/mirrors.js';
import { pullImage } from '../../src/pull/pull.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { NO_PROXY_ENV, startForwardProxy, withEnv, type ForwardProxy } from '../support/forward-proxy.js';
import { MemoryLog } from '../support/memory-log.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

let v6: Server;
let v6Base: string;
let work: string;
let archive: Buffer;
const served = new Map<string, Buffer | string>();

before(async () => {
  work = tempDir('axi-ipv6-');
  archive = await makeArchive({ 'qemu-aarch64': 'kernel over v6' });
  v6 = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => v6.listen(0, '::1', r));
  v6Base = `http://[::1]:${(v6.address() as AddressInfo).port}`;
});
after(() => {
  v6.close();
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
const pull = (url: string, mirrors = '') =>
  pullImage({
    entry: entry({ name: 'img', version: '1', sha256: sha256(archive), url }),
    spec: { name: 'img' },
    outputDir: join(work, `out-${++n}`),
    extract: true,
    retry: FAST_RETRY,
    log: new MemoryLog(),
    mirrors: parseMirrors(mirrors),
  });

describe('straight to [::1]', () => {
  test('a registry and the image it names', async () => {
    served.set(
      '/r.toml',
      registryToml([{ name: 'img', version: '1', sha256: sha256(archive), url: `${v6Base}/img.tar.gz` }]),
    );
    served.set('/img.tar.gz', archive);
    const reg = await withEnv(NO_PROXY_ENV, () =>
      loadRegistry({ registries: [`${v6Base}/r.toml`], retry: FAST_RETRY, log: new MemoryLog() }),
    );
    assert.equal(reg.images[0]?.url, `${v6Base}/img.tar.gz`);
    const r = await withEnv(NO_PROXY_ENV, () => pull(reg.images[0]!.url));
    assert.equal(r.source, 'download');
    assert.equal(r.sourceUrl, `${v6Base}/img.tar.gz`);
  });

  test('a mirror', async () => {
    served.set(`/cas/${sha256(archive)}`, archive);
    const r = await withEnv(NO_PROXY_ENV, () =>
      pull('https://unreachable.invalid/img.tar.gz', `${v6Base}/cas/{sha256}`),
    );
    assert.equal(r.sourceUrl, `${v6Base}/cas/${sha256(archive)}`);
  });
});

describe('through a proxy, to [fd00::10]', () => {
  let proxy: ForwardProxy;
  let upstream: FileServer;
  const far = 'http://[fd00::10]:8080';
  before(async () => {
    proxy = await startForwardProxy();
    upstream = await startFileServer();
    proxy.route('[fd00::10]:8080', Number(new URL(upstream.url).port));
    upstream.set(
      '/r.toml',
      registryToml([{ name: 'img', version: '1', sha256: sha256(archive), url: `${far}/img.tar.gz` }]),
    );
    upstream.set('/img.tar.gz', archive);
    upstream.set(`/cas/${sha256(archive)}`, archive);
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  test('a registry, the image and a mirror: each a CONNECT to [fd00::10]:8080', async () => {
    await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url }, async () => {
      const reg = await loadRegistry({
        registries: [`${far}/r.toml`],
        retry: FAST_RETRY,
        log: new MemoryLog(),
      });
      const image = await pull(reg.images[0]!.url);
      assert.equal(image.source, 'download');
      const mirrored = await pull('https://unreachable.invalid/img.tar.gz', `${far}/cas/{sha256}`);
      assert.equal(mirrored.sourceUrl, `${far}/cas/${sha256(archive)}`);
    });
    const targets = proxy.seen.map((s) => `${s.method} ${s.target}`);
    assert.deepEqual(targets, Array(3).fill('CONNECT [fd00::10]:8080'), targets.join('\n'));
    assert.deepEqual(
      upstream.requests.map((q) => q.path),
      ['/r.toml', '/img.tar.gz', `/cas/${sha256(archive)}`],
    );
  });
});
