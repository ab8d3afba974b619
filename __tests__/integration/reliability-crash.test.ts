// Crash safety and races, with real processes: a pull killed with SIGKILL at a known byte (the
// server sends that many bytes and then holds the connection open, silent), then a rerun; two
// processes pulling one image into one output dir and one tool cache at the same time; and the
// states a crash can leave between two renames, rebuilt by hand with the pid of a dead process.
import type { ImageEntry } from '../../src/registry/types.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryLog } from '../support/memory-log.js';
import { StreamExtractor, readMarker } from '../../src/pull/extract.js';
import { pullImage } from '../../src/pull/pull.js';
import { removeStaleTemps } from '../../src/pull/stale.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import {
  deadPid,
  entryFor,
  expectedTree,
  leftovers,
  readTree,
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
    await waitUntil('the pull to be killed has written part of the archive and of the tree', async () => {
      if (child.hasExited()) throw new Error(`the pull ended by itself:\n${(await child.exited).stderr}`);
      const part = await sizes(out, /\.part$/);
      const kernel = await sizes(
        join(out, (await leftovers(out)).find((x) => x.startsWith('.img.partial-')) ?? '-'),
        /^qemu/,
      );
      return (part[0] ?? 0) > 0 && (kernel[0] ?? 0) > 0;
    });
    child.kill();
    const exit = await child.exited;
    assert.equal(exit.signal, 'SIGKILL');

    const left = await leftovers(out);
    assert.equal(left.length, 2, `a .part and a .partial dir: ${left.join(', ')}`);
    assert.ok(
      left.every((x) => x.includes(`${child.pid}-`)),
      left.join(', '),
    );
    assert.equal(await readMarker(join(out, 'img')), undefined, 'no tree at the final name');
    assert.equal((await readdir(out)).includes('img.tar.gz'), false, 'no archive at the final name');

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
    assert.ok(
      log.infos.some((l) => l.startsWith('removed 2 leftover temp files of an interrupted run')),
      log.infos.join('\n'),
    );
    assert.deepEqual(await leftovers(out), []);
    assert.deepEqual(await leftovers(join(tc, 'axvisor-image')), []);
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
      partial = (await readdir(out)).find((x) => x.startsWith('.img.partial-')) ?? '';
      if (!partial) return false;
      const [f1, f2] = await Promise.all(
        ['f1', 'f2'].map((f) =>
          stat(join(out, partial, f)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      );
      return f1 === 2 * MIB && (f2 ?? 0) > 0;
    });
    child.kill();
    assert.equal((await child.exited).signal, 'SIGKILL');
    const half = (await stat(join(out, partial, 'f2'))).size;
    assert.ok(half < 4 * MIB, `f2 is half-written (${half} bytes)`);
    assert.deepEqual(await readTree(join(out, 'img')), oldTree, 'the previous tree is untouched');

    const log = new MemoryLog();
    const r = await pullImage({ entry, spec: { name: 'img' }, outputDir: out, extract: true, retry, log });
    assert.equal(r.source, 'download');
    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.deepEqual(await leftovers(out), []);
  });
});

describe('what a crash between two renames leaves, rebuilt with a dead pid', () => {
  test('a finished-looking temp tree and a complete .part are not used; a truncated archive at the final name is re-fetched', async () => {
    const files = { 'qemu-aarch64': randomBytes(64 * KIB), 'rootfs.img': 'rootfs' };
    const archive = await makeArchive(files, 'gzip');
    server.set('/crash3.tar.gz', archive);
    const entry = entryFor(`${server.url}/crash3.tar.gz`, archive);
    const { out, tc } = await dirs();
    const dead = deadPid();

    // A dead run's work, each piece looking complete: a temp tree with the right marker (killed
    // just before its rename), the old tree it had moved aside, and the full archive as .part.
    const temp = join(out, `.img.partial-${dead}-a1b2c3`);
    await mkdir(temp);
    await writeFile(join(temp, 'qemu-aarch64'), 'not the kernel');
    await writeFile(join(temp, '.archive.sha256'), `${entry.sha256}\n`);
    await mkdir(join(out, `.img.old-${dead}-d4e5f6`));
    await writeFile(join(out, `img.tar.gz.${dead}-0a1b2c.part`), archive);
    // A writer that does not rename (curl -o, an older tool) left half the archive in place.
    await writeFile(join(out, 'img.tar.gz'), archive.subarray(0, archive.length >> 1));
    // A live process's work in progress is not touched.
    const live = join(out, `.img.partial-${process.ppid}-livexx`);
    await mkdir(live);
    // And a killed tool cache copy.
    await mkdir(join(tc, 'axvisor-image', `.${entry.sha256}.partial-${dead}-tc0000`), { recursive: true });

    const { r, log } = await pullWithToolCache(entry, out, tc);
    assert.equal(r.source, 'download', 'none of the leftovers was taken as the image');
    assert.ok(
      log.warnings.some((w) => w.includes('img.tar.gz does not match the registry')),
      log.warnings.join('\n'),
    );
    assert.deepEqual(await readTree(r.path), expectedTree(files, entry.sha256));
    assert.deepEqual(await leftovers(out), [`.img.partial-${process.ppid}-livexx`]);
    assert.deepEqual(await leftovers(join(tc, 'axvisor-image')), []);
    await rm(live, { recursive: true });
  });

  test('removeStaleTemps takes only names this project writes, and only of dead pids', async () => {
    const { out } = await dirs();
    const dead = deadPid();
    const names = [
      `a.tar.gz.${dead}-abc123.part`,
      `.a.partial-${dead}-abc123`,
      `.a.old-${dead}-abc123`,
      `a.tar.gz.${process.pid}-abc123.part`,
      `.a.partial-${process.ppid}-abc123`,
      'a.tar.gz',
      'a',
      `notes-${dead}.part`,
      `.a.partial-${dead}`,
    ];
    for (const x of names) await writeFile(join(out, x), '');
    const removed = await removeStaleTemps(out);
    assert.deepEqual(removed.sort(), names.slice(0, 3).sort());
    assert.deepEqual((await readdir(out)).sort(), names.slice(3).sort());
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
      assert.deepEqual(await leftovers(out), []);
      assert.deepEqual(await leftovers(join(tc, 'axvisor-image')), []);
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
      // Same digest everywhere: whichever lands first stays, the others drop theirs.
      const same = await extractAll(target, Array(8).fill(a) as Buffer[]);
      await Promise.all(same.map((x) => x.commit(shaA)));
      assert.deepEqual(await readTree(target), expectedTree(filesA, shaA));
      assert.deepEqual(await leftovers(out), []);

      // Two versions racing: the target ends as one of them, whole, with its own marker.
      const mixed = await extractAll(target, [a, b, a, b, a, b, a, b]);
      await Promise.all(mixed.map((x, i) => x.commit(i % 2 ? shaB : shaA)));
      const tree = await readTree(target);
      const expected =
        (await readMarker(target)) === shaA ? expectedTree(filesA, shaA) : expectedTree(filesB, shaB);
      assert.deepEqual(tree, expected);
      assert.deepEqual(await leftovers(out), []);
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

async function extractAll(target: string, archives: Buffer[]): Promise<StreamExtractor[]> {
  return Promise.all(
    archives.map(async (archive) => {
      const ex = await StreamExtractor.create(target, { log: new MemoryLog(), label: 'race' });
      await ex.write(archive);
      await ex.finish();
      return ex;
    }),
  );
}
