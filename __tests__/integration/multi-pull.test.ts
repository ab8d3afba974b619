import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { MemoryLog } from '../support/memory-log.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

let server: FileServer;
const dirs: string[] = [];
const digests: Record<string, string> = {};

before(async () => {
  server = await startFileServer();
  const linux = await makeArchive({
    'qemu-aarch64': 'aarch64 kernel',
    'rootfs.img': Buffer.alloc(8192, 1),
    'axvm-bios.bin': 'bios',
  });
  const nimbos = await makeArchive({ 'qemu-x86_64': 'x86 kernel', 'nimbos.dtb': 'dtb' }, 'xz');
  server.set('/img/linux.tar.gz', linux);
  server.set('/img/nimbos.tar.xz', nimbos);
  digests.linux = sha256(linux);
  digests.nimbos = sha256(nimbos);
  server.set(
    '/reg.toml',
    registryToml([
      { name: 'qemu_aarch64_linux', version: '0.0.25', sha256: sha256(linux), url: 'img/linux.tar.gz' },
      {
        name: 'qemu_x86_64_nimbos',
        version: '0.0.25',
        arch: 'x86_64',
        sha256: sha256(nimbos),
        url: 'img/nimbos.tar.xz',
      },
    ]),
  );
});

after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('two images in one step: images lists both, the top-level outputs describe the first', async () => {
  const out = tempDir('axi-multi-');
  dirs.push(out);
  const ins = inputs({
    registry: `${server.url}/reg.toml`,
    'output-dir': out,
    // The reverse of the registry's order: the outputs follow the input's order.
    image: 'qemu_x86_64_nimbos:0.0.25\nqemu_aarch64_linux',
    'tool-cache': 'false',
    cache: 'false',
  });
  const result = await runPull(ins, { log: new MemoryLog(), retry: FAST_RETRY });
  const o = result.outputs;

  const nimbosDir = join(out, 'qemu_x86_64_nimbos-0.0.25');
  const linuxDir = join(out, 'qemu_aarch64_linux');
  // The first line of `image` is the one the top-level outputs describe.
  assert.equal(o.name, 'qemu_x86_64_nimbos');
  assert.equal(o.version, '0.0.25');
  assert.equal(o.arch, 'x86_64');
  assert.equal(o.sha256, digests.nimbos);
  assert.equal(o.path, nimbosDir);
  assert.equal(o.archive, join(out, 'qemu_x86_64_nimbos-0.0.25.tar.xz'));
  assert.equal(o.kernel, join(nimbosDir, 'qemu-x86_64'));
  assert.equal(o.dtb, join(nimbosDir, 'nimbos.dtb'));
  assert.equal(o.rootfs, '');
  assert.equal(o.source, 'download');
  assert.equal(o['cache-hit'], 'false');

  const all = JSON.parse(o.images ?? '') as Record<string, unknown>[];
  assert.equal(all.length, 2);
  assert.deepEqual(
    all.map((i) => [i.name, i.version, i.arch, i.sha256, i.path, i.kernel, i.rootfs, i.bios, i.files]),
    [
      [
        'qemu_x86_64_nimbos',
        '0.0.25',
        'x86_64',
        digests.nimbos,
        nimbosDir,
        join(nimbosDir, 'qemu-x86_64'),
        '',
        '',
        ['nimbos.dtb', 'qemu-x86_64'],
      ],
      [
        'qemu_aarch64_linux',
        '0.0.25',
        'aarch64',
        digests.linux,
        linuxDir,
        join(linuxDir, 'qemu-aarch64'),
        join(linuxDir, 'rootfs.img'),
        join(linuxDir, 'axvm-bios.bin'),
        ['axvm-bios.bin', 'qemu-aarch64', 'rootfs.img'],
      ],
    ],
  );
  // Every field of the first entry of `images` matches the top-level output of the same name.
  const first = all[0] as Record<string, unknown>;
  for (const key of [
    'path',
    'archive',
    'name',
    'version',
    'arch',
    'sha256',
    'url',
    'source',
    'kernel',
    'dtb',
  ])
    assert.equal(first[key], o[key], key);
  assert.equal(readFileSync(join(linuxDir, 'qemu-aarch64'), 'utf8'), 'aarch64 kernel');
  assert.match(result.summary, /`qemu_x86_64_nimbos`[\s\S]*`qemu_aarch64_linux`/);

  // Again: both come from the output dir, nothing is downloaded.
  const requests = server.count('/img/');
  const again = await runPull(ins, { log: new MemoryLog(), retry: FAST_RETRY });
  assert.equal(server.count('/img/'), requests);
  assert.deepEqual(
    (JSON.parse(again.outputs.images ?? '') as { source: string }[]).map((i) => i.source),
    ['local', 'local'],
  );
  assert.equal(again.outputs['cache-hit'], 'true');
});
