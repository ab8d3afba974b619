// The pull's cache layers, fastest first — output dir, runner tool cache, GitHub Actions cache,
// download — all keyed by the archive's SHA-256, with real servers: the images on a local HTTP
// server, the Actions cache in the local cache service driven by the REAL @actions/cache. HOME is
// a temp dir, because the adapter stages under ~/.cache.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  cacheKey,
  cacheRoot,
  CACHE_PATH_PREFIX,
  createActionsCache,
} from '../../src/action/actions-cache.js';
import type { OpsContext } from '../../src/ops/context.js';
import { runPull } from '../../src/action/commands.js';
import { guarded } from '../support/tar-guard.js';
import { toolCacheStaging } from '../support/reliability.js';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage, type ArchiveCache, type PullResult } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { RECORD_FILE } from '../../src/storage/layout.js';
import { readRecord, sameStamp, stamp } from '../../src/storage/tree-record.js';
import type { ImageEntry } from '../../src/registry/types.js';
import * as cache from '@actions/cache';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import {
  SAVE_FAULTS,
  startCacheService,
  twirpCalls,
  type CacheService,
  type RequestRecord,
} from '../support/cache-service.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { captureLibraryOutput, takeLibraryOutput, withFastTimers } from '../support/library-output.js';
import { entry, FAST_RETRY, inputs } from '../support/registry-fixtures.js';
import { runAction } from '../support/run-action.js';

captureLibraryOutput();

let server: FileServer;
let service: CacheService;
let work: string;
const envBefore = { ...process.env };

before(async () => {
  server = await startFileServer();
  service = await startCacheService();
  work = tempDir('axi-cache-layers-');
  Object.assign(process.env, service.env, { HOME: join(work, 'home') });
  delete process.env.GITHUB_WORKSPACE;
});

after(async () => {
  await Promise.all([server?.close(), service?.close()]);
  rmSync(work, { recursive: true, force: true });
  process.env = envBefore;
});

// ---- helpers -----------------------------------------------------------------------------------

interface Image {
  entry: ImageEntry;
  bytes: Buffer;
  files: Record<string, string>;
  /** Path on the image server. */
  path: string;
}

let counter = 0;
/** A real .tar.gz served by the image server, with content (hence a digest, hence a key) of its own. */
async function newImage(): Promise<Image> {
  const n = ++counter;
  const files = {
    'qemu-aarch64': `kernel ${n} ${randomBytes(8).toString('hex')}\n`,
    'rootfs.img': `rootfs ${n}\n`.repeat(1000),
  };
  const bytes = await makeArchive(files);
  const path = `/images/img${n}.tar.gz`;
  server.set(path, bytes);
  return {
    entry: entry({ name: `img${n}`, version: '0.0.1', sha256: sha256(bytes), url: `${server.url}${path}` }),
    bytes,
    files,
    path,
  };
}

let dirCounter = 0;
const freshDir = (what: string): string => join(work, `${what}-${++dirCounter}`);

interface Job {
  out?: string;
  toolCache?: ToolCache;
  /** `false` for no Actions cache. */
  actionsCache?: false;
}

/** One job's pull of `img`: its own output dir and tool cache unless given, the Actions cache on. */
async function pull(img: Image, job: Job = {}): Promise<{ r: PullResult; log: MemoryLog; out: string }> {
  const log = new MemoryLog();
  const out = job.out ?? freshDir('out');
  const actionsCache = job.actionsCache === false ? undefined : createActionsCache(log, undefined, guarded());
  const r = await pullImage({
    entry: img.entry,
    spec: { name: img.entry.name },
    outputDir: out,
    extract: true,
    toolCache: job.toolCache ?? new ToolCache(freshDir('tool')),
    actionsCache,
    retry: FAST_RETRY,
    log,
  });
  await r.saved;
  return { r, log, out };
}

