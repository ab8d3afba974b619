// Faults below the happy path: a server that goes silent (after the headers, or mid-body), a disk
// that fills up (a real 2 MiB tmpfs), and caches whose bytes are not what their key says — the
// runner's tool cache, and the Actions cache through the real @actions/cache library talking to
// the local cache service.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { guarded } from '../support/tar-guard.js';
import { MemoryLog } from '../support/memory-log.js';
import { loadRegistry } from '../../src/registry/load.js';
import { pullImage, type PullRequest } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { rawTarGz } from '../support/raw-tar.js';
import { entryFor, expectedTree, staged, readTree } from '../support/reliability.js';
import { startStallServer, type StallServer } from '../support/stall-server.js';

const retry = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };
const KIB = 1024;

let server: StallServer;
let root: string;
before(async () => {
  server = await startStallServer();
  root = tempDir('axi-faults-');
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

let n = 0;
async function freshDir(name = 'out'): Promise<string> {
  const d = join(root, `case-${++n}`, name);
  await mkdir(d, { recursive: true });
  return d;
}

function pull(
  over: Partial<PullRequest> & Pick<PullRequest, 'entry' | 'outputDir'>,
): Promise<Awaited<ReturnType<typeof pullImage>>> {
  return pullImage({ spec: { name: over.entry.name }, extract: true, retry, log: new MemoryLog(), ...over });
}

describe('a server that goes silent', () => {
  test('headers then nothing, then silence mid-body: the stall timeout fires and the next attempt resumes', async () => {
    const files = { 'qemu-aarch64': randomBytes(300 * KIB) };
    const archive = await makeArchive(files);
    server.set('/stall.tar.gz', archive, [{ stallAfter: 0 }, { stallAfter: 100 * KIB }]);
    server.requests.length = 0;
    const entry = entryFor(`${server.url}/stall.tar.gz`, archive);
    const out = await freshDir();
    const log = new MemoryLog();
    const r = await pull({ entry, outputDir: out, log, stallMs: 300 });

    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.deepEqual(
      server.requests.map((q) => q.headers.range),
      [undefined, undefined, `bytes=${100 * KIB}-`],
      'the first stall restarts at byte 0 (nothing came), the second resumes where it stopped',
    );
    const stalls = log.warnings.filter((w) => /no data from 127\.0\.0\.1:\d+ for 300 ms/.test(w));
    assert.equal(stalls.length, 2, log.warnings.join('\n'));
    assert.deepEqual(await staged(out), []);
  });

  test('silent on every attempt: fails naming the stall, and leaves nothing', async () => {
    const archive = await makeArchive({ a: randomBytes(64 * KIB) });
    server.set('/stall-always.tar.gz', archive, [{ stallAfter: 1000 }, { stallAfter: 1000 }]);
    const entry = entryFor(`${server.url}/stall-always.tar.gz`, archive);
    const out = await freshDir();
    await assert.rejects(
      pull({ entry, outputDir: out, stallMs: 200, retry: { ...retry, retries: 1 } }),
      (err: Error) => /no data from 127\.0\.0\.1:\d+ for 200 ms/.test(err.message),
    );
    assert.deepEqual(await readdir(out), []);
  });

  test('a registry that stalls is retried like a download', async () => {
    const toml = registryToml([
      { name: 'img', version: '1', sha256: 'a'.repeat(64), url: `${server.url}/img.tar.gz` },
    ]);
    server.set('/stall-registry.toml', Buffer.from(toml), [{ stallAfter: 10 }]);
    const log = new MemoryLog();
    const reg = await loadRegistry({
      registries: [`${server.url}/stall-registry.toml`],
      retry,
      log,
      stallMs: 200,
    });
    assert.deepEqual(
      reg.images.map((e) => e.name),
      ['img'],
    );
    assert.ok(
      log.warnings.some((w) => /no data from .* for 200 ms/.test(w)),
      log.warnings.join('\n'),
    );
  });
});

describe('a disk that fills up (a 2 MiB tmpfs)', () => {
  let small = '';
  let mounted = false;
  before(async () => {
    small = await freshDir('small');
    if (process.getuid?.() !== 0) return;
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]).status === 0;
  });
  after(() => {
    if (mounted) spawnSync('umount', [small]);
  });
  const skipReason = (): string | undefined =>
    mounted ? undefined : 'needs root and tmpfs to mount a small filesystem';

  test('extraction past the free space fails with "no space left" and leaves no tree', async (t) => {
    if (skipReason()) return t.skip(skipReason());
    const out = join(small, 'x');
    // 4 MiB of one repeated byte compress to a few KiB: the archive fits, its contents do not.
    // (Not zeros: those are left as holes and take no space.)
    const files = { 'qemu-aarch64': Buffer.alloc(4096 * KIB, 'k'), 'rootfs.img': 'r' };
    const archive = await makeArchive(files);
    server.set('/full.tar.gz', archive);
    const entry = entryFor(`${server.url}/full.tar.gz`, archive);
    await assert.rejects(pull({ entry, outputDir: out }), (err: Error) => {
      assert.ok(err instanceof UserError, err.stack);
      assert.match(err.message, /no space left on the device/);
      return true;
    });
    const names = await readdir(out);
    assert.deepEqual(await staged(out), []);
    assert.ok(!names.includes('img'), names.join(', '));
    // A verified archive may stay (it is whole); anything else would be half-written.
    for (const name of names) assert.equal(sha256(await readFile(join(out, name))), entry.sha256, name);
    await rm(out, { recursive: true });
  });

  test('an archive larger than the free space fails at once with "no space left"; no short file is kept as verified', async (t) => {
    if (skipReason()) return t.skip(skipReason());
    const out = join(small, 'y');
    const archive = randomBytes(3 * 1024 * KIB);
    server.set('/big.tar.gz', archive);
    server.requests.length = 0;
    const entry = entryFor(`${server.url}/big.tar.gz`, archive);
    await assert.rejects(pull({ entry, outputDir: out, extract: false }), (err: Error) => {
      assert.ok(err instanceof UserError, err.stack);
      assert.match(err.message, /no space left on the device/);
      return true;
    });
    assert.equal(server.requests.length, 1, 'a full disk is not a network error: no retry');
    assert.deepEqual(await readdir(out), []);
    await rm(out, { recursive: true });
  });
});

