// What another local user left in the way of an unprivileged one: a tree planted under our
// output dir, or the shared default output dir itself. Another user can only be played by
// root, so these cases need root to set up; the pulls run as `nobody` (__tests__/support/as-user.ts).
import assert from 'node:assert/strict';
import {
  chownSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage } from '../../src/pull/pull.js';
import { removeTree } from '../../src/storage/remove-tree.js';
import type { ImageEntry } from '../../src/registry/types.js';
import { makeArchive, sha256 } from '../support/archives.js';
import { isRoot, runStep, step, stepUid, userDir } from '../support/as-user.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

interface Pulled {
  source: string;
  path: string;
  files: string[];
  warnings: string[];
  outputDir: string[];
}

let work: string;
let image: ImageEntry;
const files = { 'qemu-aarch64': 'the kernel', 'rootfs.img': Buffer.alloc(64 * 1024, 7) };

before(async () => {
  work = userDir();
  const bytes = await makeArchive(files);
  const file = join(work, 'guest.tar.gz');
  writeFileSync(file, bytes);
  chownSync(file, stepUid, stepUid);
  image = entry({ name: 'guest', version: '1', sha256: sha256(bytes), url: pathToFileURL(file).href });
});
after(() => removeTree(work));

const pull = (outputDir: string): Promise<Pulled> =>
  step<Pulled>({ step: 'pull', entry: image, spec: { name: 'guest' }, outputDir }, work);

describe(
  'as an unprivileged user, beside another user',
  { skip: !isRoot && 'playing another user needs root' },
  () => {
    test('a tree planted under our output dir, marker and record and all, is neither trusted nor removed', async () => {
      const out = join(work, 'planted');
      // The other user (root here) extracts the real image, so marker and record are genuine:
      // only whose they are gives them away.
      await pullImage({
        entry: image,
        spec: { name: 'guest' },
        outputDir: out,
        extract: true,
        retry: FAST_RETRY,
        log: new MemoryLog(),
      });
      chownSync(out, stepUid, stepUid);
      const tree = join(out, 'guest');

      const r = await runStep({ step: 'pull', entry: image, spec: { name: 'guest' }, outputDir: out }, work);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`${tree} is in the way: it is owned by uid 0, not by this user`));
      // Theirs stays theirs: not served, not moved, not removed.
      assert.equal(lstatSync(tree).uid, 0);
      assert.equal(lstatSync(join(tree, 'qemu-aarch64')).uid, 0);
    });

    test('a guest that wrote to its rootfs: the next pull restores it', async () => {
      const out = join(work, 'rw');
      mkdirSync(out);
      chownSync(out, stepUid, stepUid);
      const first = await pull(out);
      assert.equal(first.source, 'download');
      const fd = openSync(join(first.path, 'rootfs.img'), 'r+');
      writeSync(fd, 'journal');
      closeSync(fd);
      const second = await pull(out);
      assert.equal(readFileSync(join(second.path, 'rootfs.img')).equals(files['rootfs.img']), true);
      assert.ok(
        second.warnings.some((w) => w.includes('rootfs.img (rewritten)')),
        second.warnings.join('\n'),
      );
    });

    test('the shared default output dir made by another user: a per-user dir beside it', async () => {
      const shared = join(work, '.axvisor-images');
      mkdirSync(shared);
      const r = await step<{ chosen: string; warnings: string[] }>(
        { step: 'choose-output-dir', dir: shared, isDefault: true },
        work,
      );
      assert.equal(r.chosen, `${shared}-${stepUid}`);
      assert.ok(r.warnings.some((w) => w.includes('is owned by uid 0')));
      const pulled = await pull(r.chosen);
      assert.equal(pulled.source, 'download');
    });
  },
);