/** Asserts the output dir holds exactly the image's files, with their content, and no temp leftovers. */
function assertExtracted(img: Image, r: PullResult, out: string): void {
  assert.deepEqual(r.files.files, Object.keys(img.files).sort());
  for (const [rel, content] of Object.entries(img.files)) {
    assert.equal(readFileSync(join(r.layout.extractDir, rel), 'utf8'), content, rel);
  }
  assert.equal(r.files.kernel, 'qemu-aarch64');
  assert.ok(
    readFileSync(r.layout.archive).equals(img.bytes),
    'the archive in the output dir is the verified one',
  );
  const temps = readdirSync(out).filter((n) => n.startsWith('.') || n.endsWith('.part'));
  assert.deepEqual(temps, [], 'no temp files or dirs are left in the output dir');
}

/** Saves `bytes` under the key of `sha` with the library itself, exactly as the adapter lays it out. */
async function poison(sha: string, bytes: Buffer): Promise<void> {
  const root = cacheRoot();
  mkdirSync(join(root, sha), { recursive: true });
  writeFileSync(join(root, sha, 'archive.tar.gz'), bytes);
  process.env.GITHUB_WORKSPACE = root;
  try {
    const id = await cache.saveCache([`${CACHE_PATH_PREFIX}/${sha}`], cacheKey(sha));
    assert.ok(id > 0, 'the poisoned entry was committed');
  } finally {
    delete process.env.GITHUB_WORKSPACE;
    rmSync(join(root, sha), { recursive: true, force: true });
  }
}

/** Warnings about the caches: the test servers are plain http, which the pull points out every time. */
const warnings = (log: MemoryLog): string[] =>
  log.warnings.filter((w) => !w.endsWith('is plain http; the SHA-256 digest still guards the bytes'));

const MISS_KEY = (sha: string): string => `actions cache: miss (key axvisor-image-${sha})`;
const NOT_SAVED = (sha: string): string =>
  `actions cache: axvisor-image-${sha} was not saved (another job may be saving it, or the cache service refused it; see the lines above)`;

// ---- the layers in order -------------------------------------------------------------------------

describe('one image through the layers', () => {
  let img: Image;
  let firstToolCache: ToolCache;

  test('a cold pull downloads, says why each layer missed, and saves axvisor-image-<sha256>', async () => {
    img = await newImage();
    firstToolCache = new ToolCache(freshDir('tool'));
    const sha = img.entry.sha256;
    const { r, log, out } = await pull(img, { toolCache: firstToolCache });
    assert.equal(r.source, 'download');
    assert.equal(r.cacheHit, false);
    assertExtracted(img, r, out);
    assert.equal(server.count(img.path), 1);
    assert.deepEqual(warnings(log), []);
    for (const line of [
      'output dir: no verified copy',
      `tool cache: miss (${firstToolCache.entryDir(sha)})`,
      MISS_KEY(sha),
      `actions cache: saved axvisor-image-${sha}`,
      `tool cache: stored at ${firstToolCache.entryDir(sha)}`,
    ]) {
      assert.ok(log.infos.includes(line), `missing "${line}" in\n${log.infos.join('\n')}`);
    }
    assert.equal(service.findEntries(`axvisor-image-${sha}`).length, 1);
    assert.ok(readFileSync(join(firstToolCache.entryDir(sha), 'archive.tar.gz')).equals(img.bytes));
  });

  test('another job (new output dir, empty tool cache) restores from the Actions cache, not the network', async () => {
    const toolCache = new ToolCache(freshDir('tool'));
    const before = server.count(img.path);
    const [{ r, log, out }, reqs] = await service.during(() => pull(img, { toolCache }));
    assert.equal(r.source, 'actions-cache');
    assert.equal(r.cacheHit, true);
    assertExtracted(img, r, out);
    assert.equal(server.count(img.path), before, 'the image server saw no request');
    assert.deepEqual(warnings(log), []);
    assert.ok(log.infos.includes('actions cache: hit, bytes verified'), log.infos.join('\n'));
    // A lookup, the restore, its one blob GET; nothing is saved again.
    assert.deepEqual(
      reqs.map((q) => q.twirpMethod ?? q.method),
      ['GetCacheEntryDownloadURL', 'GetCacheEntryDownloadURL', 'GET'],
    );
    // The restored copy went into this job's tool cache, and its private restore dir is gone.
    assert.ok(readFileSync(join(toolCache.entryDir(img.entry.sha256), 'archive.tar.gz')).equals(img.bytes));
    assert.deepEqual(readdirSync(cacheRoot()), []);
  });

  test('a kept tool cache answers first: neither the image server nor the cache service is asked', async () => {
    const before = server.count(img.path);
    const [{ r, log, out }, reqs] = await service.during(() => pull(img, { toolCache: firstToolCache }));
    assert.equal(r.source, 'tool-cache');
    assert.equal(r.cacheHit, true);
    assertExtracted(img, r, out);
    assert.equal(server.count(img.path), before);
    assert.deepEqual(reqs, [], 'not even a lookup');
    assert.ok(
      log.infos.includes(
        `tool cache: hit at ${join(firstToolCache.entryDir(img.entry.sha256), 'archive.tar.gz')}`,
      ),
    );
  });

  test('the output dir itself answers before any cache', async () => {
    const out = freshDir('out');
    await pull(img, { out, toolCache: firstToolCache });
    const [{ r }, reqs] = await service.during(() =>
      pull(img, { out, toolCache: new ToolCache(freshDir('tool')) }),
    );
    assert.equal(r.source, 'local');
    assert.deepEqual(reqs, []);
  });
});

