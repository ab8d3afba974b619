// The Actions cache adapter (src/action/actions-cache.ts) against the REAL @actions/cache library
// talking to the local cache service: keys, the stored layout, lookups, private restore dirs, the
// machine-wide save lock, the runner's cache mode. Layer order and verification are in
// cache-layers.test.ts. HOME is a temp dir, because the adapter stages under ~/.cache.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { STAGING_DIR, STORE_DIR } from '../../src/storage/layout.js';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as cache from '@actions/cache';
import {
  cacheKey,
  cacheRoot,
  createActionsCache,
  CACHE_PATH_PREFIX,
  type CacheLibrary,
} from '../../src/action/actions-cache.js';
import { guarded } from '../support/tar-guard.js';
import { MemoryLog } from '../support/memory-log.js';
import type { ArchiveCache } from '../../src/pull/pull.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import {
  SAVE_FAULTS,
  startCacheService,
  twirpCalls,
  type CacheService,
  type RequestRecord,
} from '../support/cache-service.js';
import { captureLibraryOutput, takeLibraryOutput, withFastTimers } from '../support/library-output.js';

captureLibraryOutput();

let service: CacheService;
let work: string;
const envBefore = { ...process.env };

before(async () => {
  service = await startCacheService();
  work = tempDir('axi-actions-cache-');
  Object.assign(process.env, service.env, { HOME: join(work, 'home') });
  delete process.env.GITHUB_WORKSPACE;
});

after(async () => {
  await service?.close();
  rmSync(work, { recursive: true, force: true });
  process.env = envBefore;
});

interface Archive {
  sha256: string;
  file: string;
  bytes: Buffer;
}

let counter = 0;
/** A real .tar.gz on disk with content unique to this call, so each test has its own key. */
async function archive(): Promise<Archive> {
  const n = ++counter;
  const bytes = await makeArchive({
    'qemu-aarch64': `kernel ${n} ${Date.now()}\n`,
    'rootfs.img': `rootfs ${n}\n`,
  });
  const file = join(work, `src-${n}.tar.gz`);
  writeFileSync(file, bytes);
  return { sha256: sha256(bytes), file, bytes };
}

function adapter(): { cache: ArchiveCache; log: MemoryLog } {
  const log = new MemoryLog();
  const c = createActionsCache(log, undefined, guarded());
  assert.ok(c, 'the cache service variables are set, so the adapter must exist');
  return { cache: c, log };
}

const blobs = (reqs: RequestRecord[]): RequestRecord[] => reqs.filter((r) => !r.twirpMethod);

/** What is left under the cache root (staging dirs, restore dirs, locks). */
const leftovers = (): string[] => (existsSync(cacheRoot()) ? readdirSync(cacheRoot()).sort() : []);

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>): void => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  return fn().finally(() => apply(saved));
}

// ---- tests -------------------------------------------------------------------------------------

test('no cache service URL: no adapter, and the log says why', () => {
  const log = new MemoryLog();
  const saved = process.env.ACTIONS_RESULTS_URL;
  delete process.env.ACTIONS_RESULTS_URL;
  try {
    assert.equal(createActionsCache(log, undefined, guarded()), undefined);
  } finally {
    process.env.ACTIONS_RESULTS_URL = saved;
  }
  assert.deepEqual(log.infos, [
    'actions cache: not available on this runner (no cache service URL); skipping it',
  ]);
});

test('exists() is false before a save and true after, downloading nothing either way', async () => {
  const a = await archive();
  const { cache: c, log } = adapter();

  const [before, lookupReqs] = await service.during(() => c.exists(a.sha256));
  assert.equal(before, false);
  assert.deepEqual(
    lookupReqs.map((r) => r.twirpMethod),
    ['GetCacheEntryDownloadURL'],
  );

  const [, saveReqs] = await service.during(() => c.save(a.sha256, a.file, '.tar.gz'));
  assert.deepEqual(log.warnings, []);
  assert.ok(log.infos.includes(`actions cache: saved axvisor-image-${a.sha256}`), log.infos.join('\n'));
  assert.deepEqual(
    saveReqs.map((r) => r.twirpMethod ?? 'blob'),
    ['CreateCacheEntry', 'blob', 'FinalizeCacheEntryUpload'],
  );

  const [afterSave, existsReqs] = await service.during(() => c.exists(a.sha256));
  assert.equal(afterSave, true);
  assert.equal(blobs(existsReqs).length, 0, 'a lookup downloads nothing');
  assert.deepEqual(leftovers(), [], 'the staged copy and the lock are gone after the save');
});

