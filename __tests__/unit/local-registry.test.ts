import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { ChecksumError } from '../../src/core/errors.js';
import { STORE_DIR } from '../../src/storage/layout.js';
import { MemoryLog } from '../support/memory-log.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

// A registry kept beside its images on disk: relative image URLs resolve to file:// URLs, and
// those files are verified exactly as downloads are.
const root = tempDir('axi-local-reg-');
after(() => rmSync(root, { recursive: true, force: true }));

async function publish(dir: string, files: Record<string, string>, digestOf?: Buffer): Promise<string> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  const archive = await makeArchive(files);
  writeFileSync(join(dir, 'images', 'guest.tar.gz'), archive);
  const toml = registryToml([
    {
      name: 'local_guest',
      version: '1.0.0',
      sha256: sha256(digestOf ?? archive),
      url: 'images/guest.tar.gz',
    },
  ]);
  writeFileSync(join(dir, 'registry.toml'), toml);
  return join(dir, 'registry.toml');
}

test('an image next to a local registry is copied, verified and extracted', async () => {
  const dir = join(root, 'ok');
  const registry = await publish(dir, { 'qemu-aarch64': 'kernel', 'rootfs.img': 'rootfs' });
  const out = join(root, 'ok-out');
  const log = new MemoryLog();
  const result = await runPull(
    inputs({ image: 'local_guest', registry, 'output-dir': out, cache: 'false' }),
    {
      log,
      retry: FAST_RETRY,
    },
  );
  assert.equal(result.outputs.source, 'download');
  assert.equal(readFileSync(join(out, 'local_guest', 'qemu-aarch64'), 'utf8'), 'kernel');
  assert.equal(result.outputs.kernel, join(out, 'local_guest', 'qemu-aarch64'));
  assert.ok(existsSync(join(out, 'local_guest.tar.gz')), 'the archive is kept in the output dir');
  // The source file is read, never moved.
  assert.ok(existsSync(join(dir, 'images', 'guest.tar.gz')));
});

test('a local image file that does not match its digest fails and leaves nothing', async () => {
  const dir = join(root, 'bad');
  const registry = await publish(dir, { 'qemu-aarch64': 'kernel' }, Buffer.from('other bytes'));
  const out = join(root, 'bad-out');
  await assert.rejects(
    runPull(inputs({ image: 'local_guest', registry, 'output-dir': out, cache: 'false' }), {
      log: new MemoryLog(),
      retry: FAST_RETRY,
    }),
    (err: unknown) => err instanceof ChecksumError && /images\/guest\.tar\.gz/.test(err.message),
  );
  assert.deepEqual(
    readdirSync(out).filter((n) => n !== STORE_DIR),
    [],
  );
});

test('a missing local image file is an error naming the registry line', async () => {
  const dir = join(root, 'missing');
  const registry = await publish(dir, { 'qemu-aarch64': 'kernel' });
  rmSync(join(dir, 'images', 'guest.tar.gz'));
  await assert.rejects(
    runPull(
      inputs({ image: 'local_guest', registry, 'output-dir': join(root, 'missing-out'), cache: 'false' }),
      {
        log: new MemoryLog(),
        retry: FAST_RETRY,
      },
    ),
    /guest\.tar\.gz .*registry\.toml:\d+.* is not a readable file/,
  );
});
