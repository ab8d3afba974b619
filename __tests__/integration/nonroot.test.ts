// Images holding 0555 and 000 dirs and 0444 files, pulled, pulled again, upgraded and removed
// by an unprivileged user, as on GitHub-hosted runners: a non-root owner cannot list a 000 dir,
// nor remove anything from a dir without write and search permission. Each step runs in a child
// process of that user (__tests__/support/as-user.ts): as root, no permission bit stops anything.
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { removeTree } from '../../src/storage/remove-tree.js';
import type { ImageEntry } from '../../src/registry/types.js';
import { sha256 } from '../support/archives.js';
import { runStep, step, stepUid, userDir } from '../support/as-user.js';
import type { Probe, TreeEntry } from '../support/nonroot-child.js';
import { rawTarGz, type RawEntry } from '../support/raw-tar.js';
import { entry } from '../support/registry-fixtures.js';
import { deadPid } from '../support/reliability.js';

/** An image whose dirs shut out a non-root owner once extracted; `v` tells versions apart. */
function image(v: number, extra: RawEntry[] = []): RawEntry[] {
  return [
    { type: 'file', path: 'qemu-aarch64', body: `kernel-${v}`, mode: 0o755 },
    { type: 'dir', path: 'ro', mode: 0o555 },
    { type: 'file', path: 'ro/config', body: `ro-${v}`, mode: 0o444 },
    { type: 'dir', path: 'ro/sub', mode: 0o555 },
    { type: 'file', path: 'ro/sub/deep', body: 'deep', mode: 0o444 },
    { type: 'dir', path: 'locked', mode: 0o000 },
    { type: 'file', path: 'locked/secret', body: 'secret', mode: 0o600 },
    { type: 'symlink', path: 'locked/link', target: 'secret' },
    { type: 'dir', path: 'locked/inner', mode: 0o000 },
    { type: 'file', path: 'locked/inner/f', body: 'f', mode: 0o444 },
    // A dir listed after the dir inside it: the inner one must still get its mode.
    { type: 'dir', path: 'late/inner', mode: 0o555 },
    { type: 'file', path: 'late/inner/f', body: 'f', mode: 0o444 },
    { type: 'dir', path: 'late', mode: 0o000 },
    ...extra,
  ];
}

/** Leftovers of a killed run: dirs its user can neither list nor remove from as they are. */
function lockedTree(prefix: string): TreeEntry[] {
  return [
    { type: 'dir', path: `${prefix}/locked`, mode: 0o000 },
    { type: 'file', path: `${prefix}/locked/f`, mode: 0o644 },
    { type: 'dir', path: `${prefix}/ro`, mode: 0o555 },
    { type: 'file', path: `${prefix}/ro/f`, mode: 0o444 },
    { type: 'dir', path: `${prefix}`, mode: 0o555 },
  ];
}

/** The files and links of `image(v)`, as the `files` output lists them. */
const ALL_FILES = [
  'late/inner/f',
  'locked/inner/f',
  'locked/link',
  'locked/secret',
  'qemu-aarch64',
  'ro/config',
  'ro/sub/deep',
];

interface Pulled {
  source: string;
  path: string;
  archive: string;
  files: string[];
  warnings: string[];
  outputDir: string[];
}

let work: string;
let out: string;
let toolCache: string;
const entries: ImageEntry[] = [];
const spec = { name: 'guest' };

before(() => {
  work = userDir();
  out = join(work, 'out');
  toolCache = join(work, 'tool-cache');
  const archives = [
    image(1),
    // The marker's name taken by a 000 dir: the commit must replace it.
    image(2, [
      { type: 'dir', path: '.archive.sha256', mode: 0o000 },
      { type: 'file', path: '.archive.sha256/x', body: 'x' },
    ]),
    image(3),
  ];
  archives.forEach((e, i) => {
    const bytes = rawTarGz(e);
    const file = join(work, `guest-${i + 1}.tar.gz`);
    writeFileSync(file, bytes);
    entries.push(
      entry({ name: 'guest', version: `${i + 1}`, sha256: sha256(bytes), url: pathToFileURL(file).href }),
    );
  });
});

after(async () => {
  // As a non-root user the leftovers of these tests need removeTree too.
  await removeTree(work);
});

const pull = (e: ImageEntry): Promise<Pulled> =>
  step<Pulled>({ step: 'pull', entry: e, spec, outputDir: out, toolCacheDir: toolCache }, work);