test('a download put in both caches leaves its archive as the store recorded it: the next pull trusts it by that record', async () => {
  const img = await newImage();
  const out = freshDir('out');
  // The tool cache links the archive; the Actions cache save stages it and removes that again.
  const { r, log } = await pull(img, { out });
  assert.equal(r.source, 'download');
  assert.ok(
    log.infos.includes(`actions cache: saved axvisor-image-${img.entry.sha256}`),
    log.infos.join('\n'),
  );
  const record = await readRecord(r.layout.extractDir, img.entry.sha256, process.getuid!());
  assert.ok(!('why' in record), 'the tree has its record');
  const now = lstatSync(r.layout.archive, { bigint: true });
  assert.ok(sameStamp(stamp(basename(r.layout.archive), now), record.archive), 'the archive is as recorded');

  // Trusted by its stamp, the archive is not hashed again, so its record is not written again.
  const recordFile = join(r.layout.extractDir, RECORD_FILE);
  const written = statSync(recordFile, { bigint: true });
  const again = await pull(img, { out, toolCache: new ToolCache(freshDir('tool')) });
  assert.equal(again.r.source, 'local');
  const after = statSync(recordFile, { bigint: true });
  assert.deepEqual([after.ino, after.mtimeNs], [written.ino, written.mtimeNs]);
});

// ---- broken entries ----------------------------------------------------------------------------

test('a corrupt download from the Actions cache: a warning, then a download', async () => {
  const img = await newImage();
  await pull(img);
  service.faults.corruptDownload = true;
  try {
    const { r, log, out } = await pull(img);
    assert.equal(r.source, 'download');
    assertExtracted(img, r, out);
    assert.deepEqual(warnings(log), [
      `actions cache: entry axvisor-image-${img.entry.sha256} exists but could not be restored (see the library's message above); downloading instead`,
      // Entries cannot be replaced: the save after the download is refused.
      NOT_SAVED(img.entry.sha256),
    ]);
  } finally {
    service.clearFaults();
    takeLibraryOutput();
  }
});