test('the entry is keyed by the digest and stores just <sha256>/archive<ext>, whatever the workspace', async () => {
  const a = await archive();
  const { cache: c } = adapter();
  // A job's own workspace must not leak into the stored paths, nor stay changed afterwards.
  const workspace = join(work, 'some-workspace');
  await withEnv({ GITHUB_WORKSPACE: workspace }, async () => {
    await c.save(a.sha256, a.file, '.tar.gz');
    assert.equal(process.env.GITHUB_WORKSPACE, workspace);
  });
  const entries = service.findEntries(cacheKey(a.sha256));
  assert.equal(entries.length, 1);
  assert.equal(cacheKey(a.sha256), `axvisor-image-${a.sha256}`);
  // GNU tar reads the zstd (or gzip) compression on its own.
  const listing = spawnSync('tar', ['-tf', entries[0]!.file], { encoding: 'utf8' });
  assert.equal(listing.status, 0, listing.stderr);
  assert.deepEqual(listing.stdout.split('\n').filter(Boolean).sort(), [
    `${a.sha256}/`,
    `${a.sha256}/archive.tar.gz`,
  ]);
  // The version is the hash of the path string, so the library itself must hit with that string.
  const hit = await cache.restoreCache([`${CACHE_PATH_PREFIX}/${a.sha256}`], cacheKey(a.sha256), [], {
    lookupOnly: true,
  });
  assert.equal(hit, cacheKey(a.sha256));
  takeLibraryOutput();
});

test('restore hands back a private copy; concurrent restores of one key never share files', async () => {
  const a = await archive();
  await adapter().cache.save(a.sha256, a.file, '.tar.gz');
  const { cache: c, log } = adapter();

  const [paths, reqs] = await service.during(() => Promise.all([1, 2, 3].map(() => c.restore(a.sha256))));
  assert.deepEqual(log.warnings, []);
  assert.equal(new Set(paths).size, 3, `three private paths: ${paths.join(', ')}`);
  for (const p of paths) {
    assert.ok(p?.startsWith(cacheRoot()), p);
    assert.ok(p?.endsWith(`/${a.sha256}/archive.tar.gz`), p);
    assert.ok(readFileSync(p!).equals(a.bytes), 'restored bytes equal the saved archive');
  }
  // A lookup and a restore each.
  assert.equal(twirpCalls(reqs, 'GetCacheEntryDownloadURL').length, 6);
  assert.equal(blobs(reqs).length, 3);

  // Cleaning one up leaves the others readable.
  await c.cleanup(paths[0]!);
  assert.equal(existsSync(paths[0]!), false);
  assert.ok(readFileSync(paths[1]!).equals(a.bytes));
  await c.cleanup(paths[1]!);
  await c.cleanup(paths[2]!);
  assert.deepEqual(leftovers(), []);
});

