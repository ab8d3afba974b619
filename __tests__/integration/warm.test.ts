// command: warm against the real @actions/cache library talking to the local cache service, and
// a real HTTP server for the images. HOME points at a temp dir before the adapter is loaded,
// because the adapter stages archives under ~/.cache and the library expands `~` from HOME.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OpsContext } from '../../src/ops/context.js';
import { runPull, runWarm } from '../../src/action/commands.js';
import type { WarmRecord } from '../../src/ops/warm.js';
import { UserError } from '../../src/core/errors.js';
import { guarded } from '../support/tar-guard.js';
import { MemoryLog } from '../support/memory-log.js';
import { STORE_DIR } from '../../src/storage/layout.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

let server: FileServer;
let service: CacheService;
let createActionsCache: typeof import('../../src/action/actions-cache.js').createActionsCache;
const envBefore = { ...process.env };
const dirs: string[] = [];

interface Img {
  name: string;
  version: string;
  arch: string;
  sha256: string;
  bytes: number;
}
const images: Img[] = [];

// @actions/core writes its debug and info lines to stdout as text; the test runner's own channel
// from this process is binary, so only text is dropped, keeping the test output readable.
const realWrite = process.stdout.write;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  if (typeof chunk !== 'string')
    return realWrite.apply(process.stdout, [chunk, ...rest] as Parameters<typeof realWrite>);
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  if (callback) queueMicrotask(callback);
  return true;
}) as typeof realWrite;

before(async () => {
  server = await startFileServer();
  service = await startCacheService();
  const home = tempDir('axi-home-');
  dirs.push(home);
  Object.assign(process.env, service.env, { HOME: home });
  ({ createActionsCache } = await import('../../src/action/actions-cache.js'));

  // Three images for the warm-twice test, three more (one missing on the server) for failures.
  const specs = [
    ['qemu_aarch64_linux', 'aarch64'],
    ['qemu_riscv64_nimbos', 'riscv64'],
    ['qemu_x86_64_arceos', 'x86_64'],
    ['fail_a', 'aarch64'],
    ['fail_b', 'aarch64'],
    ['fail_c', 'aarch64'],
  ];
  for (const [name, arch] of specs as [string, string][]) {
    const archive = await makeArchive({
      [`qemu-${arch}`]: `${name} kernel`,
      'rootfs.img': Buffer.alloc(4096, name),
    });
    // fail_b is listed but never served: the server answers 404.
    if (name !== 'fail_b') server.set(`/img/${name}.tar.gz`, archive);
    images.push({ name, version: '0.0.25', arch, sha256: sha256(archive), bytes: archive.length });
  }
  const toml = (names: string[]): string =>
    registryToml(
      images
        .filter((i) => names.includes(i.name))
        .map((i) => ({ ...i, url: `img/${i.name}.tar.gz`, released_at: '2026-04-03T01:28:26Z' })),
    );
  server.set('/warm.toml', toml(['qemu_aarch64_linux', 'qemu_riscv64_nimbos', 'qemu_x86_64_arceos']));
  server.set('/fail.toml', toml(['fail_a', 'fail_b', 'fail_c']));
});

