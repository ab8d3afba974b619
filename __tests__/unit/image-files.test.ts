import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { classifyFiles, listFiles } from '../../src/unpack/image-files.js';
import { tempDir } from '../support/archives.js';

// The layouts below are those of the published images (see __tests__/fixtures/registry).

test('QEMU ArceOS/Linux: qemu-<arch> kernel, rootfs.img, axvm-bios.bin', () => {
  const files = ['axvm-bios.bin', 'qemu-aarch64', 'rootfs.img'];
  assert.deepEqual(classifyFiles(files, 'aarch64'), {
    files,
    kernel: 'qemu-aarch64',
    rootfs: 'rootfs.img',
    bios: 'axvm-bios.bin',
  });
});

test('NimbOS: qemu-x86_64 is the kernel, not qemu-x86_64_usertests', () => {
  // The usertests name sorts first; it must still lose.
  for (const files of [
    ['qemu-x86_64', 'qemu-x86_64_usertests'],
    ['qemu-x86_64_usertests', 'qemu-x86_64'],
  ]) {
    const r = classifyFiles(files, 'x86_64');
    assert.equal(r.kernel, 'qemu-x86_64');
    assert.equal(r.rootfs, undefined);
    assert.equal(r.bios, undefined);
    assert.equal(r.dtb, undefined);
  }
  assert.equal(classifyFiles(['qemu-riscv64', 'qemu-riscv64_usertests'], 'riscv64').kernel, 'qemu-riscv64');
});

test('a board image: <board> beside <board>.dtb', () => {
  const r = classifyFiles(['roc-rk3568-pc', 'roc-rk3568-pc.dtb'], 'aarch64');
  assert.equal(r.kernel, 'roc-rk3568-pc');
  assert.equal(r.dtb, 'roc-rk3568-pc.dtb');
  assert.equal(r.rootfs, undefined);
});

test('Linux kernels named Image and bzImage', () => {
  assert.equal(classifyFiles(['Image', 'rootfs.img'], 'aarch64').kernel, 'Image');
  const x86 = classifyFiles(['bzImage', 'disk.img'], 'x86_64');
  assert.equal(x86.kernel, 'bzImage');
  // Without rootfs.img, any .img is the rootfs.
  assert.equal(x86.rootfs, 'disk.img');
});

test('an ArceOS .bin kernel, and a BIOS .bin that is not the kernel', () => {
  assert.equal(classifyFiles(['arceos-dyn-smp1.bin'], 'aarch64').kernel, 'arceos-dyn-smp1.bin');
  const r = classifyFiles(['axvm-bios.bin', 'arceos-dyn-smp1.bin'], 'x86_64');
  assert.equal(r.kernel, 'arceos-dyn-smp1.bin');
  assert.equal(r.bios, 'axvm-bios.bin');
});

test('nested layout: linux/linux-qemu', () => {
  const r = classifyFiles(['README', 'linux/linux-qemu', 'linux/rootfs.img'], 'riscv64');
  assert.equal(r.kernel, 'linux/linux-qemu');
  assert.equal(r.rootfs, 'linux/rootfs.img');
});

test('the qemu-<arch> name wins over other candidates, and shallower paths over deeper ones', () => {
  const r = classifyFiles(['a/b/qemu-aarch64', 'Image', 'qemu-aarch64', 'x.bin'], 'aarch64');
  assert.equal(r.kernel, 'qemu-aarch64');
  const rootfs = classifyFiles(['deep/tree/rootfs.img', 'rootfs.img'], 'aarch64').rootfs;
  assert.equal(rootfs, 'rootfs.img');
  // A kernel for another arch is not this arch's kernel.
  assert.equal(classifyFiles(['qemu-riscv64', 'Image'], 'aarch64').kernel, 'Image');
});

test('nothing recognisable: every output empty', () => {
  const files = ['README.md', 'notes/boot.txt'];
  assert.deepEqual(classifyFiles(files, 'aarch64'), { files });
  assert.deepEqual(classifyFiles([], 'aarch64'), { files: [] });
});

test('listFiles: every file and link, nested, sorted, without the marker or dirs', async () => {
  const dir = tempDir();
  try {
    for (const rel of [
      'qemu-aarch64',
      'linux/linux-qemu',
      'a/b/c.txt',
      '.archive.sha256',
      'sub/.archive.sha256',
    ]) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), rel);
    }
    mkdirSync(join(dir, 'empty'));
    symlinkSync('qemu-aarch64', join(dir, 'kernel'));
    assert.deepEqual(await listFiles(dir), [
      'a/b/c.txt',
      'kernel',
      'linux/linux-qemu',
      'qemu-aarch64',
      // Only the top-level marker is ours; a file of that name deeper in the image is the image's.
      'sub/.archive.sha256',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
