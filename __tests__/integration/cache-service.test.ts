// Proves __tests__/support/cache-service.ts against the REAL @actions/cache 6.x: nothing of the library
// is mocked. Only two globals are touched, and only around single calls: process.stdout.write, to
// read the library's workflow-command output (warnings, infos) instead of printing it; and
// setTimeout, to shorten the library's multi-second retry sleeps in the fault tests.
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
// Static import is fine: the library reads its environment when called, not when imported.
import * as cache from '@actions/cache';
import {
  startCacheService,
  twirpCalls,
  type CacheService,
  type RequestRecord,
} from '../support/cache-service.js';
import { interceptStdout } from '../support/library-output.js';

let service: CacheService;
let work: string;
const envBefore = { ...process.env };

before(async () => {
  service = await startCacheService();
  Object.assign(process.env, service.env);
  work = await mkdtemp(join(tmpdir(), 'cache-service-test-'));
});

after(async () => {
  await service?.close();
  if (work) await rm(work, { recursive: true, force: true });
  process.env = envBefore;
});

// ---- helpers -----------------------------------------------------------------------------------

interface Outcome<T> {
  value: T;
  /** `::warning::` lines, without the prefix. */
  warnings: string[];
  /** Plain `core.info` lines. */
  infos: string[];
  /** Everything the library printed, for assertion messages. */
  all: string;
}

/**
 * Runs one library call, capturing what it prints. Only strings written to stdout are taken: the
 * test runner's child-process protocol on stdout is binary, and so is what @actions/exec relays
 * from tar (its complaints about a corrupt archive show up in the test output). `fastTimers` turns
 * sleeps of a second or more into 1 ms: the library's retry back-off (Twirp 3 s × 1.5ⁿ, blob SDK
 * 4 + 12 s, download 5 s) and its 1 s progress display.
 */
async function capture<T>(fn: () => Promise<T>, { fastTimers = false } = {}): Promise<Outcome<T>> {
  const lines: string[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const restoreStdout = interceptStdout(lines);
  if (fastTimers) {
    globalThis.setTimeout = ((cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(cb, (ms ?? 0) >= 1000 ? 1 : ms, ...args)) as typeof setTimeout;
  }
  try {
    const value = await fn();
    return {
      value,
      warnings: lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length)),
      infos: lines.filter((l) => !l.startsWith('::')),
      all: lines.filter((l) => !l.startsWith('::debug::')).join('\n'),
    };
  } finally {
    restoreStdout();
    globalThis.setTimeout = realSetTimeout;
  }
}

async function makeTree(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = join(work, name);
  await rm(root, { recursive: true, force: true });
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), data);
  }
  return root;
}

/** relative path → sha256 of every file under `root`. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out[relative(root, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Incompressible but reproducible bytes: AES-128-CTR keystream from a fixed key. */
async function writeNoise(file: string, bytes: number): Promise<string> {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 * 1024 * 1024);
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let left = bytes; left > 0; left -= zeros.length) {
    const chunk = cipher.update(zeros.subarray(0, Math.min(left, zeros.length)));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

const blobs = (reqs: RequestRecord[]) => reqs.filter((r) => !r.twirpMethod);

// ---- tests -------------------------------------------------------------------------------------

test('saveCache then restoreCache round-trips a directory byte for byte', async () => {
  const dir = await makeTree('small', {
    'a.txt': 'hello cache\n',
    'sub/b.bin': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251)),
    'sub/deeper/empty': '',
  });
  const expected = await snapshot(dir);

  const [saved, saveReqs] = await service.during(() => capture(() => cache.saveCache([dir], 'small-v1')));
  assert.ok(saved.value > 0, saved.all);
  assert.deepEqual(saved.warnings, []);
  const [entry] = service.findEntries('small-v1');
  assert.equal(entry?.id, saved.value);
  assert.deepEqual(
    saveReqs.map((r) => [r.method, r.twirpMethod ?? r.comp ?? 'blob', r.status]),
    [
      ['POST', 'CreateCacheEntry', 200],
      ['PUT', 'blob', 201],
      ['POST', 'FinalizeCacheEntryUpload', 200],
    ],
  );

  await rm(dir, { recursive: true });
  const [restored, restoreReqs] = await service.during(() =>
    capture(() => cache.restoreCache([dir], 'small-v1')),
  );
  assert.equal(restored.value, 'small-v1', restored.all);
  assert.deepEqual(restored.warnings, []);
  assert.deepEqual(await snapshot(dir), expected);
  assert.deepEqual(
    restoreReqs.map((r) => [r.method, r.twirpMethod ?? 'blob', r.status]),
    [
      ['POST', 'GetCacheEntryDownloadURL', 200],
      ['GET', 'blob', 200],
    ],
  );
});

