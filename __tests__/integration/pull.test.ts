import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage, type PullRequest } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { readSnapshot } from '../../src/registry/snapshot.js';
import { STORE_DIR } from '../../src/storage/layout.js';
import { makeArchive, registryToml, sha256, scratchDirs } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { entry, FAST_RETRY, inputs } from '../support/registry-fixtures.js';

let server: FileServer;
let archive: Buffer;
let digest: string;
const { scratch, removeAll } = scratchDirs();

before(async () => {
  server = await startFileServer();
  archive = await makeArchive({
    'qemu-aarch64': Buffer.alloc(48 * 1024, 1),
    'rootfs.img': Buffer.alloc(16 * 1024, 2),
    'axvm-bios.bin': 'bios',
  });
  digest = sha256(archive);
});
after(async () => {
  await server.close();
  removeAll();
});

/**
 * A pull of `path` on the test server as image `guest` (version 0.0.25), latest or pinned; the
 * bytes served are `archive` unless the test brings its own.
 */
function request(
  path: string,
  extra: Partial<PullRequest> & { pinned?: boolean; bytes?: Buffer } = {},
): PullRequest {
  const { pinned, bytes = archive, ...rest } = extra;
  server.set(path, bytes);
  return {
    entry: entry({ name: 'guest', version: '0.0.25', sha256: sha256(bytes), url: `${server.url}${path}` }),
    spec: pinned ? { name: 'guest', version: '0.0.25' } : { name: 'guest' },
    outputDir: scratch(),
    extract: true,
    retry: FAST_RETRY,
    log: new MemoryLog(),
    ...rest,
  };
}

