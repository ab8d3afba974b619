// Servers that put a Content-Encoding on what they send, against a client that asks for identity:
// one that labels a .tar.gz file as gzip-encoded but sends the file as it is (Apache's
// `AddEncoding x-gzip .gz`), one that compresses the body on the fly whatever it was asked
// (a misbehaving proxy), and a registry sent compressed.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ChecksumError } from '../../src/core/errors.js';
import { fetchText } from '../../src/net/fetch-text.js';
import { pullImage } from '../../src/pull/pull.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { MemoryLog } from '../support/memory-log.js';
import { staged } from '../support/reliability.js';
import { FAST_RETRY, entry } from '../support/registry-fixtures.js';

let server: Server;
let base: string;
let work: string;
let archive: Buffer;
const seen: IncomingHttpHeaders[] = [];
const REGISTRY = '[[images]]\nname = "x"\n';

before(async () => {
  work = tempDir('axi-encoding-');
  archive = await makeArchive({ 'qemu-aarch64': 'kernel', 'rootfs.img': Buffer.alloc(4096, 1) });
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/labelled.tar.gz') {
      res.writeHead(200, { 'content-encoding': 'x-gzip', 'content-length': archive.length }).end(archive);
    } else if (req.url === '/recompressed.tar.gz') {
      const body = gzipSync(archive);
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
    } else if (req.url === '/registry.toml') {
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(REGISTRY));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

const pull = (path: string, log: MemoryLog) =>
  pullImage({
    entry: entry({ name: 'img', version: '1', sha256: sha256(archive), url: `${base}${path}` }),
    spec: { name: 'img' },
    outputDir: join(work, path.slice(1)),
    extract: true,
    retry: { ...FAST_RETRY, retries: 0 },
    log,
  });

test('every request asks for the bytes as they are (Accept-Encoding: identity)', async () => {
  seen.length = 0;
  await fetchText(`${base}/registry.toml`, { retry: FAST_RETRY, log: new MemoryLog() });
  assert.equal(seen[0]?.['accept-encoding'], 'identity');
});

test('a .tar.gz merely labelled gzip-encoded is the file itself: it verifies, with a warning', async () => {
  const log = new MemoryLog();
  const r = await pull('/labelled.tar.gz', log);
  assert.equal(r.source, 'download');
  assert.ok(
    log.warnings.some((w) => w.includes('was sent with Content-Encoding: x-gzip although only identity')),
    log.warnings.join('\n'),
  );
});

test('a body compressed on the fly fails naming the encoding, not as a bare mismatch, and leaves nothing', async () => {
  const log = new MemoryLog();
  await assert.rejects(pull('/recompressed.tar.gz', log), (err: Error) => {
    // The extractor may give up first on the doubly compressed bytes; either way the log and
    // the error say why.
    const said = `${err.message}\n${log.warnings.join('\n')}`;
    assert.match(said, /Content-Encoding: gzip/);
    if (err instanceof ChecksumError) assert.match(err.message, /compressing on the fly/);
    return true;
  });
  assert.deepEqual(await staged(join(work, 'recompressed.tar.gz')), []);
});

test('a registry sent compressed is decoded', async () => {
  const { text } = await fetchText(`${base}/registry.toml`, { retry: FAST_RETRY, log: new MemoryLog() });
  assert.equal(text, REGISTRY);
});