test('an entry saved under the right key with other bytes is ignored and never extracted', async () => {
  const poisons: [string, Buffer][] = [
    // A well-formed archive with other files: extraction would succeed, only the digest tells.
    ['another archive', await makeArchive({ 'qemu-aarch64': 'not the kernel\n', 'evil.txt': 'pwned\n' })],
    // Not even gzip: decompression fails long before the end.
    ['garbage', randomBytes(4096)],
  ];
  for (const [what, bytes] of poisons) {
    const img = await newImage();
    await poison(img.entry.sha256, bytes);
    const toolCache = new ToolCache(freshDir('tool'));
    const { r, log, out } = await pull(img, { toolCache });
    assert.equal(r.source, 'download', what);
    assertExtracted(img, r, out);
    assert.equal(existsSync(join(r.layout.extractDir, 'evil.txt')), false, what);
    assert.deepEqual(
      warnings(log),
      [
        `actions cache: the entry for ${img.entry.sha256} does not match its digest; ignoring it`,
        NOT_SAVED(img.entry.sha256),
      ],
      what,
    );
    // Only verified bytes reach the tool cache.
    assert.ok(
      readFileSync(join(toolCache.entryDir(img.entry.sha256), 'archive.tar.gz')).equals(img.bytes),
      what,
    );
    assert.deepEqual(readdirSync(cacheRoot()), [], what);
  }
  takeLibraryOutput();
});

test('a tool cache entry with wrong bytes is evicted and the image fetched again', async () => {
  const img = await newImage();
  const toolCache = new ToolCache(freshDir('tool'));
  mkdirSync(toolCache.entryDir(img.entry.sha256), { recursive: true });
  // And a half-copied entry that a killed job left behind.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const killed = join(toolCacheStaging(dirname(toolCache.root)), `${gone}-0123456789ab`);
  mkdirSync(join(killed, '1-entry'), { recursive: true, mode: 0o700 });
  writeFileSync(join(toolCache.entryDir(img.entry.sha256), 'archive.tar.gz'), randomBytes(2048));
  const { r, log, out } = await pull(img, { toolCache, actionsCache: false });
  assert.equal(r.source, 'download');
  assertExtracted(img, r, out);
  assert.match(warnings(log)[0] ?? '', /^tool cache: .* does not match its digest; removing it$/);
  assert.ok(readFileSync(join(toolCache.entryDir(img.entry.sha256), 'archive.tar.gz')).equals(img.bytes));
  assert.deepEqual(
    readdirSync(toolCache.root),
    [img.entry.sha256],
    'nothing of the evicted entry, nor of the killed job, is left',
  );
});

test('on one file system the tool cache and the output dir share the archive, and a change to either is caught', async () => {
  const img = await newImage();
  const toolCache = new ToolCache(freshDir('tool'));
  const cached = (): string => join(toolCache.entryDir(img.entry.sha256), 'archive.tar.gz');
  const first = await pull(img, { toolCache, actionsCache: false });
  assert.equal(first.r.source, 'download');
  // Stored by a hard link, and taken back the same way: one copy of the bytes on disk.
  assert.equal(statSync(cached()).ino, statSync(first.r.layout.archive).ino);
  const second = await pull(img, { toolCache, actionsCache: false });
  assert.equal(second.r.source, 'tool-cache');
  assert.equal(statSync(second.r.layout.archive).ino, statSync(cached()).ino);
  assert.equal(statSync(cached()).nlink, 3);

  // Someone writes into the output dir's archive in place: the cache entry is the same file.
  const fd = openSync(second.r.layout.archive, 'r+');
  writeSync(fd, Buffer.from('tampered'), 0, 8, 100);
  closeSync(fd);
  const third = await pull(img, { toolCache, actionsCache: false });
  assert.equal(third.r.source, 'download', 'the changed entry was not used');
  assertExtracted(img, third.r, third.out);
  assert.match(warnings(third.log)[0] ?? '', /^tool cache: .* does not match its digest; removing it$/);
  assert.ok(readFileSync(cached()).equals(img.bytes), 'the entry holds the right bytes again');
});

// ---- the cache service failing -----------------------------------------------------------------