describe('the output dir', () => {
  test('a second pull into the same dir downloads nothing', async () => {
    const req = request('/again/guest.tar.gz');
    const first = await pullImage(req);
    assert.equal(first.source, 'download');
    assert.equal(first.cacheHit, false);
    assert.equal(server.count('/again/'), 1);

    const log = new MemoryLog();
    const second = await pullImage({ ...req, log });
    assert.equal(second.source, 'local');
    assert.equal(second.cacheHit, true);
    assert.equal(server.count('/again/'), 1);
    assert.equal(second.path, first.path);
    assert.deepEqual(second.files, first.files);
    assert.ok(log.infos.some((l) => l.includes('is as extracted')));
  });

  test('archive present, extracted dir deleted: extracts from the archive without downloading', async () => {
    const req = request('/reextract/guest.tar.gz');
    const first = await pullImage(req);
    rmSync(first.path, { recursive: true });
    const second = await pullImage({ ...req, log: new MemoryLog() });
    assert.equal(second.source, 'local');
    assert.equal(second.cacheHit, true);
    assert.equal(server.count('/reextract/'), 1);
    assert.equal(readFileSync(join(second.path, 'axvm-bios.bin'), 'utf8'), 'bios');
    assert.equal(readFileSync(join(second.path, '.archive.sha256'), 'utf8').trim(), digest);
  });

  test('an extracted dir from other bytes (marker differs) is replaced', async () => {
    const req = request('/stale/guest.tar.gz');
    const first = await pullImage(req);
    writeFileSync(join(first.path, '.archive.sha256'), `${'0'.repeat(64)}\n`);
    writeFileSync(join(first.path, 'leftover'), 'from the old image');
    rmSync(first.archive);
    const second = await pullImage({ ...req, log: new MemoryLog() });
    assert.equal(second.source, 'download');
    assert.equal(existsSync(join(second.path, 'leftover')), false);
    assert.deepEqual(readdirSync(req.outputDir).sort(), ['guest', 'guest.tar.gz']);
  });

  for (const where of ['early', 'late'] as const) {
    test(`a corrupted archive in the output dir (${where} byte) is downloaded again, with a warning`, async () => {
      // Several read chunks of Huffman-coded data, so a flipped byte early on breaks
      // decompression while most of the file is still unread.
      const big = await makeArchive({
        'qemu-aarch64': randomBytes(3 * 1024 * 1024).toString('base64'),
        'rootfs.img': 'r',
      });
      const req = request(`/corrupt-${where}/guest.tar.gz`, { bytes: big });
      const first = await pullImage(req);
      rmSync(first.path, { recursive: true });
      const bad = readFileSync(first.archive);
      bad[where === 'early' ? 100 : bad.length - 20]! ^= 0xff;
      writeFileSync(first.archive, bad);

      const log = new MemoryLog();
      const second = await pullImage({ ...req, log });
      assert.equal(second.source, 'download');
      assert.equal(server.count(`/corrupt-${where}/`), 2);
      assert.ok(
        log.warnings.some((w) => w.includes(`${first.archive} does not match the registry's digest`)),
        log.warnings.join('\n'),
      );
      assert.equal(sha256(readFileSync(second.archive)), sha256(big));
      assert.equal(second.files.kernel, 'qemu-aarch64');
      assert.deepEqual(readdirSync(req.outputDir).sort(), ['guest', 'guest.tar.gz']);
    });
  }

  test('extract: false — the path is the archive and no dir is made', async () => {
    const req = request('/noextract/guest.tar.xz', { extract: false });
    const r = await pullImage(req);
    assert.equal(r.path, join(req.outputDir, 'guest.tar.xz'));
    assert.equal(r.archive, r.path);
    assert.deepEqual(r.files, { files: [] });
    assert.deepEqual(readdirSync(req.outputDir), ['guest.tar.xz']);
    const again = await pullImage({ ...req, log: new MemoryLog() });
    assert.equal(again.source, 'local');
    assert.equal(server.count('/noextract/'), 1);
  });

  test('naming: <name> for the latest, <name>-<version> when the spec pins one', async () => {
    const latest = request('/naming/guest.tar.gz');
    const r1 = await pullImage(latest);
    assert.equal(r1.archive, join(latest.outputDir, 'guest.tar.gz'));
    assert.equal(r1.path, join(latest.outputDir, 'guest'));

    const pinned = request('/naming/guest.tar.gz', { pinned: true, outputDir: latest.outputDir });
    const r2 = await pullImage(pinned);
    assert.equal(r2.archive, join(latest.outputDir, 'guest-0.0.25.tar.gz'));
    assert.equal(r2.path, join(latest.outputDir, 'guest-0.0.25'));
    assert.deepEqual(readdirSync(latest.outputDir).sort(), [
      'guest',
      'guest-0.0.25',
      'guest-0.0.25.tar.gz',
      'guest.tar.gz',
    ]);
  });

  test("files of the user's that look like temp files are left alone, and nothing of the pull's stays", async () => {
    const req = request('/stale-temps/guest.tar.gz');
    // Named as earlier versions named their temp files, with the pid of a dead process: a name
    // says nothing about who wrote the file, so the store leaves them be.
    const dead = 4194305;
    const theirs = [`guest.tar.gz.${dead}-abc123.part`, `.guest.partial-${dead}-abc123`, 'notes.part'];
    for (const name of theirs) writeFileSync(join(req.outputDir, name), 'mine');
    const log = new MemoryLog();
    await pullImage({ ...req, log });
    assert.deepEqual(readdirSync(req.outputDir).sort(), ['guest', 'guest.tar.gz', ...theirs].sort());
    for (const name of theirs) assert.equal(readFileSync(join(req.outputDir, name), 'utf8'), 'mine');
  });
});

