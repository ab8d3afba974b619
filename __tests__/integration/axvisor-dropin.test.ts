// examples/axvisor-test-qemu.yml against AxVisor's configs as they are (__tests__/fixtures/axvisor,
// copied unchanged from AxVisor): for each row of the example's matrix, the action step runs with
// the inputs the example gives it, on a copy of AxVisor's checkout, with images shaped like the
// published ones served by a local registry. The patched copies must differ from AxVisor's files
// only in the values named, line for line, and the checkout must not change at all.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { runPull } from '../../src/action/commands.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { MemoryLog } from '../support/memory-log.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'axvisor');
const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'axvisor-test-qemu.yml');
const ACTION = 'arceos-hypervisor/axvisor-image@v1';

let server: FileServer;
let work: string;
let registry: string;
/** A disk image as the published ones are: a few blocks of data in a mostly empty file. */
const rootfs = Buffer.concat([
  Buffer.from('ext4 superblock'),
  Buffer.alloc(4 << 20),
  Buffer.from('last block'),
]);
const IMAGES: Record<string, { arch: string; files: Record<string, string | Buffer> }> = {
  qemu_aarch64_arceos: { arch: 'aarch64', files: { 'qemu-aarch64': 'arceos kernel' } },
  qemu_aarch64_linux: { arch: 'aarch64', files: { 'qemu-aarch64': 'linux kernel', 'rootfs.img': rootfs } },
  qemu_x86_64_nimbos: {
    arch: 'x86_64',
    files: { 'qemu-x86_64': 'nimbos kernel', 'axvm-bios.bin': 'bios', 'rootfs.img': rootfs },
  },
};

before(async () => {
  server = await startFileServer();
  work = tempDir('axi-axvisor-');
  const entries = [];
  for (const [name, { arch, files }] of Object.entries(IMAGES)) {
    const bytes = await makeArchive(files);
    server.set(`/releases/${name}.tar.gz`, bytes);
    entries.push({
      name,
      version: '0.0.25',
      arch,
      sha256: sha256(bytes),
      url: `${server.url}/releases/${name}.tar.gz`,
    });
  }
  server.set('/registry.toml', registryToml(entries));
  registry = `${server.url}/registry.toml`;
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** The example's matrix rows and the `with:` of its step that uses the action. */
function example(): { rows: Record<string, string>[]; with: Record<string, string> } {
  const doc = parseYaml(readFileSync(EXAMPLE, 'utf8')) as {
    jobs: Record<
      string,
      {
        strategy: { matrix: { include: Record<string, string>[] } };
        steps: { uses?: string; with?: Record<string, string | boolean> }[];
      }
    >;
  };
  const job = doc.jobs['test-qemu']!;
  const step = job.steps.find((s) => s.uses === ACTION);
  assert.ok(step?.with, `the example has a step that uses ${ACTION}`);
  return {
    rows: job.strategy.matrix.include,
    with: Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, String(v)])),
  };
}

/** `${{ matrix.x }}` in the example's inputs, filled in from a row. */
const expand = (value: string, row: Record<string, string>): string =>
  value.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => row[key] ?? '');

/** A fresh copy of AxVisor's checkout; the action runs with it as the working directory. */
function checkout(): string {
  const dir = join(work, `checkout-${readdirSync(work).length}`);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Every file of a tree with its digest, to show it unchanged. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out[r] = sha256(readFileSync(join(dir, r)));
    }
  };
  walk('');
  return out;
}

/** Runs the example's step for `row` in `dir` (AxVisor's checkout), with the test's registry. */
async function runStep(row: Record<string, string>, dir: string, extra: Record<string, string> = {}) {
  const given = Object.fromEntries(Object.entries(example().with).map(([k, v]) => [k, expand(v, row)]));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const log = new MemoryLog();
    const result = await runPull(
      inputs({ ...given, registry, 'output-dir': join(work, 'images'), 'tool-cache': 'false', ...extra }),
      { log, retry: FAST_RETRY, runnerTemp: join(work, 'runner-temp') },
    );
    return { ...result, log };
  } finally {
    process.chdir(cwd);
  }
}

/** The lines where two texts differ, as `[line, before, after]`; the texts have as many lines. */
function changedLines(before: string, after: string): [number, string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, 'as many lines as before');
  return a.flatMap((line, i) => (line === b[i] ? [] : [[i + 1, line, b[i]!] as [number, string, string]]));
}

