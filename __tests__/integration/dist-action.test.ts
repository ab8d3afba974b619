import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { runAction } from '../support/run-action.js';

// These run the committed bundle, dist/index.js, as the runner would: `npm run bundle` after a
// change to src/ keeps them meaningful.

describe('dist/index.js, command pull', () => {
  let server: FileServer;
  let archive: Buffer;
  let digest: string;
  let registry: string;
  const roots: string[] = [];
  const scratch = (): string => {
    roots.push(tempDir('axi-dist-'));
    return roots.at(-1)!;
  };

  before(async () => {
    server = await startFileServer();
    archive = await makeArchive({
      'qemu-aarch64': Buffer.alloc(40 * 1024, 3),
      'rootfs.img': Buffer.alloc(20 * 1024, 4),
      'axvm-bios.bin': 'bios',
      'qemu-aarch64.dtb': 'dtb',
    });
    digest = sha256(archive);
    server.set('/images/qemu_aarch64_linux.tar.gz', archive);
    server.set(
      '/registry/default.toml',
      registryToml(
        [
          {
            name: 'qemu_aarch64_linux',
            version: '0.0.24',
            sha256: 'e'.repeat(64),
            url: '../images/old.tar.gz',
            released_at: '2026-04-01T06:48:32Z',
          },
        ],
        ['v0.0.25.toml'],
      ),
    );
    server.set(
      '/registry/v0.0.25.toml',
      registryToml([
        {
          name: 'qemu_aarch64_linux',
          version: '0.0.25',
          sha256: digest,
          url: `${server.url}/images/qemu_aarch64_linux.tar.gz`,
          released_at: '2026-04-03T01:28:26Z',
          description: 'Linux for QEMU aarch64',
        },
        {
          name: 'qemu_x86_64_nimbos',
          version: '0.0.25',
          sha256: 'f'.repeat(64),
          url: 'n.tar.gz',
          arch: 'x86_64',
        },
      ]),
    );
    registry = `${server.url}/registry/default.toml`;
  });
  after(async () => {
    await server.close();
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  test('pulls an image and sets every output, then finds it in place the second time', async () => {
    const out = join(scratch(), 'images');
    const toolCache = scratch();
    const run = () =>
      runAction({
        runnerTemp: scratch(),
        inputs: {
          image: 'qemu_aarch64_linux',
          registry,
          'fallback-registry': 'none',
          'output-dir': out,
          cache: 'true',
          'tool-cache': 'true',
          retries: '2',
        },
        env: { RUNNER_TOOL_CACHE: toolCache },
      });

    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const dir = join(out, 'qemu_aarch64_linux');
    const o = r.outputs;
    assert.equal(o.path, dir);
    assert.equal(o.archive, join(out, 'qemu_aarch64_linux.tar.gz'));
    assert.equal(o.name, 'qemu_aarch64_linux');
    assert.equal(o.version, '0.0.25');
    assert.equal(o.arch, 'aarch64');
    assert.equal(o.sha256, digest);
    assert.equal(o.url, `${server.url}/images/qemu_aarch64_linux.tar.gz`);
    assert.equal(o.source, 'download');
    assert.equal(o['source-url'], o.url);
    assert.equal(o['cache-hit'], 'false');
    assert.equal(o.kernel, join(dir, 'qemu-aarch64'));
    assert.equal(o.rootfs, join(dir, 'rootfs.img'));
    assert.equal(o.bios, join(dir, 'axvm-bios.bin'));
    assert.equal(o.dtb, join(dir, 'qemu-aarch64.dtb'));
    assert.deepEqual(JSON.parse(o.files!), [
      'axvm-bios.bin',
      'qemu-aarch64',
      'qemu-aarch64.dtb',
      'rootfs.img',
    ]);
    assert.equal(o['registry-source'], `${registry} (registry)`);
    const images = JSON.parse(o.images!) as Record<string, unknown>[];
    assert.equal(images.length, 1);
    assert.deepEqual(images[0], {
      path: o.path,
      archive: o.archive,
      name: o.name,
      version: o.version,
      arch: o.arch,
      sha256: o.sha256,
      url: o.url,
      source: o.source,
      'source-url': o['source-url'],
      'cache-hit': o['cache-hit'],
      kernel: o.kernel,
      rootfs: o.rootfs,
      bios: o.bios,
      dtb: o.dtb,
      files: JSON.parse(o.files!),
    });
    // The files are really there, and the store's own dir (the registry snapshot) beside them.
    assert.equal(readFileSync(o.bios!, 'utf8'), 'bios');
    assert.deepEqual(readdirSync(out).sort(), [
      '.axvisor-image',
      'qemu_aarch64_linux',
      'qemu_aarch64_linux.tar.gz',
    ]);
    assert.deepEqual(readdirSync(join(toolCache, 'axvisor-image')), [digest]);

    // The job summary: one row for the image, and the registry that served it.
    assert.match(r.summary, /### Guest images/);
    assert.match(r.summary, /\| Image \| Version \| Arch \| SHA-256 \| Source \| Size \| Time \|/);
    assert.match(
      r.summary,
      new RegExp(
        `\\| \`qemu_aarch64_linux\` \\| 0\\.0\\.25 \\| aarch64 \\| \`${digest.slice(0, 12)}\` \\| download \\|`,
      ),
    );
    assert.ok(r.summary.includes(`Registry: ${registry} (registry)`), r.summary);
    assert.doesNotMatch(r.stdout, /::error::/);
    assert.equal(server.count('/images/'), 1);

    const again = await run();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(again.outputs.source, 'local');
    assert.equal(again.outputs['cache-hit'], 'true');
    assert.equal(again.outputs['source-url'], '', 'nothing was downloaded');
    assert.equal(again.outputs.kernel, o.kernel);
    assert.equal(server.count('/images/'), 1);
    assert.match(again.summary, /output dir \(already there\)/);
  });

  test('a bad input fails the step with exit code 1, naming the input, without a stack trace', async () => {
    const fetched = server.count('/registry/');
    const r = await runAction({
      runnerTemp: scratch(),
      inputs: { image: 'qemu_aarch64_linux', registry, 'fallback-registry': 'none', retries: 'abc' },
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error::input 'retries': 'abc' is not a whole number from 0 to 20$/m);
    const all = r.stdout + r.stderr;
    assert.doesNotMatch(all, /^\s+at /m);
    assert.doesNotMatch(all, /UserError|\.ts:\d+|index\.js:\d+/);
    assert.deepEqual(r.outputs, {});
    // Inputs are checked before anything is fetched.
    assert.equal(server.count('/registry/'), fetched);
  });

  test('an unknown image fails naming the closest names', async () => {
    const r = await runAction({
      runnerTemp: scratch(),
      inputs: {
        image: 'qemu_aarch64_linx',
        registry,
        'fallback-registry': 'none',
        'output-dir': join(scratch(), 'images'),
      },
    });
    assert.equal(r.code, 1);
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::'));
    assert.ok(error, r.stdout);
    assert.match(error, /no image named 'qemu_aarch64_linx'/);
    assert.match(error, /closest names: qemu_aarch64_linux/);
    assert.match(error, /architectures available: aarch64, x86_64/);
    assert.doesNotMatch(r.stdout + r.stderr, /^\s+at /m);
    // The job summary says why there is no image table.
    assert.match(r.summary, /^\*\*Failed:\*\* input 'image': no image named 'qemu_aarch64_linx'/m);
  });
});