describe('beside cargo xtask image', () => {
  test('an archive axbuild 0.4.2 left as <name>.tar.gz for a .tar.xz URL is verified and used: no download, and it is not renamed', async () => {
    const req = request('/rust042/guest.tar.xz');
    const rust = join(req.outputDir, 'guest.tar.gz');
    writeFileSync(rust, archive);
    const log = new MemoryLog();
    const r = await pullImage({ ...req, log });
    assert.equal(r.source, 'local');
    assert.equal(server.count('/rust042/'), 0);
    assert.equal(r.archive, rust);
    assert.deepEqual(readdirSync(req.outputDir).sort(), ['guest', 'guest.tar.gz']);
    assert.ok(log.infos.includes(`output dir: ${rust} verified`), log.infos.join('\n'));
    // The next pull trusts the tree and that very archive without hashing or fetching.
    const again = await pullImage({ ...req, log: new MemoryLog() });
    assert.equal(again.source, 'local');
    assert.equal(again.archive, rust);
  });

  test("the other tool's archive that does not match is left alone, and ours is written beside it", async () => {
    const req = request('/rust042-other/guest.tar.xz');
    const rust = join(req.outputDir, 'guest.tar.gz');
    writeFileSync(rust, 'another version, as the other tool resolved it');
    const log = new MemoryLog();
    const r = await pullImage({ ...req, log });
    assert.equal(r.source, 'download');
    assert.equal(r.archive, join(req.outputDir, 'guest.tar.xz'));
    assert.equal(readFileSync(rust, 'utf8'), 'another version, as the other tool resolved it');
    assert.ok(
      log.warnings.includes(`output dir: ${rust} does not match the registry's digest; not using it`),
      log.warnings.join('\n'),
    );
  });
});

describe('the tool cache', () => {
  test('a new output dir with the same tool cache is served from it, without a request', async () => {
    const toolCache = new ToolCache(scratch());
    const first = await pullImage(request('/tc/guest.tar.gz', { toolCache }));
    assert.equal(first.source, 'download');
    const entryPath = await toolCache.find(digest);
    assert.equal(entryPath, join(toolCache.root, digest, 'archive.tar.gz'));
    assert.equal(sha256(readFileSync(entryPath!)), digest);

    const log = new MemoryLog();
    const second = await pullImage(request('/tc/guest.tar.gz', { toolCache, log }));
    assert.equal(second.source, 'tool-cache');
    assert.equal(second.cacheHit, true);
    assert.equal(server.count('/tc/'), 1);
    // The archive is copied into the new output dir too, as the Rust tool expects it there.
    assert.equal(sha256(readFileSync(second.archive)), digest);
    assert.equal(second.files.rootfs, 'rootfs.img');
    assert.ok(log.infos.some((l) => l.startsWith('tool cache: hit')));
  });

  test('a tampered tool-cache entry is evicted with a warning and downloaded again', async () => {
    const toolCache = new ToolCache(scratch());
    await pullImage(request('/tc-bad/guest.tar.gz', { toolCache }));
    const cached = (await toolCache.find(digest))!;
    const bytes = readFileSync(cached);
    bytes[50]! ^= 0xff;
    writeFileSync(cached, bytes);

    const log = new MemoryLog();
    const req = request('/tc-bad/guest.tar.gz', { toolCache, log });
    const r = await pullImage(req);
    assert.equal(r.source, 'download');
    assert.equal(server.count('/tc-bad/'), 2);
    assert.ok(
      log.warnings.some((w) => w.includes(`tool cache: ${cached} does not match its digest; removing it`)),
      log.warnings.join('\n'),
    );
    // The fresh download took the evicted entry's place.
    assert.equal(sha256(readFileSync((await toolCache.find(digest))!)), digest);
    assert.deepEqual(readdirSync(toolCache.root), [digest]);
    assert.deepEqual(readdirSync(req.outputDir).sort(), ['guest', 'guest.tar.gz']);
  });
});

