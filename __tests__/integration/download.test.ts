import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { ChecksumError, UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { HttpStatusError, NetworkError } from '../../src/net/errors.js';
import type { RetryPolicy } from '../../src/net/retry.js';
import { download, type DownloadStats } from '../../src/pull/download.js';
import { pullImage, type PullRequest } from '../../src/pull/pull.js';
import { Tee } from '../../src/unpack/tee.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { entry, FAST_RETRY, inputs } from '../support/registry-fixtures.js';

/** Big enough that a cut after a few KiB leaves most of the body for the resumed request. */
const BODY = randomBytes(256 * 1024);

interface Fetched {
  stats?: DownloadStats;
  error?: unknown;
  digest: string;
  written: Buffer;
  log: MemoryLog;
}

/** Streams one URL through a Tee into a part file, as the pull does, and reports what came. */
async function fetchTo(url: string, retry: RetryPolicy = FAST_RETRY, stallMs?: number): Promise<Fetched> {
  const dir = tempDir();
  try {
    const log = new MemoryLog();
    const part = join(dir, 'file.part');
    const tee = new Tee(part, undefined);
    let stats: DownloadStats | undefined;
    let error: unknown;
    try {
      stats = await download(tee, { url, retry, log, stallMs });
    } catch (err) {
      error = err;
    }
    const digest = await tee.finish();
    return { stats, error, digest, written: readFileSync(part), log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('download', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());

  test('5xx answers are retried until one succeeds', async () => {
    server.set('/5xx.bin', BODY, { faults: [{ status: 503 }, { status: 500 }] });
    const r = await fetchTo(`${server.url}/5xx.bin`);
    assert.equal(r.error, undefined);
    assert.equal(r.digest, sha256(BODY));
    assert.equal(server.count('/5xx.bin'), 3);
    assert.equal(r.log.warnings.length, 2);
    assert.match(r.log.warnings[0]!, /HTTP 503; retrying in .* \(attempt 2 of 4\)/);
    assert.match(r.log.warnings[1]!, /HTTP 500; retrying in .* \(attempt 3 of 4\)/);
  });

  test('429 with Retry-After waits as long as the server asked', async () => {
    server.set('/429.bin', BODY, { faults: [{ status: 429, headers: { 'retry-after': '1' } }] });
    const r = await fetchTo(`${server.url}/429.bin`);
    assert.equal(r.error, undefined);
    assert.equal(r.digest, sha256(BODY));
    assert.equal(server.count('/429.bin'), 2);
    // The policy alone would wait a few milliseconds ("0.0 s"); the server asked for one second.
    assert.equal(r.log.warnings.length, 1);
    assert.match(r.log.warnings[0]!, /HTTP 429; retrying in 1\.0 s/);
  });

  test('a connection reset mid-body resumes with Range from the byte it reached', async () => {
    server.set('/reset.bin', BODY, { faults: [{ cutAfter: 4096 }] });
    const r = await fetchTo(`${server.url}/reset.bin`);
    assert.equal(r.error, undefined);
    assert.equal(server.count('/reset.bin'), 2);
    const [first, second] = server.requests.filter((q) => q.path === '/reset.bin');
    assert.equal(first?.headers.range, undefined);
    assert.equal(second?.headers.range, 'bytes=4096-');
    assert.deepEqual(r.stats, { bytes: BODY.length, resumes: 1, restarts: 0 });
    assert.equal(r.digest, sha256(BODY));
    assert.ok(r.written.equals(BODY));
    assert.match(r.log.warnings[0]!, /broke at byte 4096/);
  });

  test('a stall ends the attempt after the stall timeout and the next one succeeds', async () => {
    server.set('/stall.bin', BODY, { faults: [{ stall: true }] });
    const r = await fetchTo(`${server.url}/stall.bin`, FAST_RETRY, 300);
    assert.equal(r.error, undefined);
    assert.equal(r.digest, sha256(BODY));
    assert.equal(server.count('/stall.bin'), 2);
    assert.match(r.log.warnings[0]!, /no data from 127\.0\.0\.1:\d+ for 300 ms/);
  });

  test('a body cut short on every attempt fails once the retries are spent', async () => {
    server.set('/trunc.bin', BODY, { faults: Array.from({ length: 3 }, () => ({ cutAfter: 1000 })) });
    const r = await fetchTo(`${server.url}/trunc.bin`, { ...FAST_RETRY, retries: 2 });
    assert.ok(r.error instanceof NetworkError, String(r.error));
    assert.match(r.error.message, /broke at byte|closed early/);
    assert.equal(server.count('/trunc.bin'), 3);
  });

  test('404 fails at once, with one request', async () => {
    const r = await fetchTo(`${server.url}/missing.tar.gz`);
    assert.ok(r.error instanceof UserError);
    assert.equal(r.error.message, `image archive not found: ${server.url}/missing.tar.gz answered HTTP 404`);
    assert.equal(server.count('/missing.tar.gz'), 1);
    assert.deepEqual(r.log.warnings, []);
  });

  test('403 fails at once, with one request', async () => {
    server.set('/forbidden.bin', BODY, { faults: [{ status: 403 }, { status: 403 }] });
    const r = await fetchTo(`${server.url}/forbidden.bin`);
    assert.ok(r.error instanceof HttpStatusError);
    assert.equal(r.error.status, 403);
    assert.equal(server.count('/forbidden.bin'), 1);
  });

  test('a signed URL query is kept out of messages', async () => {
    const r = await fetchTo(`${server.url}/missing-signed.bin?sig=SECRETSIG`);
    assert.ok(r.error instanceof Error);
    assert.doesNotMatch(r.error.message, /SECRETSIG/);
  });
});

describe('pulling through faults', () => {
  let server: FileServer;
  let archive: Buffer;
  let out: string;
  const roots: string[] = [];
  before(async () => {
    server = await startFileServer();
    archive = await makeArchive({
      'qemu-aarch64': randomBytes(192 * 1024),
      'rootfs.img': randomBytes(64 * 1024),
      'axvm-bios.bin': 'bios',
    });
  });
  after(async () => {
    await server.close();
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  const request = (path: string, extra: Partial<PullRequest> = {}): PullRequest => ({
    entry: entry({ name: 'img', version: '1', sha256: sha256(archive), url: `${server.url}${path}` }),
    spec: { name: 'img' },
    outputDir: out,
    extract: true,
    retry: FAST_RETRY,
    log: new MemoryLog(),
    ...extra,
  });

  /** A new output dir, inside a scratch dir so that anything written beside it shows up. */
  const fresh = (): void => {
    roots.push(tempDir());
    out = join(roots.at(-1)!, 'out');
  };

  test('a server without Range support restarts from byte 0 after a cut and still verifies', async () => {
    fresh();
    const plain = await startFileServer();
    try {
      plain.ranges = false;
      plain.set('/img.tar.gz', archive, { faults: [{ cutAfter: 50_000 }] });
      const log = new MemoryLog();
      const r = await pullImage({
        ...request('/img.tar.gz', { log }),
        entry: entry({ name: 'img', version: '1', sha256: sha256(archive), url: `${plain.url}/img.tar.gz` }),
      });
      assert.equal(plain.count('/img.tar.gz'), 2);
      assert.equal(plain.requests[1]?.headers.range, 'bytes=50000-');
      assert.ok(log.infos.some((l) => l.includes('does not resume') && l.includes('again from the start')));
      assert.equal(r.source, 'download');
      assert.equal(r.files.kernel, 'qemu-aarch64');
      // The extractor started over too: every file whole, nothing doubled.
      assert.equal(readFileSync(join(r.path, 'rootfs.img')).length, 64 * 1024);
      assert.equal(sha256(readFileSync(r.archive)), sha256(archive));
      assert.deepEqual(readdirSync(out).sort(), ['img', 'img.tar.gz']);
    } finally {
      await plain.close();
    }
  });

  test('a resumed pull extracts the same tree as an uninterrupted one', async () => {
    fresh();
    server.set('/resume.tar.gz', archive, { faults: [{ cutAfter: 30_000 }, { cutAfter: 60_000 }] });
    const r = await pullImage(request('/resume.tar.gz'));
    assert.equal(server.count('/resume.tar.gz'), 3);
    assert.deepEqual(r.files.files, ['axvm-bios.bin', 'qemu-aarch64', 'rootfs.img']);
    assert.equal(readFileSync(join(r.path, 'axvm-bios.bin'), 'utf8'), 'bios');
  });

  // A flipped byte early in the stream breaks decompression long before the end; one in the
  // gzip trailer breaks only its length check. Either way the user hears about the digest.
  for (const [extract, where] of [
    [true, 'early'],
    [true, 'trailer'],
    [false, 'early'],
  ] as const) {
    test(`a checksum mismatch (${where} byte) fails and leaves nothing in the output dir (extract: ${extract})`, async () => {
      fresh();
      const tampered = Buffer.from(archive);
      tampered[where === 'early' ? 200 : tampered.length - 1]! ^= 0xff;
      const path = `/tampered-${extract}-${where}.tar.gz`;
      server.set(path, archive, { faults: [{ body: tampered }] });
      const err = await pullImage(request(path, { extract })).catch((e: unknown) => e);
      assert.ok(err instanceof ChecksumError, String(err));
      assert.equal(err.expected, sha256(archive));
      assert.equal(err.actual, sha256(tampered));
      assert.ok(err.message.includes(`${server.url}${path}`));
      // A mismatch is never retried into success.
      assert.equal(server.count(path), 1);
      assert.deepEqual(readdirSync(out), []);
      assert.deepEqual(readdirSync(join(out, '..')), ['out']);
    });
  }

  test('retries exhausted: the error of the last attempt, and nothing left behind', async () => {
    fresh();
    server.set('/down.tar.gz', archive, { faults: Array.from({ length: 4 }, () => ({ status: 502 })) });
    const err = await pullImage(request('/down.tar.gz')).catch((e: unknown) => e);
    assert.ok(err instanceof HttpStatusError);
    assert.equal(err.status, 502);
    assert.equal(server.count('/down.tar.gz'), FAST_RETRY.retries + 1);
    assert.deepEqual(readdirSync(out), []);
  });

  test('a body cut on every attempt after extraction began leaves nothing behind', async () => {
    fresh();
    // Without Range the extractor is fed from byte 0 each time and must be torn down each time.
    const plain = await startFileServer();
    try {
      plain.ranges = false;
      plain.set('/cut.tar.gz', archive, { faults: Array.from({ length: 4 }, () => ({ cutAfter: 40_000 })) });
      const err = await pullImage({
        ...request('/cut.tar.gz'),
        entry: entry({ name: 'img', version: '1', sha256: sha256(archive), url: `${plain.url}/cut.tar.gz` }),
      }).catch((e: unknown) => e);
      assert.ok(err instanceof NetworkError, String(err));
      assert.equal(plain.count('/cut.tar.gz'), 4);
      assert.deepEqual(readdirSync(out), []);
    } finally {
      await plain.close();
    }
  });
});

describe('the token', () => {
  let registryHost: FileServer;
  let cdn: FileServer;
  let mirror: FileServer;
  let archive: Buffer;
  before(async () => {
    [registryHost, cdn, mirror] = await Promise.all([
      startFileServer(),
      startFileServer(),
      startFileServer(),
    ]);
    archive = await makeArchive({ Image: 'kernel' });
  });
  after(() => Promise.all([registryHost.close(), cdn.close(), mirror.close()]));

  test('goes to the hosts the registry names, never after a redirect to another host', async () => {
    // 127.0.0.1 with three ports: three hosts, as far as the token policy goes.
    assert.notEqual(registryHost.host, cdn.host);
    const digest = sha256(archive);
    registryHost.set(
      '/reg.toml',
      registryToml([
        { name: 'redirected', version: '1', sha256: digest, url: `${registryHost.url}/dl/redirected.tar.gz` },
        { name: 'same_host', version: '1', sha256: digest, url: `${registryHost.url}/dl/same.tar.gz` },
        { name: 'mirrored', version: '1', sha256: digest, url: `${mirror.url}/m.tar.gz` },
        { name: 'hop', version: '1', sha256: digest, url: `${registryHost.url}/dl/hop.tar.gz` },
      ]),
    );
    // Redirected to a host the registry does name: still no token, as it came by redirect.
    registryHost.set('/dl/hop.tar.gz', '', { redirect: `${mirror.url}/hop.tar.gz` });
    mirror.set('/hop.tar.gz', archive);
    registryHost.set('/dl/redirected.tar.gz', '', { redirect: `${cdn.url}/blob/redirected.tar.gz` });
    registryHost.set('/dl/same.tar.gz', '', { redirect: `${registryHost.url}/dl/real-same.tar.gz` });
    registryHost.set('/dl/real-same.tar.gz', archive);
    cdn.set('/blob/redirected.tar.gz', archive);
    mirror.set('/m.tar.gz', archive);

    const out = tempDir();
    try {
      const log = new MemoryLog();
      await runPull(
        inputs({
          image: 'redirected\nsame_host\nmirrored\nhop',
          registry: `${registryHost.url}/reg.toml`,
          'output-dir': out,
          token: 'TOKEN-123',
          concurrency: '1',
        }),
        { log, retry: FAST_RETRY },
      );
      const auth = (s: FileServer, path: string) =>
        s.requests.filter((r) => r.path === path).map((r) => r.headers.authorization);
      assert.deepEqual(auth(registryHost, '/reg.toml'), ['Bearer TOKEN-123']);
      assert.deepEqual(auth(registryHost, '/dl/redirected.tar.gz'), ['Bearer TOKEN-123']);
      assert.deepEqual(auth(cdn, '/blob/redirected.tar.gz'), [undefined]);
      // A redirect on the same host keeps it; a host the registry names directly gets it.
      assert.deepEqual(auth(registryHost, '/dl/real-same.tar.gz'), ['Bearer TOKEN-123']);
      assert.deepEqual(auth(mirror, '/m.tar.gz'), ['Bearer TOKEN-123']);
      assert.deepEqual(auth(registryHost, '/dl/hop.tar.gz'), ['Bearer TOKEN-123']);
      assert.deepEqual(auth(mirror, '/hop.tar.gz'), [undefined]);
      for (const line of log.lines) assert.doesNotMatch(line.message, /TOKEN-123/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a registry that redirects elsewhere does not take the token along', async () => {
    registryHost.set('/moved.toml', '', { redirect: `${cdn.url}/moved.toml` });
    cdn.set('/moved.toml', registryToml([]));
    const out = tempDir();
    try {
      await assert.rejects(
        runPull(
          inputs({
            image: 'anything',
            registry: `${registryHost.url}/moved.toml`,
            'output-dir': out,
            token: 'T2',
          }),
          { log: new MemoryLog(), retry: FAST_RETRY },
        ),
        /no image named 'anything'/,
      );
      assert.equal(
        registryHost.requests.find((r) => r.path === '/moved.toml')?.headers.authorization,
        'Bearer T2',
      );
      assert.equal(cdn.requests.find((r) => r.path === '/moved.toml')?.headers.authorization, undefined);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('is not sent to a host outside the policy', async () => {
    mirror.set('/unnamed.tar.gz', archive);
    const out = tempDir();
    try {
      await pullImage({
        entry: entry({
          name: 'u',
          version: '1',
          sha256: sha256(archive),
          url: `${mirror.url}/unnamed.tar.gz`,
        }),
        spec: { name: 'u' },
        outputDir: out,
        extract: false,
        retry: FAST_RETRY,
        log: new MemoryLog(),
        auth: { token: 'T3', hosts: new Set([registryHost.host]) },
      });
      assert.equal(
        mirror.requests.find((r) => r.path === '/unnamed.tar.gz')?.headers.authorization,
        undefined,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the tee', () => {
  test('a failing sink is dropped, the hash and the part file go on to the end', async () => {
    const dir = tempDir();
    try {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => {
        unhandled.push(reason);
      };
      process.on('unhandledRejection', onUnhandled);
      let writes = 0;
      const sink = {
        write: () => {
          writes++;
          return Promise.reject(new UserError('the extractor gave up'));
        },
        reset: async () => undefined,
      };
      const part = join(dir, 'x.part');
      const tee = new Tee(part, sink);
      // Chunks large enough that the part file must drain while the sink's failure is pending.
      const chunks = [randomBytes(2 * 1024 * 1024), randomBytes(3 * 1024 * 1024), randomBytes(1000)];
      for (const c of chunks) await tee.push(c);
      const digest = await tee.finish();
      await new Promise((r) => setTimeout(r, 20));
      process.off('unhandledRejection', onUnhandled);
      const all = Buffer.concat(chunks);
      assert.equal(digest, sha256(all));
      assert.ok(readFileSync(part).equals(all));
      assert.equal(writes, 1);
      assert.deepEqual(unhandled, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