test('the cache service down or failing: warnings, and the pull still succeeds from the network', async () => {
  for (const { fault, creates } of SAVE_FAULTS) {
    const what = JSON.stringify(fault);
    const img = await newImage();
    Object.assign(service.faults, fault);
    let result: Awaited<ReturnType<typeof pull>>;
    let reqs: RequestRecord[];
    try {
      // The library's retry sleeps (seconds each) are cut to a millisecond; ours are already short.
      [result, reqs] = await service.during(() => withFastTimers(() => pull(img)));
    } finally {
      service.clearFaults();
    }
    const { r, log, out } = result;
    assert.equal(r.source, 'download', what);
    assertExtracted(img, r, out);
    assert.deepEqual(warnings(log), [NOT_SAVED(img.entry.sha256)], what);
    assert.equal(twirpCalls(reqs, 'CreateCacheEntry').length, creates, what);
    assert.deepEqual(service.findEntries(cacheKey(img.entry.sha256)), [], what);
    // The library's own account of the failure, shown on the runner as well.
    const lib = takeLibraryOutput();
    if (fault.down) {
      assert.ok(
        lib.problems.some((p) => /^Failed to restore: .*ECONNRESET/.test(p)),
        lib.problems.join('\n'),
      );
    }
  }
});

// ---- concurrency -------------------------------------------------------------------------------

test('three concurrent pulls of one new image in one process: all succeed, one entry', async () => {
  const img = await newImage();
  const [results, reqs] = await service.during(() => Promise.all([1, 2, 3].map(() => pull(img))));
  for (const { r, out } of results) {
    assert.ok(['download', 'actions-cache'].includes(r.source), r.source);
    assertExtracted(img, r, out);
  }
  assert.equal(service.findEntries(cacheKey(img.entry.sha256)).length, 1);
  const creates = twirpCalls(reqs, 'CreateCacheEntry').map((q) => q.status);
  assert.equal(creates.filter((s) => s === 200).length, 1, String(creates));
  assert.ok(
    creates.every((s) => s === 200 || s === 409),
    String(creates),
  );
  // The one entry is whole: a fourth job restores it.
  const { r, out } = await pull(img);
  assert.equal(r.source, 'actions-cache');
  assertExtracted(img, r, out);
  takeLibraryOutput();
});

// ---- an archive over 128 MiB -------------------------------------------------------------------

test('an archive over 128 MiB goes up as blocks and a later pull restores and verifies it', async () => {
  const src = freshDir('big-src');
  mkdirSync(src, { recursive: true });
  // Random bytes do not compress, so the library's zstd archive stays over 128 MiB too.
  const noise = createWriteStream(join(src, 'rootfs.img'));
  const noiseHash = createHash('sha256');
  for (let left = 130 * 1024 * 1024; left > 0; left -= 4 * 1024 * 1024) {
    const chunk = randomBytes(Math.min(left, 4 * 1024 * 1024));
    noiseHash.update(chunk);
    if (!noise.write(chunk)) await once(noise, 'drain');
  }
  noise.end();
  await once(noise, 'finish');
  const tarFile = join(work, 'big.tar');
  const made = spawnSync('tar', ['-cf', tarFile, '-C', src, 'rootfs.img']);
  assert.equal(made.status, 0, String(made.stderr));
  rmSync(src, { recursive: true, force: true });
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(tarFile)) digest.update(chunk as Buffer);
  const big = entry({
    name: 'big',
    version: '1.0.0',
    sha256: digest.digest('hex'),
    // Never served: the pull must not need it.
    url: `${server.url}/big/big.tar`,
  });

  const log = new MemoryLog();
  const adapter = createActionsCache(log, undefined, guarded()) as ArchiveCache;
  const [, saveReqs] = await service.during(() => adapter.save(big.sha256, tarFile, '.tar'));
  rmSync(tarFile);
  assert.deepEqual(warnings(log), []);
  const comps = saveReqs.filter((q) => q.comp).map((q) => q.comp);
  assert.ok(comps.includes('block'), String(comps));
  assert.equal(comps.at(-1), 'blocklist');
  assert.ok((service.findEntries(cacheKey(big.sha256))[0]?.sizeBytes ?? 0) > 128 * 1024 * 1024);

  const out = freshDir('out');
  const r = await pullImage({
    entry: big,
    spec: { name: 'big' },
    outputDir: out,
    extract: true,
    toolCache: new ToolCache(freshDir('tool')),
    actionsCache: adapter,
    retry: FAST_RETRY,
    log,
  });
  assert.equal(r.source, 'actions-cache');
  assert.equal(server.count('/big/'), 0);
  assert.deepEqual(r.files.files, ['rootfs.img']);
  const restored = createHash('sha256');
  for await (const chunk of createReadStream(join(r.layout.extractDir, 'rootfs.img')))
    restored.update(chunk as Buffer);
  assert.equal(restored.digest('hex'), noiseHash.digest('hex'));
  assert.deepEqual(warnings(log), []);
  rmSync(out, { recursive: true, force: true });
  takeLibraryOutput();
});

