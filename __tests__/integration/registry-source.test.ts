// The registry-source output names the URL that answered, after redirects.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { registrySource } from '../../src/ops/registry.js';
import { MemoryLog } from '../support/memory-log.js';
import { loadRegistry } from '../../src/registry/load.js';
import { registryToml } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { FAST_RETRY } from '../support/registry-fixtures.js';

let server: FileServer;
before(async () => {
  server = await startFileServer();
});
after(() => server.close());

test('after a redirect on the same scheme, registry-source names the URL that answered', async () => {
  server.set('/old/reg.toml', '', { redirect: `${server.url}/new/reg.toml` });
  server.set(
    '/new/reg.toml',
    registryToml([{ name: 'x', version: '1', sha256: 'a'.repeat(64), url: 'x.tar.gz' }]),
  );
  server.set('/plain.toml', registryToml([]));
  const reg = await loadRegistry({
    registries: [`${server.url}/old/reg.toml`, `${server.url}/plain.toml`],
    retry: FAST_RETRY,
    log: new MemoryLog(),
  });
  assert.deepEqual(reg.roots, [`${server.url}/new/reg.toml`, `${server.url}/plain.toml`]);
  assert.equal(registrySource(reg), `${server.url}/new/reg.toml, ${server.url}/plain.toml (registry)`);
  // Entries still say where they were declared, for messages.
  assert.equal(reg.images[0]?.source, `${server.url}/old/reg.toml:1`);
});
