// Bounded work: a download never writes more than input 'max-size', and stops as soon as the
// extraction has failed for good, instead of reading an endless body to its (never) end.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage } from '../../src/pull/pull.js';
import { Tee } from '../../src/unpack/tee.js';
import { sha256, tempDir } from '../support/archives.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

const MiB = 1024 * 1024;
const MAX = 10 * MiB;

/**
 * Serves endless bodies: `/junk` random bytes, `/gzip-junk` random bytes behind a gzip magic
 * number, `/declared` a Content-Length of 20 MiB. Counts the bytes each path handed to its socket.
 */
async function startEndlessServer(): Promise<{
  url: string;
  sent: Map<string, number>;
  requests: string[];
  close(): Promise<void>;
}> {
  const sent = new Map<string, number>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const block = randomBytes(64 * 1024);
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (path === '/declared') headers['content-length'] = String(2 * MAX);
    res.writeHead(200, headers);
    if (path === '/gzip-junk') res.write(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff]));
    const pump = (): void => {
      while (!res.destroyed) {
        sent.set(path, (sent.get(path) ?? 0) + block.length);
        if (!res.write(block)) return void res.once('drain', pump);
      }
    };
    res.on('error', () => undefined);
    pump();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('an endless body', () => {
  let server: Awaited<ReturnType<typeof startEndlessServer>>;
  const scratch: string[] = [];
  before(async () => {
    server = await startEndlessServer();
  });
  after(async () => {
    await server.close();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  /** Pulls `path` with max-size 10M into a fresh output dir inside a scratch dir. */
  async function pull(path: string, extract: boolean): Promise<{ err: Error; out: string; root: string }> {
    const root = tempDir();
    scratch.push(root);
    const out = join(root, 'out');
    const err = await pullImage({
      entry: entry({
        name: 'e',
        version: '1',
        sha256: sha256(Buffer.from('x')),
        url: `${server.url}${path}`,
      }),
      spec: { name: 'e' },
      outputDir: out,
      extract,
      retry: FAST_RETRY,
      log: new MemoryLog(),
      maxBytes: MAX,
    }).then(
      () => assert.fail('the pull succeeded'),
      (e: unknown) => e as Error,
    );
    return { err, out, root };
  }

  test('over max-size, with extract: false: stops at max-size and leaves nothing behind', async () => {
    const { err, out, root } = await pull('/junk', false);
    assert.ok(err instanceof UserError, String(err));
    const m = /^image archive (\S+) is over the (\d+)-byte limit; download stopped after (\d+) bytes$/.exec(
      err.message,
    );
    assert.ok(m, err.message);
    assert.equal(m[1], `${server.url}/junk`);
    assert.equal(Number(m[2]), MAX);
    assert.ok(Number(m[3]) <= MAX && Number(m[3]) > MAX - MiB, m[3]);
    // Not retried: another attempt would be no smaller.
    assert.equal(server.requests.filter((r) => r === '/junk').length, 1);
    assert.deepEqual(readdirSync(out), []);
    assert.deepEqual(readdirSync(root), ['out']);
  });

  test('a Content-Length over max-size fails before the body is read', async () => {
    const { err, out, root } = await pull('/declared', true);
    assert.ok(err instanceof UserError, String(err));
    assert.equal(
      err.message,
      `image archive ${server.url}/declared is ${2 * MAX} bytes, over the ${MAX}-byte limit`,
    );
    assert.equal(server.requests.filter((r) => r === '/declared').length, 1);
    assert.deepEqual(readdirSync(out), []);
    assert.deepEqual(readdirSync(root), ['out']);
  });

  test('junk behind a gzip header: the download stops at the extraction error, well before max-size', async () => {
    const { err, out } = await pull('/gzip-junk', true);
    assert.ok(err instanceof UserError, String(err));
    const m =
      /^e:1: the archive is not valid compressed data \(.+\); download of (\S+) stopped after (\d+) bytes$/.exec(
        err.message,
      );
    assert.ok(m, err.message);
    assert.equal(m[1], `${server.url}/gzip-junk`);
    assert.ok(Number(m[2]) < MAX / 2, m[2]);
    // What the server managed to hand to its socket before the client hung up is bounded too.
    assert.ok((server.sent.get('/gzip-junk') ?? 0) < MAX, String(server.sent.get('/gzip-junk')));
    assert.deepEqual(readdirSync(out), []);
  });

  test('junk that is not compressed at all: the tar reader refuses it and the download stops', async () => {
    const { err, out } = await pull('/junk', true);
    assert.ok(err instanceof UserError, String(err));
    const m = /^e:1: .+; download of (\S+) stopped after (\d+) bytes$/.exec(err.message);
    assert.ok(m, err.message);
    assert.ok(Number(m[2]) < MAX / 2, m[2]);
    assert.deepEqual(readdirSync(out), []);
  });
});

describe('the tee under a max-size', () => {
  test('refuses the chunk that would cross it: the part file never holds more', async () => {
    const dir = tempDir();
    try {
      const part = join(dir, 'x.part');
      const tee = new Tee(part, undefined, { maxBytes: 3 * MiB });
      const chunk = randomBytes(MiB - 1);
      let error: unknown;
      try {
        for (let i = 0; i < 5; i++) await tee.push(chunk);
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof UserError);
      assert.equal(error.message, `more than ${3 * MiB} bytes; stopped after ${3 * (MiB - 1)} bytes`);
      await tee.finish();
      assert.equal(statSync(part).size, 3 * (MiB - 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