test('restore keys: an exact restore key first, else the newest entry with that prefix', async () => {
  const dir = await makeTree('prefixed', { 'v.txt': 'one' });
  assert.ok((await capture(() => cache.saveCache([dir], 'prefix-1'))).value > 0);
  await writeFile(join(dir, 'v.txt'), 'two');
  assert.ok((await capture(() => cache.saveCache([dir], 'prefix-2'))).value > 0);
  await rm(dir, { recursive: true });

  const newest = await capture(() => cache.restoreCache([dir], 'prefix-3', ['prefix-']));
  assert.equal(newest.value, 'prefix-2', newest.all);
  assert.ok(newest.infos.includes('Cache hit for restore-key: prefix-2'), newest.all);
  assert.equal(await readFile(join(dir, 'v.txt'), 'utf8'), 'two');

  const exact = await capture(() => cache.restoreCache([dir], 'prefix-3', ['prefix-1', 'prefix-']));
  assert.equal(exact.value, 'prefix-1', exact.all);
  assert.equal(await readFile(join(dir, 'v.txt'), 'utf8'), 'one');
});

test('an unknown key, or a known key under another path string, is a quiet miss', async () => {
  const dir = join(work, 'small');
  const [miss, reqs] = await service.during(() => capture(() => cache.restoreCache([dir], 'never-saved')));
  assert.equal(miss.value, undefined);
  assert.deepEqual(miss.warnings, []);
  assert.deepEqual(
    reqs.map((r) => [r.twirpMethod, r.status]),
    [['GetCacheEntryDownloadURL', 200]],
  );

  // The path strings are hashed into the version: the same directory spelt differently misses.
  const other = await capture(() => cache.restoreCache([`${dir}/.`], 'small-v1'));
  assert.equal(other.value, undefined, other.all);
});

test('a key that exists or is being created (HTTP 409) is skipped: -1, an info line, no upload', async () => {
  const dir = await makeTree('conflict', { 'c.txt': 'c' });
  assert.ok((await capture(() => cache.saveCache([dir], 'conflict-v1'))).value > 0);

  const [again, reqs] = await service.during(() => capture(() => cache.saveCache([dir], 'conflict-v1')));
  assert.equal(again.value, -1);
  assert.deepEqual(again.warnings, [], 'the library reports this as info, not a warning');
  assert.ok(
    again.infos.includes(
      'Failed to save: Unable to reserve cache with key conflict-v1, another job may be creating this cache.',
    ),
    again.all,
  );
  assert.deepEqual(
    reqs.map((r) => [r.twirpMethod, r.status]),
    [['CreateCacheEntry', 409]],
  );

  service.faults.createStatus = 409;
  try {
    const injected = await capture(() => cache.saveCache([dir], 'conflict-v2'));
    assert.equal(injected.value, -1);
    assert.deepEqual(service.findEntries('conflict-v2'), []);
  } finally {
    delete service.faults.createStatus;
  }
});

test('service down: save returns -1 and restore misses, neither throws nor retries', async () => {
  const dir = await makeTree('down', { 'd.txt': 'd' });
  service.faults.down = true;
  try {
    const [saved, saveReqs] = await service.during(() => capture(() => cache.saveCache([dir], 'down-v1')));
    assert.equal(saved.value, -1);
    // A network error is folded into the "another job" message, at info level.
    assert.ok(
      saved.infos.includes(
        'Failed to save: Unable to reserve cache with key down-v1, another job may be creating this cache.',
      ),
      saved.all,
    );
    assert.equal(twirpCalls(saveReqs, 'CreateCacheEntry').length, 1);

    const restored = await capture(() => cache.restoreCache([dir], 'down-v1'));
    assert.equal(restored.value, undefined);
    assert.equal(restored.warnings.length, 1, restored.all);
    assert.match(restored.warnings[0] ?? '', /^Failed to restore: .*Unable to make request: ECONNRESET/);
  } finally {
    service.faults.down = false;
  }
});

test('Twirp 500s are retried five times, then save returns -1 and restore misses', async () => {
  const dir = await makeTree('t500', { 'e.txt': 'e' });
  service.faults.createStatus = 500;
  service.faults.getStatus = 500;
  try {
    const [saved, saveReqs] = await service.during(() =>
      capture(() => cache.saveCache([dir], 't500-v1'), { fastTimers: true }),
    );
    assert.equal(saved.value, -1);
    assert.equal(twirpCalls(saveReqs, 'CreateCacheEntry').length, 5);
    assert.ok(
      saved.infos.some((l) => l.startsWith('Failed to save: Unable to reserve cache with key t500-v1')),
    );

    const [restored, restoreReqs] = await service.during(() =>
      capture(() => cache.restoreCache([dir], 't500-v1'), { fastTimers: true }),
    );
    assert.equal(restored.value, undefined);
    assert.equal(twirpCalls(restoreReqs, 'GetCacheEntryDownloadURL').length, 5);
    assert.deepEqual(restored.warnings, [
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: ' +
        'Failed request: (500) Internal Server Error: injected fault: GetCacheEntryDownloadURL answers 500',
    ]);
  } finally {
    delete service.faults.createStatus;
    delete service.faults.getStatus;
  }
});