const probe = (paths: string[]): Promise<Probe> => step<Probe>({ step: 'probe', paths }, work);
/** The umask the steps run with (the child's own, inherited). */
const stepUmask = async (): Promise<number> => {
  const r = await runStep({ step: 'probe', paths: [] }, work);
  assert.ok(r.out, r.stderr);
  return r.out.umask;
};
const mode = (path: string): number => lstatSync(path).mode & 0o7777;

describe('as an unprivileged user', () => {
  test('an image with 0555 and 000 dirs and 0444 files is pulled, with the modes of its entries', async () => {
    const r = await pull(entries[0]!);
    assert.equal(r.source, 'download');
    // Every dir stays readable and searchable by its owner (000 becomes 0500), so that the
    // tree can be checked and listed in full: the files inside the 000 dirs are listed too.
    assert.deepEqual(r.files, ALL_FILES);
    const img = join(out, 'guest');
    const seen = await probe(
      ['qemu-aarch64', 'ro', 'ro/config', 'ro/sub', 'locked', 'late', 'locked/secret', 'locked/inner'].map(
        (p) => join(img, p),
      ),
    );
    const umask = await stepUmask();
    assert.deepEqual(Object.values(seen), [0o755 & ~umask, 0o555, 0o444, 0o555, 0o500, 0o500, 0o600, 0o500]);
    assert.equal(readFileSync(join(img, 'ro/config'), 'utf8'), 'ro-1');
    assert.equal(mode(join(img, 'locked/inner/f')), 0o444);
    assert.ok(lstatSync(join(img, 'locked/link')).isSymbolicLink());
    assert.equal(mode(join(img, 'late/inner')), 0o555);
    assert.equal(mode(join(img, 'late/inner/f')), 0o444);
  });

  test('pulled again: the tree is already there', async () => {
    const r = await pull(entries[0]!);
    assert.equal(r.source, 'local');
    assert.deepEqual(r.files, ALL_FILES);
  });

  test('a new version under the same spec replaces the old tree and leaves nothing behind', async () => {
    const r = await pull(entries[1]!);
    assert.equal(r.source, 'download');
    assert.deepEqual(r.outputDir, ['guest', 'guest.tar.gz']);
    const img = join(out, 'guest');
    assert.equal(readFileSync(join(img, 'ro/config'), 'utf8'), 'ro-2');
    assert.equal(readFileSync(join(img, '.archive.sha256'), 'utf8').trim(), entries[1]!.sha256);
    assert.deepEqual(r.files, ALL_FILES);
  });

  test("the CLI's rm removes the tree and the archive", async () => {
    const r = await step<{ printed: string[]; outputDir: string[] }>(
      { step: 'rm', outputDir: out, spec: 'guest' },
      work,
    );
    assert.deepEqual(r.printed, [`removed ${join(out, 'guest')}/`, `removed ${join(out, 'guest.tar.gz')}`]);
    assert.deepEqual(r.outputDir, []);
  });

  test("a killed run's leftovers do not block the next pull, which removes them", async () => {
    const dead = deadPid();
    const live = `${process.pid}-0123456789ab`;
    const cacheRoot = join(toolCache, 'axvisor-image');
    /** A private staging dir as the store makes it, holding `work` dirs of locked trees. */
    const staging = (prefix: string, work: string[]): TreeEntry[] => [
      ...work.flatMap((w) => lockedTree(`${prefix}/staging/${w}/1-tree`)),
      { type: 'dir', path: `${prefix}/staging`, mode: 0o700 },
      { type: 'dir', path: prefix, mode: 0o700 },
    ];
    await step(
      {
        step: 'tree',
        root: out,
        entries: staging('.axvisor-image', [`${dead}-0123456789ab`, `${dead}-abcdef012345`, live]),
      },
      work,
    );
    await step(
      {
        step: 'tree',
        root: cacheRoot,
        entries: staging(`.axvisor-image-${stepUid}`, [`${dead}-0123456789ab`]),
      },
      work,
    );
    const r = await pull(entries[2]!);
    assert.equal(r.source, 'download');
    // A running process's work dir is left alone, and keeps the store's dir in place.
    assert.deepEqual(r.outputDir, ['.axvisor-image', 'guest', 'guest.tar.gz']);
    assert.deepEqual(readdirSync(join(out, '.axvisor-image', 'staging')), [live]);
    assert.deepEqual(
      readdirSync(cacheRoot).sort(),
      [entries[0]!.sha256, entries[1]!.sha256, entries[2]!.sha256].sort(),
    );
  });

  for (const dirMode of [0o111, 0o311]) {
    test(`a dir of mode ${dirMode.toString(8).padStart(4, '0')}: its files are listed, and one rewritten by name is caught`, async () => {
      const bytes = rawTarGz([
        { type: 'file', path: 'qemu-aarch64', body: 'kernel', mode: 0o755 },
        { type: 'dir', path: 'x', mode: dirMode },
        { type: 'file', path: 'x/rootfs.img', body: 'pristine', mode: 0o644 },
      ]);
      const file = join(work, `xonly-${dirMode}.tar.gz`);
      writeFileSync(file, bytes);
      const e = entry({ name: 'xonly', version: '1', sha256: sha256(bytes), url: pathToFileURL(file).href });
      const outputDir = join(work, `xonly-out-${dirMode}`);
      const pullIt = (): Promise<Pulled> =>
        step<Pulled>({ step: 'pull', entry: e, spec: { name: 'xonly' }, outputDir }, work);
      const first = await pullIt();
      assert.deepEqual(first.files, ['qemu-aarch64', 'x/rootfs.img']);
      // Readable and searchable by the owner, whatever the archive said.
      assert.equal(mode(join(first.path, 'x')), dirMode | 0o500);
      // The last job's guest wrote to its disk, reaching it by name.
      await step({ step: 'write', path: join(first.path, 'x', 'rootfs.img'), body: 'tampered' }, work);
      const second = await pullIt();
      // Extracted again from the verified archive beside it: still from the output dir.
      assert.equal(second.source, 'local');
      assert.ok(
        second.warnings.some((w) => w.includes('changed since extraction: changed x/rootfs.img')),
        second.warnings.join('\n'),
      );
      assert.equal(readFileSync(join(second.path, 'x', 'rootfs.img'), 'utf8'), 'pristine');
    });
  }

  test('a symlink chain through a 000 dir that leads outside the image is still refused', async () => {
    // Checked once the dir is 000, the link inside could not be read and the chain looked safe;
    // root, reading through it later, would have left the image.
    const bytes = rawTarGz([
      { type: 'dir', path: 'd', mode: 0o000 },
      { type: 'symlink', path: 'd/b', target: '..' },
      { type: 'symlink', path: 'a', target: 'd/b/..' },
    ]);
    const file = join(work, 'chain.tar.gz');
    writeFileSync(file, bytes);
    const outputDir = join(work, 'chain-out');
    const e = entry({ name: 'chain', version: '1', sha256: sha256(bytes), url: pathToFileURL(file).href });
    const r = await runStep({ step: 'pull', entry: e, spec: { name: 'chain' }, outputDir }, work);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refusing unsafe archive entry 'a': 'd\/b\/..' leads outside the image/);
    assert.deepEqual(readdirSync(outputDir), []);
  });

  test('removeTree opens and removes locked dirs, and never follows or changes a symlink', async () => {
    const tree = join(work, 'tree');
    const outside = join(work, 'outside');
    await step(
      {
        step: 'tree',
        root: work,
        entries: [
          { type: 'dir', path: 'outside/sub', mode: 0o000 },
          { type: 'file', path: 'outside/keep', mode: 0o444 },
          { type: 'dir', path: 'outside', mode: 0o500 },
          { type: 'symlink', path: 'tree/out-link', target: '../outside' },
          { type: 'symlink', path: 'tree/locked/link', target: '../../outside' },
          { type: 'dir', path: 'tree/wx', mode: 0o300 },
          { type: 'file', path: 'tree/wx/f', mode: 0o444 },
          ...lockedTree('tree/sub'),
          { type: 'dir', path: 'tree/locked', mode: 0o000 },
          { type: 'dir', path: 'tree', mode: 0o555 },
        ],
      },
      work,
    );
    await step({ step: 'remove-tree', path: tree }, work);
    const seen = await probe([tree, outside, join(outside, 'keep'), join(outside, 'sub')]);
    assert.deepEqual(Object.values(seen), ['ENOENT', 0o500, 0o444, 0o000]);
  });
});