describe('a poisoned tool cache entry is never used', () => {
  const files = { 'qemu-aarch64': randomBytes(32 * KIB), 'rootfs.img': 'rootfs' };
  const poisons: [string, () => Promise<Buffer>][] = [
    ['another valid archive', () => makeArchive({ 'qemu-aarch64': 'a different kernel' })],
    ['bytes that are not an archive', async () => randomBytes(8 * KIB)],
    ['a hostile archive', async () => rawTarGz([{ type: 'file', path: '../../escaped', body: 'x' }])],
  ];
  for (const [what, make] of poisons) {
    test(`${what}: a warning, a download, and the entry replaced by verified bytes`, async () => {
      const archive = await makeArchive(files);
      const path = `/tc-${what.replace(/ /g, '-')}.tar.gz`;
      server.set(path, archive);
      const entry = entryFor(`${server.url}${path}`, archive);
      const out = await freshDir();
      const tc = new ToolCache(join(out, '..', 'toolcache'));
      await mkdir(tc.entryDir(entry.sha256), { recursive: true });
      await writeFile(join(tc.entryDir(entry.sha256), 'archive.tar.gz'), await make());

      const log = new MemoryLog();
      const r = await pull({ entry, outputDir: out, toolCache: tc, log });
      assert.equal(r.source, 'download');
      assert.ok(
        log.warnings.some((w) => w.startsWith('tool cache:') && w.includes('does not match its digest')),
        log.warnings.join('\n'),
      );
      assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
      const cached = await tc.find(entry.sha256);
      assert.ok(cached, 'the tool cache has an entry');
      assert.equal(sha256(await readFile(cached)), entry.sha256);
      assert.deepEqual((await readdir(join(out, '..'))).sort(), ['out', 'toolcache'], 'nothing escaped');
    });
  }
});

describe('a poisoned Actions cache entry is never used', () => {
  let service: CacheService;
  const envBefore = { ...process.env };
  const realWrite = process.stdout.write;
  before(async () => {
    // The library prints its workflow commands (::debug:: and the like) to stdout; keep them out
    // of the test report. The runner's own output is binary and passes through.
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') return true;
      return realWrite.apply(process.stdout, [chunk, ...rest] as Parameters<typeof realWrite>);
    }) as typeof process.stdout.write;
    service = await startCacheService();
    // HOME too: the adapter restores under ~/.cache, which must be this test's.
    Object.assign(process.env, service.env, { HOME: await freshDir('home') });
  });
  after(async () => {
    process.stdout.write = realWrite;
    process.env = envBefore;
    await service.close();
  });

  for (const [what, poison] of [
    ['another valid archive', () => makeArchive({ 'qemu-aarch64': 'a PR branch saved this' })],
    ['bytes that are not an archive', async () => randomBytes(8 * KIB)],
  ] as const) {
    test(`${what} under the key: a warning, a download, verified files`, async () => {
      const { createActionsCache } = await import('../../src/action/actions-cache.js');
      const files = { 'qemu-aarch64': randomBytes(16 * KIB), 'rootfs.img': 'rootfs' };
      const archive = await makeArchive(files);
      const path = `/ac-${what.replace(/ /g, '-')}.tar.gz`;
      server.set(path, archive);
      const entry = entryFor(`${server.url}${path}`, archive);
      const out = await freshDir();

      // Whoever could save under this key (a job of another branch, a buggy run) saved other bytes.
      const bad = join(out, '..', 'bad.tar.gz');
      await writeFile(bad, await poison());
      const writerLog = new MemoryLog();
      await createActionsCache(writerLog, undefined, guarded())!.save(entry.sha256, bad, '.tar.gz');
      assert.equal(
        service.findEntries(`axvisor-image-${entry.sha256}`).length,
        1,
        writerLog.warnings.join('\n'),
      );

      const log = new MemoryLog();
      const r = await pull({
        entry,
        outputDir: out,
        actionsCache: createActionsCache(log, undefined, guarded()),
        log,
      });
      await r.saved;
      assert.equal(r.source, 'download');
      assert.ok(
        log.warnings.some((w) => w.startsWith('actions cache:') && w.includes('does not match its digest')),
        log.warnings.join('\n'),
      );
      assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
      assert.equal(sha256(await readFile(r.archive)), entry.sha256);
      assert.deepEqual(await staged(out), []);
    });
  }
});
