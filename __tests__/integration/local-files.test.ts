// Local files only where the user put them: a registry read over http(s) may not name file://
// URLs (refused from the URL alone, saying nothing about the file), and a local registry or
// image must be a regular file, so a FIFO or a device cannot hang or flood a pull.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { selectImage } from '../../src/registry/select.js';
import { pullImage } from '../../src/pull/pull.js';
import { loadRegistry } from '../../src/registry/load.js';
import { registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { entry, FAST_RETRY, inputs } from '../support/registry-fixtures.js';

const HEX = (c: string): string => c.repeat(64);
const EXISTING = 'file:///etc/passwd';
const MISSING = 'file:///nonexistent-axi-dir/passwd';

describe('a registry read over http(s)', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());

  /** Loads a served registry whose image url and include are `target`, and reports what it says. */
  async function refusals(target: string) {
    const path = `/local-${target.length}.toml`;
    server.set(
      path,
      registryToml([{ name: 'local', version: '1', sha256: HEX('a'), url: target }], [target]),
    );
    const url = `${server.url}${path}`;
    const log = new MemoryLog();
    const reg = await loadRegistry({ registries: [url], retry: FAST_RETRY, log });
    let selectError = '';
    try {
      selectImage(reg, { name: 'local' }, { log });
    } catch (err) {
      selectError = (err as Error).message;
    }
    return { url, reg, log, selectError };
  }

  test('may not name a local file as an image url or include: refused with the URL and line', async () => {
    const r = await refusals(EXISTING);
    assert.deepEqual(r.reg.images, []);
    // Lines: [[includes]] at 1, [[images]] at 4, its url at 10.
    assert.deepEqual(r.reg.invalid, [
      {
        name: 'local',
        where: `${r.url}:4`,
        problem: `registry ${r.url}:10: refusing URL '${EXISTING}': a registry read over http(s) may name only http(s) URLs, not local files`,
      },
    ]);
    assert.deepEqual(r.reg.failedIncludes, [
      {
        url: EXISTING,
        error: `registry ${r.url}:1: refusing URL '${EXISTING}': a registry read over http(s) may name only http(s) URLs, not local files`,
      },
    ]);
    assert.ok(r.selectError.includes(`the entry for it at ${r.url}:4 (local:1) is invalid`), r.selectError);
    assert.ok(r.selectError.includes('may name only http(s) URLs, not local files'), r.selectError);
    assert.ok(
      r.log.warnings.some((w) => w.startsWith(`included registry ${EXISTING} could not be read`)),
      r.log.warnings.join('\n'),
    );
  });

  test('says the same for a path that exists and one that does not', async () => {
    const a = await refusals(EXISTING);
    const b = await refusals(MISSING);
    const same = (s: string, target: string, url: string): string =>
      s.replaceAll(target, 'X').replaceAll(url, 'R');
    assert.equal(same(a.selectError, EXISTING, a.url), same(b.selectError, MISSING, b.url));
    assert.deepEqual(
      a.log.lines.map((l) => same(l.message, EXISTING, a.url)),
      b.log.lines.map((l) => same(l.message, MISSING, b.url)),
    );
    for (const text of [a.selectError, ...a.log.lines.map((l) => l.message)]) {
      assert.doesNotMatch(text, /root:|ENOENT|regular file|bytes|sha256 [0-9a-f]/);
    }
  });

  test('a pull of such an image fails at selection, naming the reason', async () => {
    const target = pathToFileURL(join(tempDir(), 'never-read.tar.gz')).href;
    server.set(
      '/pull-local.toml',
      registryToml([{ name: 'l', version: '1', sha256: HEX('b'), url: target }]),
    );
    const out = tempDir();
    try {
      await assert.rejects(
        runPull(inputs({ image: 'l', registry: `${server.url}/pull-local.toml`, 'output-dir': out }), {
          log: new MemoryLog(),
          retry: FAST_RETRY,
        }),
        (err: Error) =>
          err instanceof UserError &&
          err.message.includes(`the entry for it at ${server.url}/pull-local.toml:1 (l:1) is invalid`) &&
          err.message.includes('may name only http(s) URLs, not local files'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a local registry still names local files and includes', async () => {
    const dir = tempDir();
    try {
      writeFileSync(
        join(dir, 'inc.toml'),
        registryToml([{ name: 'inc', version: '1', sha256: HEX('c'), url: 'inc.tar.gz' }]),
      );
      writeFileSync(
        join(dir, 'root.toml'),
        registryToml([{ name: 'root', version: '1', sha256: HEX('d'), url: EXISTING }], ['inc.toml']),
      );
      const reg = await loadRegistry({
        registries: [join(dir, 'root.toml')],
        retry: FAST_RETRY,
        log: new MemoryLog(),
      });
      assert.deepEqual(
        reg.images.map((i) => i.url).sort(),
        [EXISTING, pathToFileURL(join(dir, 'inc.tar.gz')).href].sort(),
      );
      assert.deepEqual(reg.failedIncludes, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('only regular files are read', () => {
  const dir = tempDir();
  const fifo = join(dir, 'fifo');
  const made = spawnSync('mkfifo', [fifo]);
  const noFifo = made.status !== 0 ? `mkfifo is not available: ${made.error?.message ?? made.stderr}` : '';
  const noZero = existsSync('/dev/zero') ? '' : 'no /dev/zero on this system';
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a local registry including a FIFO and /dev/zero: both refused, the rest served', async (t) => {
    if (noFifo || noZero) return t.skip(noFifo || noZero);
    const root = join(dir, 'root.toml');
    writeFileSync(
      root,
      registryToml(
        [{ name: 'r', version: '1', sha256: HEX('e'), url: 'r.tar.gz' }],
        ['fifo', 'file:///dev/zero'],
      ),
    );
    // A read that blocked on the FIFO or streamed /dev/zero would never settle.
    const reg = await loadRegistry({ registries: [root], retry: FAST_RETRY, log: new MemoryLog() });
    assert.deepEqual(
      reg.images.map((i) => i.name),
      ['r'],
    );
    assert.deepEqual(reg.failedIncludes, [
      {
        url: pathToFileURL(fifo).href,
        error: `registry ${pathToFileURL(fifo).href}: ${fifo} is not a regular file`,
      },
      { url: 'file:///dev/zero', error: 'registry file:///dev/zero: /dev/zero is not a regular file' },
    ]);
  });

  test('a FIFO given as the registry is refused', async (t) => {
    if (noFifo) return t.skip(noFifo);
    await assert.rejects(
      loadRegistry({ registries: [fifo], retry: FAST_RETRY, log: new MemoryLog() }),
      (err: Error) =>
        err instanceof UserError &&
        err.message ===
          `no image registry could be read: ${pathToFileURL(fifo).href}: registry ${pathToFileURL(fifo).href}: ${fifo} is not a regular file`,
    );
  });

  for (const which of ['fifo', '/dev/zero'] as const) {
    test(`an image file:// URL naming ${which} is refused`, async (t) => {
      if (which === 'fifo' ? noFifo : noZero) return t.skip(noFifo || noZero);
      const path = which === 'fifo' ? fifo : which;
      const out = tempDir();
      try {
        await assert.rejects(
          pullImage({
            entry: entry({
              name: 'f',
              version: '1',
              sha256: sha256(Buffer.alloc(0)),
              url: pathToFileURL(path).href,
              source: 'reg.toml:3',
            }),
            spec: { name: 'f' },
            outputDir: out,
            extract: false,
            retry: FAST_RETRY,
            log: new MemoryLog(),
            maxBytes: 1024 * 1024,
          }),
          (err: Error) =>
            err instanceof UserError &&
            err.message === `image f:1: ${path} (from reg.toml:3) is not a regular file`,
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  test('an image file:// URL over max-size is refused before it is read', async () => {
    const big = join(dir, 'big.tar.gz');
    writeFileSync(big, Buffer.alloc(4096));
    const out = tempDir();
    try {
      await assert.rejects(
        pullImage({
          entry: entry({
            name: 'b',
            version: '1',
            sha256: sha256(Buffer.alloc(4096)),
            url: pathToFileURL(big).href,
            source: 'reg.toml:3',
          }),
          spec: { name: 'b' },
          outputDir: out,
          extract: false,
          retry: FAST_RETRY,
          log: new MemoryLog(),
          maxBytes: 1000,
        }),
        (err: Error) =>
          err.message === `image b:1: ${big} (from reg.toml:3) is 4096 bytes, over the 1000-byte limit`,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
