// Crash safety and races, with real processes: a pull killed with SIGKILL at a known byte (the
// server sends that many bytes and then holds the connection open, silent), then a rerun; two
// processes pulling one image into one output dir and one tool cache at the same time; and the
// states a crash can leave between two renames, rebuilt by hand with the pid of a dead process.
import type { ImageEntry } from '../../src/registry/types.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryLog } from '../support/memory-log.js';
import { StreamExtractor } from '../../src/unpack/extract.js';
import { pullImage } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { STORE_DIR } from '../../src/storage/layout.js';
import { Staging } from '../../src/storage/staging.js';
import { Store } from '../../src/storage/store.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import {
  deadPid,
  entryFor,
  expectedTree,
  leftovers,
  outputStaging,
  readTree,
  stagedPaths,
  toolCacheStaging,
  startPullChild,
  waitUntil,
} from '../support/reliability.js';
import { startStallServer, type StallServer } from '../support/stall-server.js';

const retry = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };
const KIB = 1024;
const MIB = 1024 * KIB;

let server: StallServer;
let root: string;
before(async () => {
  server = await startStallServer();
  root = tempDir('axi-crash-');
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

let n = 0;
async function dirs(): Promise<{ out: string; tc: string }> {
  const base = join(root, `case-${++n}`);
  const out = join(base, 'out');
  const tc = join(base, 'toolcache');
  await mkdir(out, { recursive: true });
  return { out, tc };
}

/** Sizes of the entries in `dir` whose names match `re`. */
/** A pull of `img` into `out`, extracting, with the tool cache at `tc`. */
async function pullWithToolCache(entry: ImageEntry, out: string, tc: string) {
  const log = new MemoryLog();
  const r = await pullImage({
    entry,
    spec: { name: 'img' },
    outputDir: out,
    extract: true,
    toolCache: new ToolCache(tc),
    retry,
    log,
  });
  return { r, log };
}

/** The marker of the tree at `dir`, or undefined when there is none. */
const readMarker = (dir: string): Promise<string | undefined> =>
  readFile(join(dir, '.archive.sha256'), 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );

/** The path of the one entry of `dir` whose name ends with `suffix`, or '' . */
async function named(dir: string, suffix: string): Promise<string> {
  const found = (await readdir(dir).catch(() => [] as string[])).find((x) => x.endsWith(suffix));
  return found ? join(dir, found) : '';
}

async function sizes(dir: string, re: RegExp): Promise<number[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((x) => re.test(x));
  return Promise.all(names.map(async (x) => (await stat(join(dir, x))).size));
}

describe('a pull killed with SIGKILL, then run again', () => {
  test('mid-download: the .part and the partial tree are not trusted, and are removed', async () => {
    // Megabytes, not kilobytes: the pull hands bytes to disk in batches of up to 1 MiB.
    const files = { 'qemu-aarch64': randomBytes(3 * MIB), 'rootfs.img': randomBytes(MIB / 2) };
    const archive = await makeArchive(files, 'gzip');
    const stallAt = 2.5 * MIB;
    server.set('/kill1.tar.gz', archive, [{ stallAfter: stallAt }]);
    const entry = entryFor(`${server.url}/kill1.tar.gz`, archive);
    const { out, tc } = await dirs();

    const child = startPullChild({
      entry,
      spec: { name: 'img' },
      outputDir: out,
      extract: true,
      toolCacheDir: tc,
    });
    let work = '';
    await waitUntil('the pull to be killed has written part of the archive and of the tree', async () => {
      if (child.hasExited()) throw new Error(`the pull ended by itself:\n${(await child.exited).stderr}`);
      work = join(outputStaging(out), (await leftovers(outputStaging(out)))[0] ?? '-');
      const part = await sizes(work, /-download$/);
      const kernel = await sizes(await named(work, '-tree'), /^qemu/);
      return (part[0] ?? 0) > 0 && (kernel[0] ?? 0) > 0;
    });
    child.kill();
    const exit = await child.exited;
    assert.equal(exit.signal, 'SIGKILL');

    // Everything the killed run had under way is in its own work dir, and nowhere else.
    const left = await leftovers(outputStaging(out));
    assert.deepEqual(left.length, 1, left.join(', '));
    assert.ok(left[0]!.startsWith(`${child.pid}-`), left.join(', '));
    assert.deepEqual((await readdir(out)).sort(), [STORE_DIR], 'nothing at the final names');
    assert.equal(await readMarker(join(out, 'img')), undefined, 'no tree at the final name');

    server.requests.length = 0;
    const { r, log } = await pullWithToolCache(entry, out, tc);
    assert.equal(r.source, 'download');
    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.equal(sha256(await readFile(r.archive)), entry.sha256);
    // The rerun started from byte 0: the dead run's bytes were not resumed from.
    assert.deepEqual(
      server.requests.map((q) => q.headers.range),
      [undefined],
    );
    assert.deepEqual(
      log.warnings.filter((w) => !w.includes('is plain http')),
      [],
    );
    // The dead run's work dir was swept with the staging dir: nothing is left but the image.
    assert.equal(
      existsSync(join(out, STORE_DIR)),
      false,
      (await stagedPaths(join(out, STORE_DIR))).join('\n'),
    );
    assert.deepEqual(await leftovers(toolCacheStaging(tc)), []);
  });

  test('mid-extraction: a half-written file never becomes the image; the previous tree survives the kill', async () => {
    // Uncompressed, so that bytes on the wire map onto files: the server stops halfway into f2,
    // after f1 is complete (sizes in MiB, as the pull hands bytes on in batches of up to 1 MiB).
    const files = { f1: randomBytes(2 * MIB), f2: randomBytes(4 * MIB), f3: randomBytes(MIB) };
    const archive = await makeArchive(files, 'none');
    server.set('/kill2.tar', archive, [{ stallAfter: 512 + 2 * MIB + 512 + 2 * MIB }]);
    const entry = entryFor(`${server.url}/kill2.tar`, archive);
    const { out } = await dirs();
    // An earlier version, completely extracted: the kill must not damage it.
    await mkdir(join(out, 'img'));
    await writeFile(join(out, 'img', 'f1'), 'old version');
    await writeFile(join(out, 'img', '.archive.sha256'), `${'0'.repeat(64)}\n`);
    const oldTree = await readTree(join(out, 'img'));

    const child = startPullChild({ entry, spec: { name: 'img' }, outputDir: out, extract: true });
    let partial = '';
    await waitUntil('f1 complete and f2 begun in the partial tree', async () => {
      if (child.hasExited()) throw new Error(`the pull ended by itself:\n${(await child.exited).stderr}`);
      const work = (await leftovers(outputStaging(out)))[0];
      partial = work ? await named(join(outputStaging(out), work), '-tree') : '';
      if (!partial) return false;
      const [f1, f2] = await Promise.all(
        ['f1', 'f2'].map((f) =>
          stat(join(partial, f)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      );
      return f1 === 2 * MIB && (f2 ?? 0) > 0;
    });
    child.kill();
    assert.equal((await child.exited).signal, 'SIGKILL');
    const half = (await stat(join(partial, 'f2'))).size;
    assert.ok(half < 4 * MIB, `f2 is half-written (${half} bytes)`);
    assert.deepEqual(await readTree(join(out, 'img')), oldTree, 'the previous tree is untouched');

    const log = new MemoryLog();
    const r = await pullImage({ entry, spec: { name: 'img' }, outputDir: out, extract: true, retry, log });
    assert.equal(r.source, 'download');
    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.equal(existsSync(join(out, STORE_DIR)), false);
  });
});

describe('what a crash between two renames leaves, rebuilt with a dead pid', () => {
  test('a finished-looking temp tree and a complete part file are not used; a truncated archive at the final name is re-fetched', async () => {
    const files = { 'qemu-aarch64': randomBytes(64 * KIB), 'rootfs.img': 'rootfs' };
    const archive = await makeArchive(files, 'gzip');
    server.set('/crash3.tar.gz', archive);
    const entry = entryFor(`${server.url}/crash3.tar.gz`, archive);
    const { out, tc } = await dirs();
    const dead = deadPid();

    // A dead run's work dir, each piece in it looking complete: a temp tree with the right
    // marker (killed just before its rename), the old tree it had moved aside, and the full
    // archive, downloaded but not yet renamed.
    const deadWork = join(outputStaging(out), `${dead}-0123456789ab`);
    await mkdir(join(deadWork, '3-tree'), { recursive: true, mode: 0o700 });
    await writeFile(join(deadWork, '3-tree', 'qemu-aarch64'), 'not the kernel');
    await writeFile(join(deadWork, '3-tree', '.archive.sha256'), `${entry.sha256}\n`);
    await mkdir(join(deadWork, '4-old-tree'));
    await writeFile(join(deadWork, '1-download'), archive);
    // A writer that does not rename (curl -o, an older tool) left half the archive in place.
    await writeFile(join(out, 'img.tar.gz'), archive.subarray(0, archive.length >> 1));
    // A live run's work in progress is not touched.
    const liveWork = join(outputStaging(out), `${process.ppid}-abcdefabcdef`);
    await mkdir(liveWork);
    // And a killed tool cache copy.
    await mkdir(join(toolCacheStaging(tc), `${dead}-0123456789ab`, '1-entry'), {
      recursive: true,
      mode: 0o700,
    });

    const { r, log } = await pullWithToolCache(entry, out, tc);
    assert.equal(r.source, 'download', 'none of the leftovers was taken as the image');
    assert.ok(
      log.warnings.some((w) => w.includes('img.tar.gz does not match the registry')),
      log.warnings.join('\n'),
    );
    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.deepEqual(await leftovers(outputStaging(out)), [`${process.ppid}-abcdefabcdef`]);
    assert.deepEqual(await leftovers(toolCacheStaging(tc)), []);
    await rm(liveWork, { recursive: true });
  });

  test("the sweep takes only dead runs' work dirs in the store's own staging, never a name that merely looks like temp work", async () => {
    const { out } = await dirs();
    const dead = deadPid();
    // The user's own files, named the way earlier versions named their temp work, and a dir of
    // theirs named like one of our work dirs, outside the store's dir.
    const theirs = [
      `a.tar.gz.${dead}-abc123.part`,
      `.a.partial-${dead}-abc123`,
      `.a.old-${dead}-abc123`,
      `${dead}-0123456789ab`,
      'notes.part',
    ];
    for (const x of theirs) await writeFile(join(out, x), 'mine');
    const staging = outputStaging(out);
    const deadWork = `${dead}-0123456789ab`;
    const liveWork = `${process.ppid}-0123456789ab`;
    await mkdir(join(staging, deadWork), { recursive: true, mode: 0o700 });
    await mkdir(join(staging, liveWork));

    const run = await Staging.open(join(out, STORE_DIR));
    assert.deepEqual(await leftovers(staging), [liveWork, run.dir.slice(staging.length + 1)].sort());
    await run.close();
    assert.deepEqual(await leftovers(staging), [liveWork]);
    assert.deepEqual((await readdir(out)).sort(), [...theirs, STORE_DIR].sort());
    for (const x of theirs) assert.equal(await readFile(join(out, x), 'utf8'), 'mine');
  });
});

describe('two processes pulling one image into one output dir and one tool cache', () => {
  for (const withOldTree of [false, true]) {
    test(`both succeed with intact files${withOldTree ? ', replacing an older tree' : ''}`, async () => {
      const files = {
        'qemu-aarch64': randomBytes(512 * KIB),
        'rootfs.img': randomBytes(256 * KIB),
        'dtb/board.dtb': randomBytes(4 * KIB),
      };
      const archive = await makeArchive(files, 'gzip');
      const path = `/race-${withOldTree}.tar.gz`;
      // Neither answer starts before both requests are in, and both bodies go out in small
      // pieces, so the two downloads, extractions and renames really overlap.
      server.set(path, archive, [{ waitFor: 2 }, { waitFor: 2 }]);
      server.chunk = 16 * KIB;
      const entry = entryFor(`${server.url}${path}`, archive);
      const { out, tc } = await dirs();
      if (withOldTree) {
        await mkdir(join(out, 'img'));
        await writeFile(join(out, 'img', 'qemu-aarch64'), 'old');
        await writeFile(join(out, 'img', '.archive.sha256'), `${'1'.repeat(64)}\n`);
      }
      const cfg = { entry, spec: { name: 'img' }, outputDir: out, extract: true, toolCacheDir: tc };
      const a = startPullChild(cfg);
      const b = startPullChild(cfg);
      const [ra, rb] = await Promise.all([a.result(), b.result()]);
      server.chunk = 64 * KIB;

      assert.equal(ra.source, 'download');
      assert.equal(rb.source, 'download', 'both downloaded: the two pulls overlapped');
      assert.equal(ra.path, rb.path);
      assert.deepEqual(await readTree(ra.path), expectedTree(files, entry.sha256));
      assert.equal(sha256(await readFile(join(out, 'img.tar.gz'))), entry.sha256);
      const cached = await new ToolCache(tc).find(entry.sha256);
      assert.ok(cached, 'the tool cache has an entry');
      assert.equal(sha256(await readFile(cached)), entry.sha256);
      assert.deepEqual(await readdir(out), ['img', 'img.tar.gz'].sort());
      assert.deepEqual(await leftovers(toolCacheStaging(tc)), []);
    });
  }

  test('eight extractions committing onto one target at once: one whole tree, no leftovers', async () => {
    const filesA = { kernel: randomBytes(128 * KIB), 'sub/rootfs.img': randomBytes(64 * KIB) };
    const filesB = { kernel: randomBytes(32 * KIB), other: 'b' };
    const [a, b] = await Promise.all([makeArchive(filesA), makeArchive(filesB)]);
    const [shaA, shaB] = [sha256(a), sha256(b)];
    const { out } = await dirs();
    const target = join(out, 'img');
    for (let round = 0; round < 5; round++) {
      const store = await Store.open(out, { log: new MemoryLog() });
      // Same digest everywhere: whichever lands first stays, the others drop theirs.
      const same = await extractAll(store, Array(8).fill(a) as Buffer[]);
      await Promise.all(same.map((x) => store.commitTree(x.tempDir, target, shaA)));
      assert.deepEqual(await readTree(target), expectedTree(filesA, shaA));

      // Two versions racing: the target ends as one of them, whole, with its own marker.
      const mixed = await extractAll(store, [a, b, a, b, a, b, a, b]);
      await Promise.all(mixed.map((x, i) => store.commitTree(x.tempDir, target, i % 2 ? shaB : shaA)));
      const tree = await readTree(target);
      const expected =
        (await readMarker(target)) === shaA ? expectedTree(filesA, shaA) : expectedTree(filesB, shaB);
      assert.deepEqual(tree, expected);
      await store.close();
      assert.deepEqual(await readdir(out), ['img']);
      await rm(target, { recursive: true });
    }
  });

  test('eight tool cache puts of one digest at once: one whole entry', async () => {
    const { out, tc } = await dirs();
    const body = randomBytes(256 * KIB);
    const sha = sha256(body);
    const src = join(out, 'a.tar.gz');
    await writeFile(src, body);
    const cache = new ToolCache(tc);
    await Promise.all(Array.from({ length: 8 }, () => cache.put(sha, src, '.tar.gz')));
    const found = await cache.find(sha);
    assert.ok(found, 'the tool cache has an entry');
    assert.equal(sha256(await readFile(found)), sha);
    assert.deepEqual(await readdir(cache.root), [sha]);
  });
});

async function extractAll(store: Store, archives: Buffer[]): Promise<StreamExtractor[]> {
  return Promise.all(
    archives.map(async (archive) => {
      const ex = await StreamExtractor.create(await store.temp('tree'), {
        log: new MemoryLog(),
        label: 'race',
      });
      await ex.write(archive);
      await ex.finish();
      return ex;
    }),
  );
}
