// The extractor's file system side (TreeWriter), through StreamExtractor on real archives: files
// with zero runs anywhere come back byte for byte and take less disk, later entries replace
// earlier ones as with tar, modes and times are kept, and it survives being fed in any chunks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, statSync } from 'node:fs';
import { chmod, lstat, readFile, readlink, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MemoryLog } from '../support/memory-log.js';
import { StreamExtractor } from '../../src/unpack/extract.js';
import { tempDir } from '../support/archives.js';
import { rawTar, type RawEntry } from '../support/raw-tar.js';

const SEED = 20261126;
const KIB = 1024;
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** Extracts `tar` (gzipped), fed in `chunk`-sized writes; returns the tree's path. */
async function extract(tar: Buffer, chunk = 1024 * KIB): Promise<string> {
  const root = tempDir('axi-tw-');
  roots.push(root);
  const target = join(root, 'img');
  const ex = await StreamExtractor.create(target, { log: new MemoryLog(), label: 'img:1' });
  const gz = gzipSync(tar);
  try {
    for (let at = 0; at < gz.length; at += chunk) await ex.write(gz.subarray(at, at + chunk));
    await ex.finish();
  } catch (err) {
    await ex.abort();
    throw err;
  }
  return target;
}

/** Whether this file system stores holes (tmpfs and ext4 do; some overlay setups may not). */
function holesSupported(dir: string): boolean {
  const probe = join(dir, 'hole-probe');
  const fd = openSync(probe, 'w');
  ftruncateSync(fd, 8 * 1024 * KIB);
  closeSync(fd);
  return statSync(probe).blocks === 0;
}

describe('file data', () => {
  test('zero runs of any length at any offset: the same bytes and size', async () => {
    const segment = fc.oneof(
      fc.nat({ max: 300 * KIB }).map((n) => Buffer.alloc(n)),
      fc.nat({ max: 100 * KIB }).map((n) => randomBytes(n)),
      fc.nat({ max: 70 * KIB }).map((n) => Buffer.alloc(n, 1)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 8 }),
        // Any size a download hands over, from about one TCP segment up; the last is shorter.
        fc.integer({ min: 1 * KIB, max: 300 * KIB }),
        async (segments, chunk) => {
          const body = Buffer.concat(segments);
          const img = await extract(rawTar([{ type: 'file', path: 'rootfs.img', body }]), chunk);
          const got = await readFile(join(img, 'rootfs.img'));
          assert.equal(got.length, body.length);
          assert.ok(got.equals(body), 'contents differ');
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  test('a disk image that is mostly zeros takes its data, not its size, on disk', async (t) => {
    const body = Buffer.concat([
      randomBytes(512 * KIB),
      Buffer.alloc(6 * 1024 * KIB),
      randomBytes(100 * KIB),
      Buffer.alloc(2 * 1024 * KIB), // trailing zeros: the size alone says where the file ends
    ]);
    const img = await extract(rawTar([{ type: 'file', path: 'rootfs.img', body }]));
    const st = await stat(join(img, 'rootfs.img'));
    assert.equal(st.size, body.length);
    assert.ok((await readFile(join(img, 'rootfs.img'))).equals(body));
    if (!holesSupported(img)) return t.skip('this file system does not store holes');
    assert.ok(st.blocks * 512 < 1024 * KIB, `${st.blocks * 512} bytes on disk for 612 KiB of data`);
  });
});

describe('names, as tar extracts them', () => {
  test('a later entry replaces an earlier one of the same name, whatever either is', async () => {
    const entries: RawEntry[] = [
      { type: 'file', path: 'a', body: 'first' },
      { type: 'file', path: 'a', body: 'second' },
      { type: 'dir', path: 'd' },
      { type: 'file', path: 'd/inner', body: 'x' },
      { type: 'file', path: 'd', body: 'a file now' },
      { type: 'file', path: 'l', body: 'was a file' },
      { type: 'symlink', path: 'l', target: 'a' },
      { type: 'symlink', path: 's', target: 'a' },
      { type: 'file', path: 's', body: 'a file, not written through the link' },
    ];
    const img = await extract(rawTar(entries));
    assert.equal(await readFile(join(img, 'a'), 'utf8'), 'second');
    assert.equal(await readFile(join(img, 'd'), 'utf8'), 'a file now');
    assert.equal(await readlink(join(img, 'l')), 'a');
    assert.ok((await lstat(join(img, 's'))).isFile());
    assert.equal(await readFile(join(img, 's'), 'utf8'), 'a file, not written through the link');
  });

  test('a symlink whose target names its own parent dir extracts', async () => {
    // node-tar's Unpack waited forever on this one (its path reservations deadlock).
    const img = await extract(
      rawTar([
        { type: 'dir', path: 'lib' },
        { type: 'symlink', path: 'lib/x', target: 'lib' },
      ]),
    );
    assert.equal(await readlink(join(img, 'lib/x')), 'lib');
  });

  test('parents missing from the archive are made; `./`, `a//b` and `a/.` land where tar puts them', async () => {
    const img = await extract(
      rawTar([
        { type: 'dir', path: './' },
        { type: 'file', path: './deep/er/file', body: '1' },
        { type: 'file', path: 'x//y', body: '2' },
        { type: 'dir', path: 'z/.' },
      ]),
    );
    assert.equal(await readFile(join(img, 'deep/er/file'), 'utf8'), '1');
    assert.equal(await readFile(join(img, 'x/y'), 'utf8'), '2');
    assert.ok((await lstat(join(img, 'z'))).isDirectory());
  });
});

describe('modes and times', () => {
  test('file and dir modes (less the umask) and modification times are kept; a read-only dir is still filled', async () => {
    const umask = process.umask();
    const entries: RawEntry[] = [
      { type: 'dir', path: 'ro', mode: 0o555 },
      { type: 'file', path: 'ro/kernel', body: 'k', mode: 0o755 },
      { type: 'file', path: 'config', body: 'c', mode: 0o600 },
    ];
    const img = await extract(rawTar(entries));
    try {
      assert.equal((await stat(join(img, 'ro'))).mode & 0o777, 0o555 & ~umask);
      assert.equal((await stat(join(img, 'ro/kernel'))).mode & 0o777, 0o755 & ~umask);
      assert.equal((await stat(join(img, 'config'))).mode & 0o777, 0o600 & ~umask);
      assert.equal(await readFile(join(img, 'ro/kernel'), 'utf8'), 'k');
      // raw-tar stamps every entry with the same time, 1 700 000 000 s after the epoch.
      for (const rel of ['ro', 'ro/kernel', 'config']) {
        assert.equal((await stat(join(img, rel))).mtime.getTime(), 1_700_000_000_000, rel);
      }
    } finally {
      // So that the cleanup can remove it when not running as root.
      await chmod(join(img, 'ro'), 0o755);
    }
  });
});