test("a save reads a copy of its own: the archive's ctime stays as recorded, and its other names may come and go meanwhile", async () => {
  // Big enough that tar is still reading while names of the archive are made and removed: GNU
  // tar fails a save ("file changed as we read it") when the file's ctime moves under it.
  const bytes = await makeArchive({ 'rootfs.img': randomBytes(24 * 1024 * 1024) });
  const file = join(work, 'big.tar.gz');
  writeFileSync(file, bytes);
  const digest = sha256(bytes);
  const ctime = (): bigint => statSync(file, { bigint: true }).ctimeNs;
  const before = ctime();
  const { cache: c, log } = adapter();

  // What the tool cache's link, another job's link from it, or a removal does to the inode.
  let saving = true;
  let churned = 0;
  const churn = (async () => {
    while (saving) {
      linkSync(file, `${file}.other`);
      unlinkSync(`${file}.other`);
      churned++;
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const moved = ctime();
  await c.save(digest, file, '.tar.gz').finally(() => (saving = false));
  await churn;
  assert.ok(churned > 5, `the archive's names changed only ${churned} times during the save`);
  assert.deepEqual(log.warnings, []);
  assert.ok(log.infos.includes(`actions cache: saved ${cacheKey(digest)}`), log.infos.join('\n'));
  const restored = await c.restore(digest);
  assert.ok(restored && readFileSync(restored).equals(bytes), 'the entry holds the archive');
  await c.cleanup(restored);

  // Alone, a save leaves the archive's ctime where it was: a record stamped before it stays true.
  assert.notEqual(moved, before);
  const settled = ctime();
  await adapter().cache.save(digest, file, '.tar.gz');
  assert.equal(ctime(), settled);
});

test('a miss is one lookup and an info line naming the key', async () => {
  const a = await archive();
  const { cache: c, log } = adapter();
  const [restored, reqs] = await service.during(() => c.restore(a.sha256));
  assert.equal(restored, undefined);
  assert.deepEqual(log.infos, [`actions cache: miss (key axvisor-image-${a.sha256})`]);
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(
    reqs.map((r) => r.twirpMethod),
    ['GetCacheEntryDownloadURL'],
  );
  assert.deepEqual(leftovers(), []);
});

test('HOME is read when the cache is used, not when the adapter is loaded', async () => {
  const a = await archive();
  await adapter().cache.save(a.sha256, a.file, '.tar.gz');
  // Another runner: another home. The entry must still restore, and land under the new home.
  const otherHome = join(work, 'other-home');
  await withEnv({ HOME: otherHome }, async () => {
    const { cache: c, log } = adapter();
    const restored = await c.restore(a.sha256);
    assert.deepEqual(log.warnings, []);
    assert.ok(restored?.startsWith(join(otherHome, '.cache', 'axvisor-image', 'actions')), restored);
    assert.ok(readFileSync(restored!).equals(a.bytes));
    await c.cleanup(restored!);
  });
});

test('a broken entry (corrupt download, or a failing blob store) is a warning, never a miss', async () => {
  const a = await archive();
  await adapter().cache.save(a.sha256, a.file, '.tar.gz');
  for (const fault of [{ corruptDownload: true }, { downloadStatus: 500 }] as const) {
    Object.assign(service.faults, fault);
    try {
      const { cache: c, log } = adapter();
      assert.equal(await c.restore(a.sha256), undefined);
      assert.deepEqual(log.warnings, [
        `actions cache: entry axvisor-image-${a.sha256} exists but could not be restored (see the library's message above); downloading instead`,
      ]);
      // The library says what went wrong in its own words.
      assert.ok(
        takeLibraryOutput().problems.some((p) => p.startsWith('Failed to restore: ')),
        JSON.stringify(fault),
      );
      assert.deepEqual(leftovers(), [], 'the private restore dir is removed');
    } finally {
      delete service.faults.corruptDownload;
      delete service.faults.downloadStatus;
    }
  }
});

test('save failures are warnings: service down, 5xx on create, finalize and upload, 409', async () => {
  for (const { fault, creates } of SAVE_FAULTS) {
    const a = await archive();
    const { cache: c, log } = adapter();
    Object.assign(service.faults, fault);
    let reqs: RequestRecord[];
    try {
      [, reqs] = await service.during(() => withFastTimers(() => c.save(a.sha256, a.file, '.tar.gz')));
    } finally {
      service.clearFaults();
    }
    const what = JSON.stringify(fault);
    assert.deepEqual(
      log.warnings,
      [
        `actions cache: axvisor-image-${a.sha256} was not saved (another job may be saving it, or the cache service refused it; see the lines above)`,
      ],
      what,
    );
    assert.equal(twirpCalls(reqs, 'CreateCacheEntry').length, creates, what);
    assert.deepEqual(service.findEntries(cacheKey(a.sha256)), [], what);
    assert.deepEqual(leftovers(), [], what);
    takeLibraryOutput();
  }
});

test('three saves of one new key in one process: one upload, the others leave it to that one', async () => {
  const a = await archive();
  const logs = [1, 2, 3].map(() => adapter());
  const [, reqs] = await service.during(() =>
    Promise.all(logs.map(({ cache: c }) => c.save(a.sha256, a.file, '.tar.gz'))),
  );
  assert.equal(service.findEntries(cacheKey(a.sha256)).length, 1);
  const creates = twirpCalls(reqs, 'CreateCacheEntry');
  assert.deepEqual(
    creates.map((r) => r.status),
    [200],
    'the machine-wide lock keeps the others from even packing the archive',
  );
  const infos = logs.flatMap(({ log }) => log.infos);
  assert.equal(
    infos.filter(
      (l) =>
        l ===
        `actions cache: another job on this machine is saving axvisor-image-${a.sha256}; leaving it to that one`,
    ).length,
    2,
    infos.join('\n'),
  );
  assert.deepEqual(
    logs.flatMap(({ log }) => log.warnings),
    [],
  );
  assert.deepEqual(leftovers(), []);
});

test('the save lock: a live owner is respected, a dead one is taken over', async () => {
  const a = await archive();
  mkdirSync(cacheRoot(), { recursive: true });
  const lock = join(cacheRoot(), `.${a.sha256}.lock`);

  // pid 1 is always alive (kill(1, 0) answers EPERM or succeeds).
  writeFileSync(lock, '1');
  const live = adapter();
  const [, liveReqs] = await service.during(() => live.cache.save(a.sha256, a.file, '.tar.gz'));
  assert.deepEqual(liveReqs, []);
  assert.ok(live.log.infos.some((l) => l.includes('another job on this machine is saving')));
  assert.equal(readFileSync(lock, 'utf8'), '1', 'another job’s lock is not touched');

  // Empty: another job has just created it and not yet written its pid.
  writeFileSync(lock, '');
  const racing = adapter();
  const [, racingReqs] = await service.during(() => racing.cache.save(a.sha256, a.file, '.tar.gz'));
  assert.deepEqual(racingReqs, []);
  // Empty and old: that job died in between; the lock is taken over (and released) below.
  utimesSync(lock, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  const late = adapter();
  await late.cache.save(a.sha256, a.file, '.tar.gz');
  assert.deepEqual(late.log.warnings, []);
  assert.equal(service.findEntries(cacheKey(a.sha256)).length, 1);
  assert.equal(existsSync(lock), false);

  // A pid that has exited: the lock is left over from a killed job.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const b = await archive();
  writeFileSync(join(cacheRoot(), `.${b.sha256}.lock`), gone);
  // And a half-staged dir it left behind.
  mkdirSync(join(cacheRoot(), b.sha256), { recursive: true });
  writeFileSync(join(cacheRoot(), b.sha256, 'archive.tar.gz'), 'half');
  const taker = adapter();
  await taker.cache.save(b.sha256, b.file, '.tar.gz');
  assert.deepEqual(taker.log.warnings, []);
  assert.equal(service.findEntries(cacheKey(b.sha256)).length, 1);
  const restored = await taker.cache.restore(b.sha256);
  assert.ok(readFileSync(restored!).equals(b.bytes), 'the entry holds the archive, not the leftover');
  await taker.cache.cleanup(restored!);
  assert.deepEqual(leftovers(), []);
});

test("a killed job's restore work dir is removed by the next restore, and only that", async () => {
  const a = await archive();
  await adapter().cache.save(a.sha256, a.file, '.tar.gz');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const staging = join(cacheRoot(), STORE_DIR, STAGING_DIR);
  const stale = join(staging, `${gone}-0123456789ab`);
  mkdirSync(join(stale, '1-restore', a.sha256), { recursive: true, mode: 0o700 });
  writeFileSync(join(stale, '1-restore', a.sha256, 'archive.tar.gz'), 'old');
  const live = join(staging, `${process.ppid}-0123456789ab`);
  mkdirSync(live);
  const { cache: c } = adapter();
  const restored = await c.restore(a.sha256);
  assert.equal(existsSync(stale), false);
  assert.equal(existsSync(live), true, "a live process's work dir is kept");
  assert.ok(restored?.startsWith(join(staging, `${process.pid}-`)), restored);
  await c.cleanup(restored!);
  rmSync(live, { recursive: true });
  // The last work dir gone, the staging dirs go with it.
  const again = adapter().cache;
  await again.cleanup((await again.restore(a.sha256))!);
  assert.deepEqual(leftovers(), []);
});

test("ACTIONS_CACHE_MODE: 'read' restores and skips saves, 'write-only' the reverse, 'none' asks nothing", async () => {
  const saved = await archive();
  await adapter().cache.save(saved.sha256, saved.file, '.tar.gz');
  const fresh = await archive();

  // What the library does on its own, which the adapter reports as a choice, not a failure.
  await withEnv({ ACTIONS_CACHE_MODE: 'read' }, async () => {
    takeLibraryOutput();
    const [id, reqs] = await service.during(() =>
      cache.saveCache([`${CACHE_PATH_PREFIX}/${fresh.sha256}`], 'mode-probe'),
    );
    assert.equal(id, -1);
    assert.deepEqual(reqs, []);
    assert.deepEqual(takeLibraryOutput().infos, [
      "Cache save skipped: the effective cache-mode 'read' does not permit writes.",
    ]);
  });

  await withEnv({ ACTIONS_CACHE_MODE: 'read' }, async () => {
    const { cache: c, log } = adapter();
    const restored = await c.restore(saved.sha256);
    assert.ok(restored && readFileSync(restored).equals(saved.bytes));
    await c.cleanup(restored);
    assert.equal(await c.exists(saved.sha256), true);
    const [, reqs] = await service.during(() => c.save(fresh.sha256, fresh.file, '.tar.gz'));
    assert.deepEqual(reqs, []);
    assert.deepEqual(log.warnings, []);
    assert.ok(
      log.infos.includes(
        `actions cache: not saving axvisor-image-${fresh.sha256} (the runner's cache mode 'read' forbids writes)`,
      ),
      log.infos.join('\n'),
    );
  });

  await withEnv({ ACTIONS_CACHE_MODE: 'none' }, async () => {
    const { cache: c, log } = adapter();
    const [results, reqs] = await service.during(async () => [
      await c.restore(saved.sha256),
      await c.exists(saved.sha256),
      await c.save(fresh.sha256, fresh.file, '.tar.gz'),
    ]);
    assert.deepEqual(results, [undefined, false, undefined]);
    assert.deepEqual(reqs, [], 'the service is asked nothing');
    assert.deepEqual(log.warnings, []);
    assert.deepEqual(log.infos, [
      "actions cache: not restoring (the runner's cache mode 'none' forbids reads)",
      "actions cache: cannot look up entries (the runner's cache mode 'none' forbids reads)",
      `actions cache: not saving axvisor-image-${fresh.sha256} (the runner's cache mode 'none' forbids writes)`,
    ]);
  });

  await withEnv({ ACTIONS_CACHE_MODE: 'write-only' }, async () => {
    const { cache: c, log } = adapter();
    const [restored, reqs] = await service.during(() => c.restore(saved.sha256));
    assert.equal(restored, undefined);
    assert.deepEqual(reqs, []);
    await c.save(fresh.sha256, fresh.file, '.tar.gz');
    assert.deepEqual(log.warnings, []);
    assert.equal(service.findEntries(cacheKey(fresh.sha256)).length, 1);
  });
  assert.deepEqual(leftovers(), []);
  takeLibraryOutput();
});

// ---- leftovers of killed saves -----------------------------------------------------------------

/** A process that takes the save lock for `sha` and stages a file, as a save does, then waits. */
async function startSaver(sha: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const script = `
    const fs = require('fs'), path = require('path');
    const [root, sha] = process.argv.slice(1);
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, '.' + sha + '.lock'), String(process.pid), { flag: 'wx' });
    fs.mkdirSync(path.join(root, sha));
    fs.writeFileSync(path.join(root, sha, 'archive.tar.gz'), 'half');
    process.stdout.write('READY\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script, cacheRoot(), sha], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
    child.on('close', (code) => reject(new Error(`the saver exited early (${code})`)));
  });
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await closed;
    },
  };
}

const fakeDigest = (): string => randomBytes(32).toString('hex');

test('a save killed mid-way: the next restore removes its staging dir and lock, a live save keeps its own', async () => {
  const [killed, live, old, orphan] = [fakeDigest(), fakeDigest(), fakeDigest(), fakeDigest()];
  const victim = await startSaver(killed);
  await victim.kill();
  const owner = await startSaver(live);
  try {
    // A lock untouched for hours belongs to no save, even if its pid now names a live process.
    mkdirSync(join(cacheRoot(), old));
    writeFileSync(join(cacheRoot(), `.${old}.lock`), String(owner.pid));
    utimesSync(
      join(cacheRoot(), `.${old}.lock`),
      new Date(Date.now() - 7_200_000),
      new Date(Date.now() - 7_200_000),
    );
    // A staging dir whose lock is gone.
    mkdirSync(join(cacheRoot(), orphan));
    assert.deepEqual(
      leftovers(),
      [`.${killed}.lock`, `.${live}.lock`, `.${old}.lock`, killed, live, old, orphan].sort(),
    );

    const { cache: c, log } = adapter();
    const a = await archive();
    assert.equal(await c.restore(a.sha256), undefined);
    // The orphan has no lock to speak for it: it is left to the next save of its digest.
    assert.deepEqual(leftovers(), [`.${live}.lock`, live, orphan].sort());
    assert.equal(readFileSync(join(cacheRoot(), `.${live}.lock`), 'utf8'), String(owner.pid));
    assert.deepEqual(log.warnings, []);
    assert.ok(
      log.infos.some(
        (l) => l.startsWith('actions cache: removed what killed saves left for ') && l.includes(killed),
      ),
      log.infos.join('\n'),
    );

    // The live owner is killed too: the next save, of another archive, cleans up after it.
    await owner.kill();
    const saver = adapter();
    await saver.cache.save(a.sha256, a.file, '.tar.gz');
    assert.deepEqual(saver.log.warnings, []);
    assert.deepEqual(leftovers(), [orphan]);
    assert.equal(service.findEntries(cacheKey(a.sha256)).length, 1);
    // A save of the orphan's digest stages over it, under its lock.
    await saver.cache.save(orphan, a.file, '.tar.gz');
    assert.deepEqual(leftovers(), []);
  } finally {
    await owner.kill();
  }
  takeLibraryOutput();
});

// ---- a cache library that is missing or broken -------------------------------------------------

test('a cache library without its functions, or whose availability check throws: a warning, no adapter', () => {
  const cases: [CacheLibrary, RegExp][] = [
    [{}, /has no isFeatureAvailable, restoreCache, saveCache; skipping/],
    [{ restoreCache: cache.restoreCache, saveCache: cache.saveCache }, /has no isFeatureAvailable; skipping/],
    [
      {
        isFeatureAvailable: () => {
          throw new Error('not implemented');
        },
        restoreCache: cache.restoreCache,
        saveCache: cache.saveCache,
      },
      /cannot tell whether the cache is available \(not implemented\); skipping it/,
    ],
  ];
  for (const [lib, warning] of cases) {
    const log = new MemoryLog();
    assert.equal(createActionsCache(log, lib, guarded()), undefined);
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0]!, warning);
  }
});

test('a cache library that throws on every call: each call is a warning and nothing is thrown', async () => {
  const a = await archive();
  const fail = (): never => {
    throw new Error('the library broke');
  };
  const libs: CacheLibrary[] = [
    // Throwing at once, and rejecting later.
    { isFeatureAvailable: () => true, restoreCache: fail, saveCache: fail },
    {
      isFeatureAvailable: () => true,
      restoreCache: () => Promise.reject(new Error('the library broke')),
      saveCache: () => Promise.reject(new Error('the library broke')),
    },
  ];
  for (const lib of libs) {
    const log = new MemoryLog();
    const c = createActionsCache(log, lib, guarded());
    assert.ok(c);
    assert.equal(await c.restore(a.sha256), undefined);
    assert.equal(await c.exists(a.sha256), false);
    await c.save(a.sha256, a.file, '.tar.gz');
    await c.cleanup(join(work, 'never-restored'));
    assert.deepEqual(log.warnings, [
      'actions cache: restore failed: the library broke',
      'actions cache: lookup failed: the library broke',
      'actions cache: save failed: the library broke',
    ]);
    assert.deepEqual(leftovers(), []);
  }
});
