// Another local user is the attacker: two unprivileged users on one machine, as on a self-hosted
// runner host whose runners run as different users, sharing a world-writable temp dir (like /tmp)
// and a tool cache both can write to. The attacker (uid 65533) gets there first; the pulls run as
// `nobody`. Playing two users needs root, which CI has.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { includeHintsPath } from '../../src/registry/include-hints.js';
import type { ImageEntry } from '../../src/registry/types.js';
import { removeTree } from '../../src/storage/remove-tree.js';
import { makeArchive, sha256 } from '../support/archives.js';
import { isRoot, OTHER_UID, step, stepUid, userDir } from '../support/as-user.js';
import type { TreeEntry } from '../support/nonroot-child.js';
import { entry } from '../support/registry-fixtures.js';

interface Pulled {
  source: string;
  path: string;
  chosen: string;
  warnings: string[];
}

let work: string;
let image: ImageEntry;
const files = { 'qemu-aarch64': 'the kernel', 'rootfs.img': Buffer.alloc(32 * 1024, 3) };

before(async () => {
  work = userDir('axi-two-users-');
  chmodSync(work, 0o1777);
  const bytes = await makeArchive(files);
  const file = join(work, 'guest.tar.gz');
  writeFileSync(file, bytes);
  chmodSync(file, 0o644);
  image = entry({ name: 'guest', version: '1', sha256: sha256(bytes), url: pathToFileURL(file).href });
});
after(() => removeTree(work));

/** A dir like /tmp: everyone may create entries in it, each user's stay theirs. */
function sharedDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  chmodSync(dir, 0o1777);
  return dir;
}

/** What the other user leaves in `root` before our job runs. */
const plant = (root: string, entries: TreeEntry[]): Promise<unknown> =>
  step({ step: 'tree', root, entries }, root, { uid: OTHER_UID });

describe('another local user got there first', { skip: !isRoot && 'playing two users needs root' }, () => {
  test('the default output dir and the per-user one are taken: a fresh private dir, named in a warning; nothing of theirs is read', async () => {
    const tmp = sharedDir('tmp');
    const theirs = join(tmp, '.axvisor-images');
    const perUser = `${theirs}-${stepUid}`;
    // Both names, with a tree that claims to be this very image and an archive beside it.
    await plant(tmp, [
      { type: 'file', path: '.axvisor-images/guest/qemu-aarch64', mode: 0o644, body: 'their kernel' },
      { type: 'file', path: '.axvisor-images/guest/.archive.sha256', mode: 0o644, body: `${image.sha256}\n` },
      { type: 'dir', path: '.axvisor-images', mode: 0o755 },
      { type: 'file', path: `.axvisor-images-${stepUid}/guest.tar.gz`, mode: 0o644, body: 'their archive' },
      { type: 'dir', path: `.axvisor-images-${stepUid}`, mode: 0o777 },
    ]);

    const r = await step<Pulled>({ step: 'pull', entry: image, spec: { name: 'guest' } }, userDir(), {
      env: { TMPDIR: tmp },
    });
    assert.match(r.chosen, new RegExp(`^${perUser}-\\w{6}$`));
    assert.equal(r.source, 'download');
    assert.equal(lstatSync(r.chosen).uid, stepUid);
    assert.equal(lstatSync(r.chosen).mode & 0o777, 0o700);
    assert.equal(readFileSync(join(r.path, 'qemu-aarch64'), 'utf8'), 'the kernel');
    const warned = r.warnings.join('\n');
    assert.ok(warned.includes(`${theirs} is owned by uid ${OTHER_UID}`), warned);
    assert.ok(warned.includes(`${perUser} is owned by uid ${OTHER_UID}`), warned);
    assert.ok(warned.includes(`using the new private dir ${r.chosen}`), warned);
    // Theirs, untouched.
    assert.equal(readFileSync(join(theirs, 'guest', 'qemu-aarch64'), 'utf8'), 'their kernel');
    assert.equal(readFileSync(join(perUser, 'guest.tar.gz'), 'utf8'), 'their archive');
  });

  for (const [what, planted] of [
    ['other bytes', { type: 'file', body: 'not the archive', mode: 0o644 }],
    ['a FIFO', { type: 'fifo' }],
    ['a link to /dev/zero', { type: 'symlink', target: '/dev/zero' }],
  ] as const) {
    test(`a tool cache entry of theirs holding ${what}: not used, not removable, and the pull goes on from the next source`, async () => {
      const tools = sharedDir(`tools-${what.replace(/\W+/g, '-')}`);
      const archive = join('axvisor-image', image.sha256, 'archive.tar.gz');
      await plant(tools, [
        { path: archive, ...planted } as TreeEntry,
        { type: 'dir', path: 'axvisor-image', mode: 0o755 },
      ]);

      const home = userDir();
      const r = await step<Pulled>(
        {
          step: 'pull',
          entry: image,
          spec: { name: 'guest' },
          outputDir: join(home, 'out'),
          toolCacheDir: tools,
        },
        home,
      );
      assert.equal(r.source, 'download');
      assert.equal(readFileSync(join(r.path, 'qemu-aarch64'), 'utf8'), 'the kernel');
      const entryDir = join(tools, 'axvisor-image', image.sha256);
      const why = {
        file: 'does not match its digest',
        fifo: 'is not a regular file',
        symlink: 'is a symbolic link',
      };
      assert.deepEqual(
        r.warnings.map((w) => w.replace(/\(.*\)/, '(…)')),
        [
          `tool cache: ${join(tools, archive)} ${why[planted.type]}; removing it`,
          `tool cache: could not remove ${entryDir}: EACCES: permission denied, mkdir '${join(tools, 'axvisor-image', `.axvisor-image-${stepUid}`)}'; going on without it`,
          `tool cache: could not store the archive: EACCES: permission denied, mkdir '${join(tools, 'axvisor-image', `.axvisor-image-${stepUid}`)}'; going on without it`,
        ],
      );
      assert.equal(lstatSync(join(tools, archive)).uid, OTHER_UID, 'their entry is still theirs');
    });
  }

  test("an include list that is not this user's own is no list: theirs, a link to one, or in a dir others can open", async () => {
    const home = userDir();
    const out = join(home, 'out');
    const input = { registries: ['https://registry.example/default.toml'] };
    const urls = ['https://registry.example/v1.toml'];
    const read = (): Promise<string[]> =>
      step<string[]>({ step: 'read-include-hints', root: out, input }, home);
    await step({ step: 'write-include-hints', root: out, input, urls }, home);
    assert.deepEqual(await read(), urls, 'its own list is read as it was kept');

    const path = includeHintsPath(out, input);
    chownSync(path, OTHER_UID, OTHER_UID);
    assert.deepEqual(await read(), [], 'theirs');
    chownSync(path, stepUid, stepUid);
    assert.deepEqual(await read(), urls);

    renameSync(path, `${path}.kept`);
    symlinkSync(`${path}.kept`, path);
    assert.deepEqual(await read(), [], 'a link');
    unlinkSync(path);
    renameSync(`${path}.kept`, path);
    assert.deepEqual(await read(), urls);

    chmodSync(dirname(path), 0o755);
    assert.deepEqual(await read(), [], 'in a dir others can open');
  });
});