test('finalize failing after the upload: -1 with a warning, and the entry never appears', async () => {
  const dir = await makeTree('fin', { 'f.txt': 'f' });
  service.faults.finalizeStatus = 500;
  try {
    const [saved, reqs] = await service.during(() =>
      capture(() => cache.saveCache([dir], 'fin-v1'), { fastTimers: true }),
    );
    assert.equal(saved.value, -1);
    assert.equal(twirpCalls(reqs, 'FinalizeCacheEntryUpload').length, 5);
    assert.equal(blobs(reqs).length, 1);
    assert.equal(saved.warnings.length, 1, saved.all);
    assert.match(saved.warnings[0] ?? '', /^Failed to save: Failed to FinalizeCacheEntryUpload: .*\(500\)/);
    assert.deepEqual(service.findEntries('fin-v1'), []);
    const lookup = await capture(() => cache.restoreCache([dir], 'fin-v1'));
    assert.equal(lookup.value, undefined);
  } finally {
    delete service.faults.finalizeStatus;
  }
});

test('blob upload failing: the blob SDK retries a 500 four times, then -1 with warnings', async () => {
  const dir = await makeTree('up', { 'u.txt': 'u' });
  service.faults.uploadStatus = 500;
  try {
    const [saved, reqs] = await service.during(() =>
      capture(() => cache.saveCache([dir], 'up-v1'), { fastTimers: true }),
    );
    assert.equal(saved.value, -1);
    assert.equal(blobs(reqs).length, 4);
    assert.equal(twirpCalls(reqs, 'FinalizeCacheEntryUpload').length, 0);
    assert.equal(saved.warnings.length, 2, saved.all);
    assert.match(saved.warnings[0] ?? '', /^uploadCacheArchiveSDK: internal error uploading cache archive: /);
    assert.match(saved.warnings[1] ?? '', /^Failed to save: /);
  } finally {
    delete service.faults.uploadStatus;
  }
});

test('blob download failing or corrupt: restore warns and misses', async () => {
  const dir = join(work, 'small');
  service.faults.downloadStatus = 500;
  try {
    const [failed, reqs] = await service.during(() => capture(() => cache.restoreCache([dir], 'small-v1')));
    assert.equal(failed.value, undefined);
    assert.equal(blobs(reqs).length, 1, 'a 500 on the download is not retried');
    assert.deepEqual(failed.warnings, [
      'Failed to restore: downloadCache failed: Cache service responded with 500',
    ]);
  } finally {
    delete service.faults.downloadStatus;
  }

  service.faults.corruptDownload = true;
  try {
    const corrupt = await capture(() => cache.restoreCache([dir], 'small-v1'));
    assert.equal(corrupt.value, undefined);
    assert.equal(corrupt.warnings.length, 1, corrupt.all);
    assert.match(corrupt.warnings[0] ?? '', /^Failed to restore: .*tar/);
  } finally {
    delete service.faults.corruptDownload;
  }
});

test('an archive over 128 MiB goes up as blocks plus a block list and comes back intact', async () => {
  const dir = join(work, 'big');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'noise.bin');
  const digest = await writeNoise(file, 140 * 1024 * 1024);

  const [saved, saveReqs] = await service.during(() => capture(() => cache.saveCache([dir], 'big-v1')));
  assert.ok(saved.value > 0, saved.all);
  const puts = blobs(saveReqs);
  // 64 MiB blocks (the library's uploadChunkSize for v2): 64 + 64 + 12 MiB, then the list.
  assert.deepEqual(
    puts.map((r) => [r.method, r.comp, r.status]),
    [
      ['PUT', 'block', 201],
      ['PUT', 'block', 201],
      ['PUT', 'block', 201],
      ['PUT', 'blocklist', 201],
    ],
  );
  const entry = service.findEntries('big-v1')[0];
  assert.ok(entry && entry.sizeBytes > 128 * 1024 * 1024);

  await rm(dir, { recursive: true });
  const restored = await capture(() => cache.restoreCache([dir], 'big-v1'));
  assert.equal(restored.value, 'big-v1', restored.all);
  assert.equal(await sha256File(file), digest);
  await rm(dir, { recursive: true });
});

test('three concurrent saves of one new key: one entry, two refusals, nothing thrown', async () => {
  const dir = await makeTree('race', { 'r.txt': 'race' });
  const [results, reqs] = await service.during(() =>
    capture(() => Promise.all([1, 2, 3].map(() => cache.saveCache([dir], 'race-v1')))),
  );
  const ids = results.value;
  assert.equal(ids.filter((id) => id === -1).length, 2, results.all);
  assert.equal(ids.filter((id) => id > 0).length, 1, results.all);
  assert.equal(service.findEntries('race-v1').length, 1);
  assert.deepEqual(
    twirpCalls(reqs, 'CreateCacheEntry')
      .map((r) => r.status)
      .sort(),
    [200, 409, 409],
  );
});
