// Several processes restoring one image from one tool cache into one output dir at the same
// time, as jobs sharing a self-hosted runner do. Each restore hard-links the cached archive under
// a temp name and renames it into place; none of those temp links may outlive the pulls.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { entryFor, expectedTree, readTree, startPullChild, waitUntil } from '../support/reliability.js';

const PULLS = 6;
const files = { 'qemu-aarch64': randomBytes(3 * 1024 * 1024), 'rootfs.img': randomBytes(512 * 1024) };
let archive: Buffer;
let root: string;

before(async () => {
  archive = await makeArchive(files, 'gzip');
  root = tempDir('axi-concurrent-restore-');
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

for (const extract of [true, false]) {
  test(`${PULLS} processes restoring from the tool cache at once (extract: ${extract}) leave only the image`, async () => {
    const base = join(root, `extract-${extract}`);
    const out = join(base, 'out');
    const tc = join(base, 'toolcache');
    await mkdir(out, { recursive: true });
    // The URL is never fetched: every pull finds the archive in the tool cache.
    const entry = entryFor('http://127.0.0.1:9/img.tar.gz', archive);
    const src = join(base, 'src.tar.gz');
    await writeFile(src, archive);
    const cache = new ToolCache(tc);
    await cache.put(entry.sha256, src, '.tar.gz');
    await rm(src);

    const go = join(base, 'go');
    const children = Array.from({ length: PULLS }, () =>
      startPullChild({
        entry,
        spec: { name: 'img' },
        outputDir: out,
        extract,
        toolCacheDir: tc,
        startSignal: go,
      }),
    );
    await waitUntil('every pull process to be loaded', async () => {
      const dead = children.find((c) => c.hasExited());
      if (dead) throw new Error(`a pull ended early:\n${(await dead.exited).stderr}`);
      return children.every((c) => c.output().includes('READY'));
    });
    await writeFile(go, '');
    const results = await Promise.all(children.map((c) => c.result()));

    // Released together, most restore at once; on a loaded machine a late one may find the
    // archive another has already put in place, which is as right.
    const sources = results.map((r) => r.source);
    assert.ok(sources.includes('tool-cache'), sources.join());
    assert.ok(
      sources.every((s) => s === 'tool-cache' || s === 'local'),
      sources.join(),
    );
    assert.deepEqual((await readdir(out)).sort(), extract ? ['img', 'img.tar.gz'] : ['img.tar.gz']);
    assert.equal(sha256(await readFile(join(out, 'img.tar.gz'))), entry.sha256);
    // Two names for the archive's bytes: the tool cache entry and the output dir's copy.
    assert.equal((await stat(join(out, 'img.tar.gz'))).nlink, 2);
    if (extract) assert.deepEqual(await readTree(join(out, 'img')), expectedTree(files, entry.sha256));
    const cached = await cache.find(entry.sha256);
    assert.ok(cached);
    assert.deepEqual(await readdir(join(tc, 'axvisor-image')), [entry.sha256]);
  });
}
