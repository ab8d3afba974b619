// A poisoned Actions cache entry: whoever can run code in a job of the repository can save an
// entry under our key (axvisor-image-<sha256>), and @actions/cache unpacks entries with GNU
// `tar -P`, which honours absolute and `../` names. Each entry here is first saved for real
// through the library, then its blob is replaced by a hostile tar; the restore goes through the
// library itself, against the local cache service. A control run with a pass-through guard shows
// the attack lands when nothing checks the entry; the guarded restore writes nothing outside its
// private dir, warns, and the image is downloaded and verified instead. Should the library stop
// finding `tar` on PATH, the guarded runs here write outside and fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cacheKey, cacheRoot, createActionsCache } from '../../src/action/actions-cache.js';
import { pullImage } from '../../src/pull/pull.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { captureLibraryOutput, takeLibraryOutput } from '../support/library-output.js';
import { MemoryLog } from '../support/memory-log.js';
import { rawTar, type RawEntry } from '../support/raw-tar.js';
import { readTree } from '../support/reliability.js';
import { FAST_RETRY, entry } from '../support/registry-fixtures.js';
import { guarded } from '../support/tar-guard.js';

captureLibraryOutput();

let service: CacheService;
let server: FileServer;
let work: string;
const envBefore = { ...process.env };

before(async () => {
  service = await startCacheService();
  server = await startFileServer();
  work = tempDir('axi-poison-');
  Object.assign(process.env, service.env, { HOME: join(work, 'home') });
  delete process.env.GITHUB_WORKSPACE;
});

after(async () => {
  await service?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
  process.env = envBefore;
});

let n = 0;
/** A fresh image, served, with a real entry saved for it: the key and version the pull asks for. */
async function savedImage(): Promise<{ sha: string; bytes: Buffer; url: string; blob: string }> {
  const bytes = await makeArchive({ 'qemu-aarch64': `kernel ${++n}`, 'rootfs.img': 'rootfs' });
  const sha = sha256(bytes);
  const file = join(work, `src-${n}.tar.gz`);
  writeFileSync(file, bytes);
  server.set(`/img-${n}.tar.gz`, bytes);
  await createActionsCache(new MemoryLog(), undefined, guarded())!.save(sha, file, '.tar.gz');
  const [saved] = service.findEntries(cacheKey(sha));
  assert.ok(saved, 'the entry was saved');
  return { sha, bytes, url: `${server.url}/img-${n}.tar.gz`, blob: saved.file };
}

/** Replaces the entry's blob with `entries` as a tar, compressed as the library compressed it. */
function poison(blob: string, entries: RawEntry[]): void {
  const tar = rawTar(entries);
  const zstd = readFileSync(blob)
    .subarray(0, 4)
    .equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  const packed = spawnSync(zstd ? 'zstd' : 'gzip', ['-c'], { input: tar, maxBuffer: 1 << 26 });
  assert.equal(packed.status, 0, String(packed.stderr));
  writeFileSync(blob, packed.stdout);
}

/** A dir outside everything the cache adapter owns, holding a file an attacker would like. */
function outside(): string {
  const dir = join(work, `outside-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'secret'), 'keep');
  return dir;
}

/** `../` enough times to climb from any restore dir to `/`, then down to `path`. */
const climbTo = (path: string): string => `${'../'.repeat(40)}${path.slice(1)}`;

const CASES: [what: string, entries: (sha: string, out: string) => RawEntry[]][] = [
  ['a `../` name', (sha, out) => [{ type: 'file', path: climbTo(join(out, 'dotdot')), body: 'pwned' }]],
  ['an absolute name', (_, out) => [{ type: 'file', path: join(out, 'absolute'), body: 'pwned' }]],
  [
    'a symlink, then a file through it',
    (sha, out) => [
      { type: 'dir', path: `${sha}/` },
      { type: 'symlink', path: `${sha}/l`, target: out },
      { type: 'file', path: `${sha}/l/through-link`, body: 'pwned' },
    ],
  ],
  [
    'the archive as a hard link to a file outside',
    (sha, out) => [
      { type: 'dir', path: `${sha}/` },
      { type: 'hardlink', path: `${sha}/archive.tar.gz`, target: join(out, 'secret') },
    ],
  ],
  [
    'a second file beside the archive',
    (sha) => [
      { type: 'dir', path: `${sha}/` },
      { type: 'file', path: `${sha}/archive.tar.gz`, body: 'x' },
      { type: 'file', path: `${sha}/.profile`, body: 'pwned' },
    ],
  ],
];

test('control: with a pass-through guard, a `../` name in an entry is written outside the restore dir', async () => {
  const img = await savedImage();
  const out = outside();
  poison(img.blob, CASES[0]![1](img.sha, out));
  const passThrough = join(work, 'pass-through.mjs');
  writeFileSync(
    passThrough,
    "import { spawnSync } from 'node:child_process';\n" +
      'const [tar, , ...args] = process.argv.slice(2);\n' +
      "process.exitCode = spawnSync(tar, args, { stdio: 'inherit' }).status ?? 1;\n",
  );
  const c = createActionsCache(new MemoryLog(), undefined, { tarGuard: passThrough })!;
  const restored = await c.restore(img.sha);
  if (restored) await c.cleanup(restored);
  assert.equal(readFileSync(join(out, 'dotdot'), 'utf8'), 'pwned', 'the library unpacked the name as given');
  takeLibraryOutput();
});

for (const [what, entries] of CASES) {
  test(`an entry holding ${what}: refused before tar runs, nothing written anywhere, the image downloaded and verified`, async () => {
    const img = await savedImage();
    const out = outside();
    poison(img.blob, entries(img.sha, out));
    const before = await readTree(out);
    const home = await readTree(process.env.HOME!);

    const log = new MemoryLog();
    const cache = createActionsCache(log, undefined, guarded())!;
    assert.equal(await cache.restore(img.sha), undefined);
    assert.deepEqual(await readTree(out), before, 'nothing outside changed');
    assert.deepEqual(await readTree(process.env.HOME!), home, 'nothing in HOME changed');
    assert.deepEqual(log.warnings, [
      `actions cache: entry ${cacheKey(img.sha)} exists but could not be restored (see the library's message above); downloading instead`,
    ]);
    const library = takeLibraryOutput();
    assert.ok(
      library.problems.some((l) => l.startsWith('Failed to restore: ')),
      library.problems.join('\n'),
    );

    const outputDir = join(work, `pull-${n}`);
    const pullLog = new MemoryLog();
    const r = await pullImage({
      entry: entry({ name: 'img', version: '1', sha256: img.sha, url: img.url }),
      spec: { name: 'img' },
      outputDir,
      extract: true,
      actionsCache: cache,
      retry: FAST_RETRY,
      log: pullLog,
    });
    await r.saved;
    assert.equal(r.source, 'download');
    assert.equal(sha256(readFileSync(r.archive)), img.sha);
    assert.equal(readFileSync(join(r.path, 'qemu-aarch64'), 'utf8'), `kernel ${n - 1}`);
    assert.deepEqual(await readTree(out), before);
    // The restore dirs went with the restores.
    assert.equal(existsSync(join(cacheRoot(), '.axvisor-image')), false);
    takeLibraryOutput();
  });
}