describe("the example's job against AxVisor's configs, unchanged", () => {
  before(() => mkdirSync(join(work, 'runner-temp'), { recursive: true }));

  for (const row of example().rows) {
    test(`${row.vmconfigs_name} (${row.vmimage_name}): configs the next step boots as they are`, async () => {
      const dir = checkout();
      const before = snapshot(dir);
      const { outputs } = await runStep(row, dir);
      assert.deepEqual(snapshot(dir), before, 'the checkout is not modified');

      const image = join(work, 'images', row.vmimage_name!);
      const original = readFileSync(join(dir, row.vmconfigs!), 'utf8');
      const patched = readFileSync(outputs['vm-config']!, 'utf8');
      assert.equal(outputs['vm-configs'], outputs['vm-config']);
      const kernel = join(image, `qemu-${row.arch}`);
      const vmChanges = changedLines(original, patched).map(([, , now]) => now);
      const bios =
        row.vmimage_name === 'qemu_x86_64_nimbos' ? [`bios_path = "${join(image, 'axvm-bios.bin')}"`] : [];
      assert.deepEqual(vmChanges, [`kernel_path = "${kernel}"`, ...bios]);
      assert.equal((parseToml(patched) as { kernel: { kernel_path: string } }).kernel.kernel_path, kernel);

      const qemuOriginal = readFileSync(join(dir, `.github/workflows/qemu-${row.arch}.toml`), 'utf8');
      const qemu = readFileSync(outputs['qemu-config']!, 'utf8');
      const args = (parseToml(qemu) as { args: string[] }).args;
      if ('rootfs.img' in IMAGES[row.vmimage_name!]!.files) {
        const drive = args[args.indexOf('-drive') + 1]!;
        const copy = /file=(.*)$/.exec(drive)![1]!;
        assert.deepEqual(
          changedLines(qemuOriginal, qemu).map(([, , now]) => now),
          [`  "id=disk0,if=none,format=raw,file=${copy}",`],
        );
        // The job's own copy: the same bytes, not the verified tree's file, and sparse.
        assert.ok(copy.startsWith(join(work, 'runner-temp')), copy);
        assert.ok(readFileSync(copy).equals(rootfs));
        assert.ok(statSync(copy).blocks * 512 < rootfs.length / 2, 'the copy keeps the holes');
        assert.notEqual(statSync(copy).ino, statSync(join(image, 'rootfs.img')).ino);
      } else {
        // No rootfs: the drive, its device and root= go, every other line stays.
        const kept = qemuOriginal
          .split('\n')
          .filter((l) => !/"-device",|virtio-blk-device,drive=disk0|"-drive",|id=disk0,/.test(l));
        assert.deepEqual(
          qemu.split('\n'),
          kept.map((l) => l.replace('root=/dev/vda rw init=/init', 'init=/init')),
        );
        assert.ok(!args.includes('-drive') && !args.includes('-device'));
      }
    });
  }

  test('several VMs in one row: configs paired with images in order; the drive on the first rootfs', async () => {
    const dir = checkout();
    const row = {
      arch: 'aarch64',
      vmimage_name: 'qemu_aarch64_arceos, qemu_aarch64_linux',
      vmconfigs: 'configs/vms/arceos-aarch64-qemu-smp1.toml,configs/vms/linux-aarch64-qemu-smp1.toml',
    };
    const { outputs } = await runStep(row, dir);
    const configs = outputs['vm-configs']!.split(',');
    assert.equal(configs.length, 2);
    const kernelOf = (f: string): string =>
      (parseToml(readFileSync(f, 'utf8')) as { kernel: { kernel_path: string } }).kernel.kernel_path;
    assert.equal(kernelOf(configs[0]!), join(work, 'images', 'qemu_aarch64_arceos', 'qemu-aarch64'));
    assert.equal(kernelOf(configs[1]!), join(work, 'images', 'qemu_aarch64_linux', 'qemu-aarch64'));
    const images = JSON.parse(outputs.images!) as Record<string, string>[];
    assert.deepEqual(
      images.map((i) => i['vm-config']),
      configs,
    );
    const args = (parseToml(readFileSync(outputs['qemu-config']!, 'utf8')) as { args: string[] }).args;
    assert.ok(readFileSync(/file=(.*)$/.exec(args[args.indexOf('-drive') + 1]!)![1]!).equals(rootfs));
  });

  test('mistakes name the input, or the file, line and key', async () => {
    const dir = checkout();
    const row = example().rows[0]!;
    await assert.rejects(
      runStep(row, dir, {
        'vm-config': 'configs/vms/arceos-aarch64-qemu-smp1.toml,configs/vms/linux-aarch64-qemu-smp1.toml',
      }),
      /^UserError: input 'vm-config': 2 VM configs for 1 images in input 'image'/,
    );
    // NimbOS's config asks for a BIOS; ArceOS's image has none.
    await assert.rejects(
      runStep({ ...row, vmconfigs: 'configs/vms/nimbos-x86_64-qemu-smp1.toml' }, dir, { arch: '' }),
      (err: Error) => {
        assert.equal(
          err.message,
          "configs/vms/nimbos-x86_64-qemu-smp1.toml, line 30: key 'bios_path' names a BIOS, and qemu_aarch64_arceos:0.0.25 has none",
        );
        return true;
      },
    );
    const noKernel = 'configs/vms/no-kernel.toml';
    writeFileSync(
      join(dir, noKernel),
      readFileSync(join(dir, row.vmconfigs!), 'utf8').replace(/^kernel_path/m, '# kernel_path'),
    );
    await assert.rejects(runStep({ ...row, vmconfigs: noKernel }, dir), (err: Error) => {
      assert.equal(
        err.message,
        `${noKernel}: [kernel] sets no kernel_path, which image_location = "memory" needs`,
      );
      return true;
    });
  });
});