// ---- inputs, cache mode, logs and summary through runPull ----------------------------------------

describe('runPull with action inputs', () => {
  let img: Image;
  let registry: string;
  let toolCacheDir: string;
  const ctx = (log: MemoryLog, actionsCache?: ArchiveCache): OpsContext => ({
    log,
    toolCacheDir,
    actionsCache: actionsCache ?? createActionsCache(log, undefined, guarded()),
    retry: FAST_RETRY,
  });
  const sourceCell = (summary: string, name: string): string | undefined =>
    summary
      .split('\n')
      .find((l) => l.startsWith(`| \`${name}\``))
      ?.split(' | ')[4];

  before(async () => {
    img = await newImage();
    registry = `/registry/${img.entry.name}.toml`;
    server.set(registry, registryToml([{ ...img.entry }]));
    toolCacheDir = freshDir('tool');
  });

  const run = (log: MemoryLog, values: Record<string, string>, actionsCache?: ArchiveCache) =>
    runPull(
      inputs({
        image: img.entry.name,
        registry: `${server.url}${registry}`,
        'output-dir': freshDir('out'),
        ...values,
      }),
      ctx(log, actionsCache),
    );

  test('the summary says where each pull came from: download, Actions cache, tool cache', async () => {
    const cold = new MemoryLog();
    const first = await run(cold, { 'tool-cache': 'false' });
    assert.equal(first.outputs.source, 'download');
    assert.equal(first.outputs['cache-hit'], 'false');
    assert.equal(sourceCell(first.summary, img.entry.name), 'download');

    const second = await run(new MemoryLog(), {});
    assert.equal(second.outputs.source, 'actions-cache');
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(sourceCell(second.summary, img.entry.name), 'GitHub Actions cache');

    const third = await run(new MemoryLog(), {});
    assert.equal(third.outputs.source, 'tool-cache');
    assert.equal(sourceCell(third.summary, img.entry.name), 'runner tool cache');
    takeLibraryOutput();
  });

  test('cache: false and tool-cache: false turn the layers off: neither cache is asked', async () => {
    const before = server.count(img.path);
    const [noCaches, reqs] = await service.during(() =>
      run(new MemoryLog(), { cache: 'false', 'tool-cache': 'false' }),
    );
    assert.equal(noCaches.outputs.source, 'download');
    assert.deepEqual(reqs, []);
    assert.equal(server.count(img.path), before + 1);

    // Each switch alone: the other layer still answers.
    const [onlyTool, toolReqs] = await service.during(() => run(new MemoryLog(), { cache: 'false' }));
    assert.equal(onlyTool.outputs.source, 'tool-cache');
    assert.deepEqual(toolReqs, []);
    const onlyActions = await run(new MemoryLog(), { 'tool-cache': 'false' });
    assert.equal(onlyActions.outputs.source, 'actions-cache');
    takeLibraryOutput();
  });

  test("ACTIONS_CACHE_MODE 'read' restores but never saves, and nothing fails", async () => {
    process.env.ACTIONS_CACHE_MODE = 'read';
    try {
      const log = new MemoryLog();
      const [restored, reqs] = await service.during(() => run(log, { 'tool-cache': 'false' }));
      assert.equal(restored.outputs.source, 'actions-cache');
      assert.deepEqual(twirpCalls(reqs, 'CreateCacheEntry'), []);

      // A new image is downloaded, and its save skipped with an info line, not a warning.
      const other = await newImage();
      const coldLog = new MemoryLog();
      const [cold, coldReqs] = await service.during(async () => {
        const r = await pull(other);
        coldLog.lines.push(...r.log.lines);
        return r.r;
      });
      assert.equal(cold.source, 'download');
      assert.deepEqual(twirpCalls(coldReqs, 'CreateCacheEntry'), []);
      assert.deepEqual(warnings(coldLog), []);
      assert.ok(
        coldLog.infos.includes(
          `actions cache: not saving axvisor-image-${other.entry.sha256} (the runner's cache mode 'read' forbids writes)`,
        ),
      );
    } finally {
      process.env.ACTIONS_CACHE_MODE = 'write';
    }
    process.env.ACTIONS_CACHE_MODE = 'none';
    try {
      const [none, reqs] = await service.during(() => run(new MemoryLog(), { 'tool-cache': 'false' }));
      assert.equal(none.outputs.source, 'download');
      assert.deepEqual(reqs, []);
    } finally {
      process.env.ACTIONS_CACHE_MODE = 'write';
    }
    takeLibraryOutput();
  });
});