after(async () => {
  await server?.close();
  await service?.close();
  process.env = envBefore;
  process.stdout.write = realWrite;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function setup(registry: string, extra: Record<string, string> = {}) {
  const out = tempDir('axi-warm-');
  dirs.push(out);
  const log = new MemoryLog();
  const ctx: OpsContext = {
    log,
    retry: FAST_RETRY,
    actionsCache: createActionsCache(log, undefined, guarded()),
  };
  const ins = inputs({
    command: 'warm',
    registry: `${server.url}/${registry}`,
    'output-dir': out,
    retries: '1',
    ...extra,
  });
  return { out, log, ctx, ins };
}

const img = (name: string): Img => images.find((i) => i.name === name) as Img;
const record = (name: string, status: WarmRecord['status'], bytes: number): WarmRecord => {
  const i = img(name);
  return { name, version: i.version, arch: i.arch, sha256: i.sha256, status, bytes };
};
const entriesFor = (name: string) => service.findEntries(`axvisor-image-${img(name).sha256}`);

test('warm twice: the first run saves every image, the second finds them all and downloads nothing', async () => {
  const first = setup('warm.toml');
  assert.ok(first.ctx.actionsCache, 'the adapter sees the cache service');
  const result = await runWarm(first.ins, first.ctx);
  assert.equal(result.failure, undefined, JSON.stringify(first.log.lines));
  assert.deepEqual(
    { warmed: result.outputs.warmed, skipped: result.outputs.skipped, failed: result.outputs.failed },
    { warmed: '3', skipped: '0', failed: '0' },
  );
  assert.deepEqual(JSON.parse(result.outputs.report ?? ''), [
    record('qemu_aarch64_linux', 'warmed', img('qemu_aarch64_linux').bytes),
    record('qemu_riscv64_nimbos', 'warmed', img('qemu_riscv64_nimbos').bytes),
    record('qemu_x86_64_arceos', 'warmed', img('qemu_x86_64_arceos').bytes),
  ]);
  for (const name of ['qemu_aarch64_linux', 'qemu_riscv64_nimbos', 'qemu_x86_64_arceos']) {
    assert.equal(entriesFor(name).length, 1, `${name} is in the cache service`);
    assert.equal(server.count(`/img/${name}`), 1, `${name} downloaded once`);
  }
  // Nothing but the store's own dir (the registry snapshot) is left in the output dir.
  assert.deepEqual(readdirSync(first.out).sort(), [STORE_DIR]);
  assert.match(result.summary, /3 warmed, 0 already cached, 0 failed/);
  assert.match(result.summary, /of the repository's 10 GB Actions cache/);

  const imageRequests = server.count('/img/');
  const blobRequests = service.blobRequests();
  const second = setup('warm.toml');
  const again = await runWarm(second.ins, second.ctx);
  assert.equal(again.failure, undefined);
  assert.deepEqual(
    { warmed: again.outputs.warmed, skipped: again.outputs.skipped, failed: again.outputs.failed },
    { warmed: '0', skipped: '3', failed: '0' },
  );
  assert.deepEqual(JSON.parse(again.outputs.report ?? ''), [
    record('qemu_aarch64_linux', 'skipped', 0),
    record('qemu_riscv64_nimbos', 'skipped', 0),
    record('qemu_x86_64_arceos', 'skipped', 0),
  ]);
  assert.equal(server.count('/img/'), imageRequests, 'no image was downloaded');
  assert.equal(service.blobRequests(), blobRequests, 'the lookups transferred no cache blob either');
  for (const name of ['qemu_aarch64_linux', 'qemu_riscv64_nimbos', 'qemu_x86_64_arceos'])
    assert.equal(entriesFor(name).length, 1);

  // What warming is for: a pull elsewhere restores from the cache instead of the image host.
  const puller = setup('warm.toml', { command: 'pull', image: 'qemu_riscv64_nimbos', 'tool-cache': 'false' });
  const pulled = await runPull(puller.ins, puller.ctx);
  assert.equal(pulled.outputs.source, 'actions-cache');
  assert.equal(pulled.outputs.kernel, join(puller.out, 'qemu_riscv64_nimbos', 'qemu-riscv64'));
  assert.equal(server.count('/img/'), imageRequests);
});

test('one image failing (404) among several: the others are warmed, failed=1 and the step fails', async () => {
  const { ins, ctx, log } = setup('fail.toml', { concurrency: '2' });
  const result = await runWarm(ins, ctx);
  assert.equal(result.outputs.warmed, '2');
  assert.equal(result.outputs.skipped, '0');
  assert.equal(result.outputs.failed, '1');
  const report = JSON.parse(result.outputs.report ?? '') as WarmRecord[];
  assert.deepEqual(
    report.map((r) => [r.name, r.status]),
    [
      ['fail_a', 'warmed'],
      ['fail_b', 'failed'],
      ['fail_c', 'warmed'],
    ],
  );
  const failed = report[1] as WarmRecord;
  assert.match(failed.error ?? '', /404/);
  assert.equal(failed.bytes, 0);
  assert.equal(entriesFor('fail_a').length, 1);
  assert.equal(entriesFor('fail_c').length, 1);
  assert.equal(entriesFor('fail_b').length, 0);
  assert.match(result.failure ?? '', /^1 of 3 images could not be warmed: fail_b:0\.0\.25 \(.*404/);
  assert.ok(log.warnings.some((w) => w.startsWith('fail_b:0.0.25 could not be warmed')));
  assert.match(result.summary, /2 warmed, 0 already cached, 1 failed/);
});

test('an archive already in the tool cache is saved to the Actions cache without a download', async () => {
  // A fresh image, so no earlier test has cached it.
  const archive = await makeArchive({ 'qemu-aarch64': 'tool-cached kernel' });
  const digest = sha256(archive);
  server.set(
    '/tc.toml',
    registryToml([{ name: 'tool_cached', version: '1.0', sha256: digest, url: 'img/tool_cached.tar.gz' }]),
  );
  server.set('/img/tool_cached.tar.gz', archive);
  const toolCacheDir = tempDir('axi-toolcache-');
  dirs.push(toolCacheDir);
  mkdirSync(join(toolCacheDir, 'axvisor-image', digest), { recursive: true });
  writeFileSync(join(toolCacheDir, 'axvisor-image', digest, 'archive.tar.gz'), archive);

  const { ins, ctx } = setup('tc.toml');
  const result = await runWarm(ins, { ...ctx, toolCacheDir });
  assert.equal(result.outputs.warmed, '1', result.outputs.report);
  assert.equal(server.count('/img/tool_cached'), 0);
  assert.equal(service.findEntries(`axvisor-image-${digest}`).length, 1);
  assert.ok(
    existsSync(join(toolCacheDir, 'axvisor-image', digest, 'archive.tar.gz')),
    'the tool cache keeps its copy',
  );
});

test('an image already in the output dir is saved and left where it was', async () => {
  const archive = await makeArchive({ 'qemu-aarch64': 'local kernel' });
  const digest = sha256(archive);
  server.set(
    '/local.toml',
    registryToml([{ name: 'local_one', version: '2.0', sha256: digest, url: 'img/local_one.tar.gz' }]),
  );
  const { ins, ctx, out } = setup('local.toml');
  writeFileSync(join(out, 'local_one-2.0.tar.gz'), archive);
  const result = await runWarm(ins, ctx);
  assert.equal(result.outputs.warmed, '1', result.outputs.report);
  assert.equal(server.count('/img/local_one'), 0);
  assert.ok(existsSync(join(out, 'local_one-2.0.tar.gz')));
});

test('without the Actions cache, warm fails at once with a message saying what it needs', async () => {
  const noService = setup('warm.toml');
  const before = server.count('/warm.toml');
  await assert.rejects(
    runWarm(noService.ins, { log: noService.log, retry: FAST_RETRY }),
    (err: unknown) =>
      err instanceof UserError &&
      /command 'warm' needs the GitHub Actions cache/.test(err.message) &&
      /cache: true/.test(err.message),
  );
  const off = setup('warm.toml', { cache: 'false' });
  await assert.rejects(
    runWarm(off.ins, off.ctx),
    /input 'cache': command 'warm' needs the GitHub Actions cache, and it is turned off/,
  );
  assert.equal(server.count('/warm.toml'), before, 'the registry was not even fetched');
});

test('the adapter refuses to exist without a cache service URL', async () => {
  const saved = process.env.ACTIONS_RESULTS_URL;
  delete process.env.ACTIONS_RESULTS_URL;
  delete process.env.ACTIONS_CACHE_URL;
  try {
    const log = new MemoryLog();
    assert.equal(createActionsCache(log, undefined, guarded()), undefined);
  } finally {
    process.env.ACTIONS_RESULTS_URL = saved;
  }
});