describe('runPull', () => {
  test("saves the documents it read for this registry input; images.toml stays the Rust tool's", async () => {
    const other = await makeArchive({ Image: 'k' }, 'zstd');
    server.set('/run/reg/guest.tar.gz', archive);
    server.set('/run/reg/other.tar.zst', other);
    server.set(
      '/run/reg/root.toml',
      registryToml(
        [
          {
            name: 'guest',
            version: '0.0.24',
            sha256: digest,
            url: 'guest.tar.gz',
            released_at: '2026-04-01T06:48:32Z',
          },
        ],
        ['inc.toml'],
      ),
    );
    server.set(
      '/run/reg/inc.toml',
      registryToml([
        {
          name: 'guest',
          version: '0.0.25',
          sha256: digest,
          url: 'guest.tar.gz',
          released_at: '2026-04-03T01:28:26Z',
        },
        { name: 'other', version: '1', sha256: sha256(other), url: 'other.tar.zst', arch: 'x86_64' },
      ]),
    );
    const out = scratch();
    const started = Math.floor(Date.now() / 1000);
    const result = await runPull(
      inputs({ image: 'guest\nother:1', registry: `${server.url}/run/reg/root.toml`, 'output-dir': out }),
      { log: new MemoryLog(), retry: FAST_RETRY },
    );
    assert.equal(result.outputs.version, '0.0.25');
    assert.equal(result.outputs.kernel, join(out, 'guest', 'qemu-aarch64'));
    assert.equal(result.outputs['registry-source'], `${server.url}/run/reg/root.toml (registry)`);
    const all = JSON.parse(result.outputs.images!) as { name: string; path: string; files: string[] }[];
    assert.deepEqual(
      all.map((i) => [i.name, i.path]),
      [
        ['guest', join(out, 'guest')],
        ['other', join(out, 'other-1')],
      ],
    );
    assert.deepEqual(all[1]?.files, ['Image']);

    assert.deepEqual(readdirSync(out).sort(), [
      STORE_DIR,
      'guest',
      'guest.tar.gz',
      'other-1',
      'other-1.tar.zst',
    ]);
    // Read back as a later offline run would: both documents, as they were served.
    const registry = `${server.url}/run/reg/root.toml`;
    const snap = await readSnapshot(out, { registries: [registry] }, new MemoryLog());
    assert.ok(snap);
    assert.deepEqual([...snap.documents.keys()].sort(), [`${server.url}/run/reg/inc.toml`, registry]);
    assert.equal(snap.documents.get(registry)?.text, server.files.get('/run/reg/root.toml')?.body.toString());
    assert.ok(
      snap.savedAt !== undefined && snap.savedAt >= started && snap.savedAt <= Math.ceil(Date.now() / 1000),
    );
  });

  test('the tool cache through runPull: RUNNER_TOOL_CACHE shared, output dirs not', async () => {
    server.set('/run2/guest.tar.gz', archive);
    server.set(
      '/run2/reg.toml',
      registryToml([{ name: 'guest', version: '1', sha256: digest, url: 'guest.tar.gz' }]),
    );
    const toolCacheDir = scratch();
    const run = (out: string) =>
      runPull(inputs({ image: 'guest', registry: `${server.url}/run2/reg.toml`, 'output-dir': out }), {
        log: new MemoryLog(),
        retry: FAST_RETRY,
        toolCacheDir,
      });
    const a = await run(scratch());
    assert.equal(a.outputs.source, 'download');
    assert.equal(a.outputs['cache-hit'], 'false');
    const b = await run(scratch());
    assert.equal(b.outputs.source, 'tool-cache');
    assert.equal(b.outputs['cache-hit'], 'true');
    assert.equal(server.count('/run2/guest.tar.gz'), 1);

    // tool-cache: false leaves it alone.
    const c = await runPull(
      inputs({
        image: 'guest',
        registry: `${server.url}/run2/reg.toml`,
        'output-dir': scratch(),
        'tool-cache': 'false',
      }),
      { log: new MemoryLog(), retry: FAST_RETRY, toolCacheDir },
    );
    assert.equal(c.outputs.source, 'download');
    assert.equal(server.count('/run2/guest.tar.gz'), 2);
  });

  test('a typo in the second image fails before anything downloads', async () => {
    server.set('/run3/guest.tar.gz', archive);
    server.set(
      '/run3/reg.toml',
      registryToml([{ name: 'guest', version: '1', sha256: digest, url: 'guest.tar.gz' }]),
    );
    const out = scratch();
    await assert.rejects(
      runPull(inputs({ image: 'guest\ngest', registry: `${server.url}/run3/reg.toml`, 'output-dir': out }), {
        log: new MemoryLog(),
        retry: FAST_RETRY,
      }),
      /no image named 'gest'.*closest names: guest/,
    );
    assert.equal(server.count('/run3/guest.tar.gz'), 0);
  });
});