// ---- the bundled action, as a runner runs it ---------------------------------------------------

describe('dist/index.js with the cache service', () => {
  let img: Image;
  let registry: string;

  before(async () => {
    img = await newImage();
    registry = `${server.url}/registry/dist-${img.entry.name}.toml`;
    server.set(`/registry/dist-${img.entry.name}.toml`, registryToml([{ ...img.entry }]));
  });

  /** A job on its own runner: its own HOME, tool cache and output dir. */
  const job = (values: Record<string, string> = {}) => {
    const runner = freshDir('runner');
    mkdirSync(runner, { recursive: true });
    return runAction({
      inputs: {
        image: img.entry.name,
        registry,
        'fallback-registry': 'none',
        'output-dir': join(runner, 'out'),
        ...values,
      },
      env: { ...service.env, HOME: join(runner, 'home'), RUNNER_TOOL_CACHE: join(runner, 'tool') },
      runnerTemp: join(runner, 'temp'),
    });
  };

  test('three jobs on three runners at once: all succeed, exactly one entry is committed', async () => {
    const [runs, reqs] = await service.during(() => Promise.all([job(), job(), job()]));
    for (const run of runs) {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(['download', 'actions-cache'].includes(run.outputs.source ?? ''), run.outputs.source);
      assert.ok(existsSync(run.outputs.kernel ?? ''), run.outputs.kernel);
    }
    assert.equal(service.findEntries(cacheKey(img.entry.sha256)).length, 1);
    const creates = twirpCalls(reqs, 'CreateCacheEntry').map((q) => q.status);
    assert.equal(creates.filter((s) => s === 200).length, 1, String(creates));
    // A job that lost the race says so, as a warning, and still succeeds.
    const lost = creates.filter((s) => s === 409).length;
    const warned = runs.filter((run) =>
      run.stdout.includes(`::warning::${NOT_SAVED(img.entry.sha256)}`),
    ).length;
    assert.equal(warned, lost);
  });

  test('a later job restores from the Actions cache, and its summary says so', async () => {
    const run = await job();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.source, 'actions-cache');
    assert.equal(run.outputs['cache-hit'], 'true');
    assert.match(run.summary, /\| GitHub Actions cache \|/);
    assert.ok(run.stdout.includes('actions cache: hit, bytes verified'));
  });

  test('cache: false never talks to the cache service', async () => {
    const [run, reqs] = await service.during(() => job({ cache: 'false' }));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.source, 'download');
    assert.deepEqual(reqs, []);
    assert.match(run.summary, /\| download \|/);
  });
});
