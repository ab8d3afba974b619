import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { StreamExtractor } from '../../src/unpack/extract.js';
import { pullImage, type PullResult } from '../../src/pull/pull.js';
import { makeArchive, makeHostileTar, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

let server: FileServer;
const roots: string[] = [];
before(async () => {
  server = await startFileServer();
});
after(async () => {
  await server.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A scratch dir holding the output dir, so that anything written beside the output dir shows. */
function scratch(): { root: string; out: string } {
  const root = tempDir();
  roots.push(root);
  return { root, out: join(root, 'out') };
}

/** Serves `bytes` at `path` and pulls them as image `name` into `out`. */
async function pull(
  path: string,
  bytes: Buffer,
  out: string,
  opts: { log?: MemoryLog; maxBytes?: number; name?: string } = {},
): Promise<PullResult> {
  server.set(path, bytes);
  const name = opts.name ?? 'img';
  return pullImage({
    entry: entry({ name, version: '1', sha256: sha256(bytes), url: `${server.url}${path}` }),
    spec: { name },
    outputDir: out,
    extract: true,
    retry: FAST_RETRY,
    log: opts.log ?? new MemoryLog(),
    maxBytes: opts.maxBytes,
  });
}

const FILES = {
  'qemu-aarch64': randomBytes(32 * 1024),
  'rootfs.img': Buffer.alloc(64 * 1024, 7),
  'nested/dir/config.txt': 'console=ttyS0\n',
};

describe('formats', () => {
  for (const [compression, ext] of [
    ['gzip', '.tar.gz'],
    ['xz', '.tar.xz'],
    ['zstd', '.tar.zst'],
    ['none', '.tar'],
  ] as const) {
    test(`${ext} extracts, and the archive keeps the URL's extension`, async () => {
      const { out } = scratch();
      const bytes = await makeArchive(FILES, compression);
      const r = await pull(`/fmt/img${ext}`, bytes, out);
      assert.equal(r.path, join(out, 'img'));
      assert.equal(r.archive, join(out, `img${ext}`));
      assert.deepEqual(r.files.files, ['nested/dir/config.txt', 'qemu-aarch64', 'rootfs.img']);
      for (const [rel, content] of Object.entries(FILES)) {
        assert.ok(readFileSync(join(r.path, rel)).equals(Buffer.from(content)), rel);
      }
      // The marker records which archive this tree came from.
      assert.equal(readFileSync(join(r.path, '.archive.sha256'), 'utf8').trim(), sha256(bytes));
      assert.deepEqual(readdirSync(out).sort(), ['img', `img${ext}`]);
    });
  }

  test('a mislabelled URL extension still extracts, by the magic number', async () => {
    const { out } = scratch();
    const zstd = await makeArchive(FILES, 'zstd');
    const r = await pull('/mislabelled/img.tar.gz', zstd, out);
    assert.equal(r.archive, join(out, 'img.tar.gz'));
    assert.equal(r.files.kernel, 'qemu-aarch64');
    const xzAsTar = await makeArchive(FILES, 'xz');
    const r2 = await pull('/mislabelled/img2.tar', xzAsTar, out, { name: 'img2' });
    assert.equal(r2.files.rootfs, 'rootfs.img');
  });

  test('links inside the image are kept', async () => {
    const { out } = scratch();
    const bytes = makeHostileTar(
      'mkdir img && echo k > img/kernel && ln -s kernel img/qemu-aarch64 && mkdir img/sub && ln -s ../kernel img/sub/k && ln img/kernel img/hard && tar -C img -cf out.tar .',
    );
    const r = await pull('/links/img.tar', bytes, out);
    assert.equal(readlinkSync(join(r.path, 'qemu-aarch64')), 'kernel');
    assert.equal(readFileSync(join(r.path, 'sub/k'), 'utf8'), 'k\n');
    assert.equal(lstatSync(join(r.path, 'hard')).nlink, 2);
    assert.equal(r.files.kernel, 'qemu-aarch64');
  });

  test('a FIFO entry is skipped with a warning naming it; the rest extracts', async () => {
    const { out } = scratch();
    const bytes = makeHostileTar('echo hi > f && mkfifo pipe && tar -cf out.tar f pipe');
    const log = new MemoryLog();
    const r = await pull('/fifo/img.tar', bytes, out, { log });
    assert.deepEqual(r.files.files, ['f']);
    assert.equal(existsSync(join(r.path, 'pipe')), false);
    const warning = log.warnings.find((w) => w.includes('skipped 1 device or special entries'));
    assert.ok(warning, log.warnings.join('\n'));
    assert.match(warning, /: pipe$/);
  });
});

describe('hostile archives are refused and leave nothing', () => {
  const rand = Math.random().toString(36).slice(2, 10);
  const outsideAbs = `/tmp/evil-${rand}`;
  after(() => rmSync(outsideAbs, { force: true }));

  // Each recipe builds out.tar with GNU tar; `entry` is the name the refusal must give.
  const cases: { what: string; recipe: string; entry: string; outside: (root: string) => string[] }[] = [
    {
      what: '../ path',
      recipe: 'mkdir d && echo evil > evil && cd d && tar -P -cf ../out.tar ../evil',
      entry: '../evil',
      outside: (root) => [join(root, 'evil'), join(root, 'out', 'evil')],
    },
    {
      what: 'absolute path',
      recipe: `echo evil > ${outsideAbs} && tar -P -cf out.tar ${outsideAbs} && rm ${outsideAbs}`,
      entry: outsideAbs,
      outside: () => [outsideAbs],
    },
    {
      what: 'symlink to an absolute path',
      recipe: 'echo ok > a && ln -s /etc x && tar -cf out.tar a x',
      entry: 'x',
      outside: (root) => [join(root, 'out', 'x'), join(root, 'x')],
    },
    {
      what: 'symlink climbing out',
      recipe: 'mkdir sub && ln -s ../../x sub/y && echo ok > a && tar -cf out.tar a sub',
      entry: 'sub/y',
      outside: (root) => [join(root, 'x'), join(root, 'out', 'sub')],
    },
    {
      what: 'hard link to outside',
      recipe: "echo evil > f && ln f h && tar -P --transform 's,^f$,../outside,RSh' -cf out.tar f h",
      entry: 'h',
      outside: (root) => [join(root, 'outside'), join(root, 'out', 'outside'), join(root, 'out', 'h')],
    },
  ];

  for (const c of cases) {
    for (const gzip of [false, true]) {
      test(`${c.what}${gzip ? ' (gzip)' : ''}`, async () => {
        const { root, out } = scratch();
        const tar = makeHostileTar(c.recipe);
        const bytes = gzip ? gzipSync(tar) : tar;
        const err = await pull(
          `/hostile/${rand}-${cases.indexOf(c)}${gzip ? '.tar.gz' : '.tar'}`,
          bytes,
          out,
        ).catch((e: unknown) => e);
        assert.ok(err instanceof UserError, String(err));
        assert.equal(err.message.split(': ')[0], 'img:1');
        assert.ok(err.message.includes(`refusing unsafe archive entry '${c.entry}'`), err.message);
        for (const p of c.outside(root)) assert.equal(existsSync(p), false, `${p} was written`);
        // No temp dir, no target dir, and no archive the next tool could unpack less carefully.
        assert.deepEqual(readdirSync(out), []);
        assert.deepEqual(readdirSync(root), ['out']);
      });
    }
  }

  test('an archive that unpacks past max-size stops with an error naming the input', async () => {
    const { out } = scratch();
    const bytes = await makeArchive({ a: Buffer.alloc(40_000), b: Buffer.alloc(40_000) });
    const err = await pull('/bomb/img.tar.gz', bytes, out, { maxBytes: 50_000 }).catch((e: unknown) => e);
    assert.ok(err instanceof UserError, String(err));
    assert.match(err.message, /unpacks to more than 50000 bytes; stopped/);
    assert.deepEqual(readdirSync(out), []);
  });
});

describe('a failing extraction ends, never hangs', () => {
  // Each of these used to wait forever for a 'drain' that a dead pipeline never sends; the
  // timeout turns a hang into a failure.

  /** Writes `bytes` in 64 KiB pieces, as a socket delivers them, until a write fails. */
  async function feed(ex: StreamExtractor, bytes: Buffer, pauseMs = 0): Promise<unknown> {
    for (let i = 0; i < bytes.length; i += 64 * 1024) {
      const err = await ex.write(bytes.subarray(i, i + 64 * 1024)).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (err) return err;
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
    return undefined;
  }

  const bigHostile = () =>
    gzipSync(
      makeHostileTar(
        'mkdir d && echo evil > evil && head -c 6000000 /dev/urandom | base64 > big && cd d && tar -P -cf ../out.tar ../evil ../big',
      ),
    );

  test('a refused entry followed by megabytes of data', { timeout: 20_000 }, async () => {
    const { out } = scratch();
    const ex = await StreamExtractor.create(join(out, 'img'), { log: new MemoryLog(), label: 'img:1' });
    const err = await feed(ex, bigHostile());
    assert.ok(err instanceof UserError, String(err));
    assert.match(err.message, /^img:1: refusing unsafe archive entry '\.\.\/evil'/);
    await assert.rejects(ex.finish(), /refusing unsafe archive entry/);
    await ex.abort();
    assert.deepEqual(readdirSync(out), []);
  });

  test('bad compressed data noticed between two writes', { timeout: 20_000 }, async () => {
    const { out } = scratch();
    // A gzip header, then deflate blocks of the reserved type: zlib fails on the first block.
    const header = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
    const bytes = Buffer.concat([header, Buffer.alloc(2 * 1024 * 1024, 0xff)]);
    const ex = await StreamExtractor.create(join(out, 'img'), { log: new MemoryLog(), label: 'img:1' });
    // The pause lets zlib fail while nothing is waiting on it; the next write finds it dead.
    const err = await feed(ex, bytes, 20);
    assert.ok(err instanceof UserError, String(err));
    await assert.rejects(ex.finish(), /^UserError: img:1: the archive is not valid compressed data/);
    await ex.abort();
    assert.deepEqual(readdirSync(out), []);
  });

  test('a pull of such an archive fails and leaves nothing', { timeout: 20_000 }, async () => {
    const { root, out } = scratch();
    const err = await pull('/hang/refused.tar.gz', bigHostile(), out).catch((e: unknown) => e);
    assert.ok(err instanceof UserError, String(err));
    assert.match(err.message, /refusing unsafe archive entry '\.\.\/evil'/);
    assert.deepEqual(readdirSync(out), []);
    assert.deepEqual(readdirSync(root), ['out']);
  });
});
