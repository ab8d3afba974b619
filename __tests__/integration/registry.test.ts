import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { runPull } from '../../src/action/commands.js';
import { registrySource } from '../../src/ops/registry.js';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { selectImage } from '../../src/registry/select.js';
import { loadRegistry, RUST_NOTE, type LoadedRegistry, type LoadOptions } from '../../src/registry/load.js';
import { snapshotPath, writeSnapshot } from '../../src/registry/snapshot.js';
import type { ImageSpec } from '../../src/registry/spec.js';
import { registryToml, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { FAST_RETRY, inputs, serveFixtureRegistry, withoutRustNotes } from '../support/registry-fixtures.js';

const HEX_A = 'a'.repeat(64);
const HEX_B = 'b'.repeat(64);

function load(opts: Partial<LoadOptions> & Pick<LoadOptions, 'registries'>, log = new MemoryLog()) {
  return loadRegistry({ retry: FAST_RETRY, log, ...opts });
}

/** What a pull of `spec` takes from `reg`. */
function pick(reg: LoadedRegistry, spec: ImageSpec, log = new MemoryLog()) {
  return selectImage(reg, spec, { log });
}

const ours = (log: MemoryLog): string[] => withoutRustNotes(log.warnings);

/** A failure a retry cannot mend on every attempt, so the source counts as down. */
const down = (status: number) => ({
  faults: Array.from({ length: FAST_RETRY.retries + 1 }, () => ({ status })),
});

describe('the published registry, served locally', () => {
  let server: FileServer;
  let defaultUrl: string;
  before(async () => {
    server = await startFileServer();
    defaultUrl = serveFixtureRegistry(server);
  });
  after(() => server.close());

  test('latest comes from the include the Rust tool reads (the highest vX.Y.Z.toml); every include is read', async () => {
    const log = new MemoryLog();
    const before = server.requests.length;
    const reg = await load({ registries: [defaultUrl] }, log);
    assert.equal(reg.kind, 'registry');
    assert.deepEqual(reg.roots, [defaultUrl]);
    // default.toml and each of its five includes, each fetched exactly once.
    const fetched = server.requests.slice(before).map((r) => r.path);
    assert.deepEqual([...fetched].sort(), [
      '/registry/default.toml',
      '/registry/v0.0.20.toml',
      '/registry/v0.0.22.toml',
      '/registry/v0.0.23.toml',
      '/registry/v0.0.24.toml',
      '/registry/v0.0.25.toml',
    ]);
    const versions = reg.images.filter((e) => e.name === 'qemu_aarch64_linux').map((e) => e.version);
    assert.deepEqual(versions, ['0.0.20', '0.0.22', '0.0.23', '0.0.24', '0.0.25']);
    // 19 + 21 + 23 + 23 + 23 entries in the five release files, none repeated.
    assert.equal(reg.images.length, 109);
    assert.deepEqual(log.warnings, []);
    // The Rust tool reads v0.0.25.toml alone: default.toml includes no other, and neither does it.
    assert.deepEqual(reg.rust.source, {
      url: `${server.url}/registry/v0.0.25.toml`,
      role: 'included registry',
    });
    assert.equal(reg.rust.items.length, 23);

    const latest = pick(reg, { name: 'qemu_aarch64_linux' }, log);
    assert.deepEqual(log.infos, [], 'taken where the Rust tool takes it: nothing to say');
    assert.equal(latest.version, '0.0.25');
    assert.equal(latest.releasedAt, '2026-04-03T01:28:26.000Z');
    // The entry remembers where it was read: the include's URL and the line of its [[images]].
    const fixture = readFileSync(
      join(import.meta.dirname, '../fixtures/registry/v0.0.25.toml'),
      'utf8',
    ).split('\n');
    const header = fixture.indexOf('name = "qemu_aarch64_linux"'); // 0-based line of the name = 1-based header line
    assert.equal(fixture[header - 1], '[[images]]');
    assert.equal(latest.source, `${server.url}/registry/v0.0.25.toml:${header}`);
    assert.equal(
      latest.url,
      'https://github.com/arceos-hypervisor/axvisor-guest/releases/download/v0.0.25/qemu_aarch64_linux.tar.gz',
    );
    // rdk-s100p images exist only in the newest files; their latest is still the newest.
    assert.equal(pick(reg, { name: 'rdk-s100p_linux' }).version, '0.0.25');
  });

  test('a pinned name:version only in an older release file is taken from there, saying so', async () => {
    const reg = await load({ registries: [defaultUrl] });
    const log = new MemoryLog();
    const pinned = pick(reg, { name: 'qemu_aarch64_linux', version: '0.0.22' }, log);
    assert.equal(pinned.version, '0.0.22');
    assert.match(
      log.infos.join('\n'),
      new RegExp(
        `^qemu_aarch64_linux:0\\.0\\.22: not in ${server.url}/registry/v0\\.0\\.25\\.toml \\(the included registry the Rust tool reads\\) or its includes; taking qemu_aarch64_linux:0\\.0\\.22 from ${server.url}/registry/v0\\.0\\.22\\.toml:\\d+$`,
      ),
    );
    assert.equal(pinned.sha256, '9e2a19e00a72962c4aac53ad8d6172ca473a93d321e3bb3f49a979264754e397');
    assert.equal(pinned.releasedAt, '2026-01-06T03:09:14.000Z');
  });

  test('the token goes to the registry host it was given for', async () => {
    const before = server.requests.length;
    await load({ registries: [defaultUrl], token: 'sekrit' });
    const seen = server.requests.slice(before);
    assert.equal(seen.length, 6);
    for (const r of seen) assert.equal(r.headers.authorization, 'Bearer sekrit', r.path);
  });
});

describe('fallback and snapshot', () => {
  let server: FileServer;
  let fallbackUrl: string;
  before(async () => {
    server = await startFileServer();
    serveFixtureRegistry(server);
    fallbackUrl = `${server.url}/registry/v0.0.25.toml`;
  });
  after(() => server.close());

  for (const status of [500, 404]) {
    test(`the fallback serves when the default registry answers ${status}`, async () => {
      const path = `/down-${status}/default.toml`;
      server.set(path, 'unused', down(status));
      const log = new MemoryLog();
      const reg = await load({ registries: [`${server.url}${path}`], fallback: fallbackUrl }, log);
      assert.equal(reg.kind, 'fallback');
      assert.deepEqual(reg.roots, [fallbackUrl]);
      assert.equal(registrySource(reg), `${fallbackUrl} (fallback)`);
      assert.equal(pick(reg, { name: 'qemu_aarch64_linux' }).version, '0.0.25');
      assert.deepEqual(reg.rust.source, { url: fallbackUrl, role: 'fallback registry' });
      // 500 is retried until the attempts run out; 404 is not retried at all.
      assert.equal(server.count(path), status === 500 ? FAST_RETRY.retries + 1 : 1);
      const warning = log.warnings.find((w) => w.includes('using the fallback registry'));
      assert.ok(warning, log.warnings.join('\n'));
      assert.match(warning, new RegExp(`${server.url}${path}.*HTTP ${status}`));
    });
  }

  test('the last good snapshot of the same registry input serves when every source fails', async () => {
    const dir = tempDir();
    try {
      const registry = `${server.url}/snap/default.toml`;
      const fallback = `${server.url}/snap/fallback.toml`;
      server.set('/snap/default.toml', registryToml([], [`${server.url}/registry/v0.0.25.toml`]));
      const good = await load({ registries: [registry], fallback });
      assert.equal(good.complete, true);
      const path = await writeSnapshot(dir, good.input, good.documents);
      assert.equal(path, snapshotPath(dir, good.input));
      server.set('/snap/default.toml', 'unused', down(503));
      const log = new MemoryLog();
      const reg = await load({ registries: [registry], fallback, snapshotRoot: dir }, log);
      assert.equal(reg.kind, 'snapshot');
      assert.equal(registrySource(reg), `${pathToFileURL(path).href} (snapshot)`);
      const key = (e: { name: string; version: string; sha256: string; url: string; releasedAt?: string }) =>
        `${e.name}:${e.version}:${e.sha256}:${e.url}:${e.releasedAt}`;
      assert.deepEqual(reg.images.map(key), good.images.map(key));
      assert.deepEqual(reg.rust.source, good.rust.source);
      assert.equal(pick(reg, { name: 'qemu_aarch64_linux' }).version, '0.0.25');
      const warning = log.warnings.find((w) => w.includes('using the last good registry documents saved'));
      assert.ok(warning, log.warnings.join('\n'));
      assert.ok(warning.includes(registry) && warning.includes('fallback.toml'), warning);
      assert.ok(warning.includes(`for this same registry input at ${path}`), warning);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with no source and no snapshot, the error names every source that failed', async () => {
    server.set('/gone2/default.toml', 'unused', down(500));
    const dir = tempDir();
    const err = await load({
      registries: [`${server.url}/gone2/default.toml`],
      fallback: `${server.url}/gone2/missing.toml`,
      snapshotRoot: dir,
    })
      .catch((e: unknown) => e)
      .finally(() => rmSync(dir, { recursive: true, force: true }));
    assert.ok(err instanceof UserError);
    assert.match(err.message, /no image registry could be read/);
    assert.ok(err.message.includes(`${server.url}/gone2/default.toml`), err.message);
    assert.ok(err.message.includes(`${server.url}/gone2/missing.toml`), err.message);
  });

  test('a later pull offline uses the snapshot the previous pull saved for the same registry input', async () => {
    const out = tempDir();
    try {
      server.set('/flaky/default.toml', registryToml([], [`${server.url}/registry/v0.0.25.toml`]));
      const online = inputs({
        image: 'qemu_aarch64_linux',
        registry: `${server.url}/flaky/default.toml`,
        // Any fallback but 'none', which turns the snapshot off too.
        'fallback-registry': `${server.url}/flaky/fallback.toml`,
        'output-dir': out,
        extract: 'false',
      });
      // Only the registry step runs: selection fails on a name that is not there, after the
      // snapshot was written.
      await assert.rejects(
        runPull({ ...online, images: [{ name: 'nope' }] }, { log: new MemoryLog(), retry: FAST_RETRY }),
        /no image named 'nope'/,
      );
      const saved = snapshotPath(out, {
        registries: [`${server.url}/flaky/default.toml`],
        fallback: `${server.url}/flaky/fallback.toml`,
      });
      assert.match(readFileSync(saved, 'utf8'), /^format = 1$/m);
      server.set('/flaky/default.toml', 'unused', down(502));
      const log = new MemoryLog();
      const err = await runPull({ ...online, images: [{ name: 'nope' }] }, { log, retry: FAST_RETRY }).catch(
        (e: unknown) => e,
      );
      assert.match(String(err), /no image named 'nope'/);
      assert.ok(
        log.warnings.some((w) => w.includes(`for this same registry input at ${saved}`)),
        log.warnings.join('\n'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('merging and includes', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());

  test("several registry URLs: the first is the Rust tool's, the others answer what it has not; a conflict warns", async () => {
    server.set(
      '/m/a.toml',
      registryToml([{ name: 'x', version: '1', sha256: HEX_A, url: 'https://h.example/x.tar.gz' }]),
    );
    server.set(
      '/m/b.toml',
      registryToml([
        { name: 'x', version: '1', sha256: HEX_B, url: 'https://h.example/x.tar.gz' },
        { name: 'y', version: '2', sha256: HEX_B, url: 'https://h.example/y.tar.gz' },
      ]),
    );
    const a = `${server.url}/m/a.toml`;
    const b = `${server.url}/m/b.toml`;

    const log = new MemoryLog();
    const ab = await load({ registries: [a, b] }, log);
    assert.deepEqual(ab.roots, [a, b]);
    assert.equal(pick(ab, { name: 'x', version: '1' }, log).sha256, HEX_A);
    assert.deepEqual(log.infos, []);
    assert.equal(pick(ab, { name: 'y' }, log).version, '2');
    assert.match(log.infos[0] ?? '', new RegExp(`^y: not in ${a} \\(the registry the Rust tool reads\\)`));
    assert.equal(log.warnings.length, 1);
    // Both sources by URL and line, so someone can go and fix one of them.
    assert.match(log.warnings[0]!, /conflicting entries for x:1/);
    assert.ok(
      log.warnings[0]!.includes(`keeping ${a}:1 (sha256 ${HEX_A.slice(0, 12)}…), which the Rust tool reads`),
      log.warnings[0],
    );
    assert.ok(log.warnings[0]!.includes(`ignoring ${b}:1`), log.warnings[0]);

    const ba = await load({ registries: [b, a] });
    assert.equal(pick(ba, { name: 'x', version: '1' }).sha256, HEX_B);
  });

  test('an identical duplicate is not a conflict', async () => {
    const same = registryToml([
      { name: 'x', version: '1', sha256: HEX_A, url: 'https://h.example/x.tar.gz' },
    ]);
    server.set('/same/a.toml', same);
    server.set('/same/b.toml', same);
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/same/a.toml`, `${server.url}/same/b.toml`] }, log);
    assert.equal(reg.images.length, 1);
    assert.deepEqual(log.warnings, []);
  });

  test('first seen wins in breadth-first declaration order, not response order', async () => {
    // The Rust tool reads mid.toml (root's only include), then its includes in order. The first
    // is answered only after the second one has been: its entry must still win.
    let releaseSlow: (() => void) | undefined;
    const order = await startScriptedServer((path, res, base) => {
      const x = (hex: string) =>
        registryToml([{ name: 'x', version: '1', sha256: hex, url: `${base}/x.tar.gz` }]);
      if (path === '/root.toml') {
        res.end(registryToml([], [`${base}/mid.toml`]));
      } else if (path === '/mid.toml') {
        res.end(registryToml([], [`${base}/slow.toml`, `${base}/fast.toml`]));
      } else if (path === '/slow.toml') {
        releaseSlow = () => res.end(x(HEX_A));
      } else if (path === '/fast.toml') {
        res.end(x(HEX_B), () => setTimeout(() => releaseSlow?.(), 50));
      } else {
        res.writeHead(404).end();
      }
    });
    try {
      const log = new MemoryLog();
      const reg = await load({ registries: [`${order.url}/root.toml`] }, log);
      assert.equal(reg.rust.source?.url, `${order.url}/mid.toml`);
      assert.equal(pick(reg, { name: 'x' }).sha256, HEX_A);
      assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
      assert.ok(log.warnings[0]!.includes(`keeping ${order.url}/slow.toml:1`), log.warnings[0]);
      assert.ok(log.warnings[0]!.includes('as the Rust tool does'), log.warnings[0]);
    } finally {
      await order.close();
    }
  });

  test('include cycles end, each URL fetched once', async () => {
    server.set(
      '/cycle/a.toml',
      registryToml([{ name: 'a', version: '1', sha256: HEX_A, url: 'a.tar.gz' }], ['b.toml', 'a.toml']),
    );
    server.set(
      '/cycle/b.toml',
      registryToml(
        [{ name: 'b', version: '1', sha256: HEX_B, url: 'b.tar.gz' }],
        [`${server.url}/cycle/a.toml`],
      ),
    );
    server.set(
      '/cycle/self.toml',
      registryToml([{ name: 's', version: '1', sha256: HEX_A, url: 's.tar.gz' }], ['self.toml']),
    );
    const reg = await load({ registries: [`${server.url}/cycle/a.toml`] });
    assert.deepEqual(
      reg.images.map((e) => e.name),
      ['a', 'b'],
    );
    assert.equal(server.count('/cycle/a.toml'), 1);
    assert.equal(server.count('/cycle/b.toml'), 1);

    const self = await load({ registries: [`${server.url}/cycle/self.toml`] });
    assert.deepEqual(
      self.images.map((e) => e.name),
      ['s'],
    );
    assert.equal(server.count('/cycle/self.toml'), 1);
  });

  test('a registry named twice, directly and as an include, is fetched once', async () => {
    server.set('/twice/root.toml', registryToml([], ['shared.toml']));
    server.set(
      '/twice/shared.toml',
      registryToml([{ name: 'z', version: '1', sha256: HEX_A, url: 'z.tar.gz' }]),
    );
    const reg = await load({
      registries: [`${server.url}/twice/root.toml`, `${server.url}/twice/shared.toml`],
    });
    assert.equal(reg.images.length, 1);
    assert.equal(server.count('/twice/shared.toml'), 1);
  });

  test('relative include and image URLs resolve against the registry that names them', async () => {
    server.set('/rel/reg/root.toml', registryToml([], ['sub/v1.toml', '../other/v2.toml']));
    server.set(
      '/rel/reg/sub/v1.toml',
      registryToml([{ name: 'one', version: '1', sha256: HEX_A, url: 'images/one.tar.xz' }]),
    );
    server.set(
      '/rel/other/v2.toml',
      registryToml([{ name: 'two', version: '2', sha256: HEX_B, url: '/abs/two.tar.gz' }]),
    );
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/rel/reg/root.toml`] }, log);
    assert.equal(server.count('/rel/reg/sub/v1.toml'), 1);
    assert.equal(server.count('/rel/other/v2.toml'), 1);
    assert.equal(pick(reg, { name: 'one' }).url, `${server.url}/rel/reg/sub/images/one.tar.xz`);
    assert.equal(pick(reg, { name: 'two' }).url, `${server.url}/abs/two.tar.gz`);
    assert.deepEqual(reg.failedIncludes, []);
    // The Rust tool resolves none of them: each is named, with the line, in one warning per document.
    const root = log.warnings.find((w) => w.startsWith(`${RUST_NOTE} ${server.url}/rel/reg/root.toml:`));
    assert.ok(root, log.warnings.join('\n'));
    assert.match(root, /line 2: include url "sub\/v1\.toml": relative URL without a base/);
    assert.match(root, /line 5: include url "\.\.\/other\/v2\.toml": relative URL without a base/);
    assert.ok(
      log.warnings.some(
        (w) =>
          w.startsWith(`${RUST_NOTE} ${server.url}/rel/reg/sub/v1.toml`) &&
          /line 7: url "images\/one\.tar\.xz": relative URL without a base \(its pull of one:1 fails\)/.test(
            w,
          ),
      ),
      log.warnings.join('\n'),
    );
  });

  test('a failing include is a warning when the image is still found, and named when it is not', async () => {
    server.set('/partial/root.toml', registryToml([], ['good.toml', 'broken.toml']));
    server.set(
      '/partial/good.toml',
      registryToml([{ name: 'good', version: '1', sha256: HEX_A, url: 'g.tar.gz' }]),
    );
    server.set('/partial/broken.toml', 'unused', down(503));
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/partial/root.toml`] }, log);
    assert.equal(reg.kind, 'registry');
    const broken = `${server.url}/partial/broken.toml`;
    // The Rust tool would read broken.toml (the last include, as none is named vX.Y.Z.toml).
    assert.deepEqual(reg.rust.source, { url: broken, role: 'included registry' });
    const said = new MemoryLog();
    assert.equal(pick(reg, { name: 'good' }, said).version, '1');
    assert.match(
      said.infos[0] ?? '',
      new RegExp(`^good: the registry the Rust tool reads could not be read \\(${broken}: `),
    );
    assert.deepEqual(
      reg.failedIncludes.map((f) => f.url),
      [broken],
    );
    assert.ok(log.warnings.some((w) => w.startsWith(`included registry ${broken} could not be read`)));
    assert.throws(
      () => pick(reg, { name: 'elsewhere' }),
      (e: Error) =>
        e instanceof UserError && e.message.includes(`included registry ${broken} could not be read`),
    );
  });

  test('includes are fetched concurrently', async () => {
    // Every include is held until all of them have been asked for. Fetched one after another,
    // the first would never be answered and would fail by the stall timeout instead.
    const n = 5;
    const gate = await startGateServer(n);
    try {
      const log = new MemoryLog();
      const reg = await load(
        { registries: [`${gate.url}/root.toml`], retry: { ...FAST_RETRY, retries: 0 }, stallMs: 3000 },
        log,
      );
      assert.deepEqual(log.warnings, []);
      assert.equal(reg.images.length, n);
      assert.equal(gate.maxHeld, n);
    } finally {
      await gate.close();
    }
  });
});

describe('local registries', () => {
  test('plain paths (absolute and relative) and file:// URLs, with relative includes', async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'sub'));
      const root = join(dir, 'root.toml');
      writeFileSync(
        root,
        registryToml(
          [{ name: 'top', version: '1', sha256: HEX_A, url: 'https://h.example/top.tar.gz' }],
          ['sub/inc.toml'],
        ),
      );
      writeFileSync(
        join(dir, 'sub', 'inc.toml'),
        registryToml([{ name: 'inner', version: '2', sha256: HEX_B, url: 'https://h.example/inner.tar.gz' }]),
      );
      const fileUrl = pathToFileURL(root).href;
      for (const ref of [root, relative(process.cwd(), root), fileUrl]) {
        const reg = await load({ registries: [ref] });
        assert.deepEqual(reg.roots, [fileUrl], ref);
        assert.deepEqual(
          reg.images.map((e) => `${e.name}:${e.version}`),
          ['inner:2', 'top:1'],
          ref,
        );
        assert.equal(
          pick(reg, { name: 'inner' }).source,
          `${pathToFileURL(join(dir, 'sub', 'inc.toml')).href}:1`,
        );
        // Local files are not network hosts: no token would be sent anywhere for them.
        assert.deepEqual([...reg.hosts], ['h.example']);
      }
      const missing = join(dir, 'missing.toml');
      await assert.rejects(load({ registries: [missing] }), (e: Error) =>
        e.message.includes(pathToFileURL(missing).href),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validation', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());

  test('malformed TOML fails with the URL and line', async () => {
    const url = `${server.url}/bad/syntax.toml`;
    server.set('/bad/syntax.toml', '[[images]]\nname = "x"\nversion = \n');
    const err = await load({ registries: [url] }).catch((e: unknown) => e);
    assert.ok(err instanceof UserError);
    assert.ok(err.message.includes(`registry ${url}, line 3`), err.message);
  });

  test('malformed TOML in an include is a warning naming the include and line', async () => {
    server.set(
      '/bad/root.toml',
      registryToml([{ name: 'ok', version: '1', sha256: HEX_A, url: 'ok.tar.gz' }], ['inc.toml']),
    );
    server.set('/bad/inc.toml', '# comment\n[[images]\n');
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/bad/root.toml`] }, log);
    assert.equal(reg.images.length, 1);
    assert.ok(
      log.warnings.some((w) => w.includes(`${server.url}/bad/inc.toml, line 2`)),
      log.warnings.join('\n'),
    );
  });

  test('an entry with an invalid field is skipped with a warning naming URL:line, and a pull says why', async () => {
    const lines = [
      '[[images]]', // 1
      'name = "fine"',
      'version = "1"',
      `sha256 = "${HEX_A}"`,
      'arch = "aarch64"',
      'url = "https://h.example/fine.tar.gz"',
      '',
      '[[images]]', // 8
      'name = "bad_sha"',
      'version = "1"',
      'sha256 = "not-hex"', // 11
      'arch = "aarch64"',
      'url = "https://h.example/bad_sha.tar.gz"',
      '',
      '[[images]]', // 15
      'name = "bad_date"',
      'version = "1"',
      `sha256 = "${HEX_A}"`,
      'arch = "aarch64"',
      'url = "https://h.example/bad_date.tar.gz"',
      'released_at = "yesterday"', // 21
      '',
      '[[images]]', // 23
      'name = "bad_url"',
      'version = "1"',
      `sha256 = "${HEX_A}"`,
      'arch = "aarch64"',
      'url = "ftp://h.example/bad_url.tar.gz"', // 28
      '',
      '[[images]]', // 30
      'name = "bad_type"',
      'version = 25', // 32
      `sha256 = "${HEX_A}"`,
      'arch = "aarch64"',
      'url = "https://h.example/bad_type.tar.gz"',
      '',
      '[[images]]', // 37
      'name = "bad_arch_type"',
      'version = "1"',
      `sha256 = "${HEX_A}"`,
      'arch = ["aarch64"]', // 41
      'url = "https://h.example/bad_arch_type.tar.gz"',
      '',
    ];
    const url = `${server.url}/invalid/reg.toml`;
    server.set('/invalid/reg.toml', lines.join('\n'));
    const log = new MemoryLog();
    const reg = await load({ registries: [url] }, log);
    assert.deepEqual(
      reg.images.map((e) => e.name),
      ['fine'],
    );
    // What the Rust tool says: serde stops at the first entry it cannot take (these have no
    // description, which it requires), and that fails the whole document.
    const rust = log.warnings.filter((w) => w.startsWith(`${RUST_NOTE} ${url}: `));
    assert.deepEqual(rust, [
      `${RUST_NOTE} ${url}: line 1: missing field \`description\` (its sync fails on this document)`,
    ]);
    const expectations: [string, number, number, RegExp][] = [
      ['bad_sha', 8, 11, /sha256.*64 hex digits.*not-hex/],
      ['bad_date', 15, 21, /released_at.*RFC 3339.*yesterday/],
      ['bad_url', 23, 28, /ftp/],
      ['bad_type', 30, 32, /version.*must be a string, found a number/],
      ['bad_arch_type', 37, 41, /arch.*must be a string, found an array/],
    ];
    for (const [name, header, field, problem] of expectations) {
      const warning = log.warnings.find((w) =>
        w.startsWith(`ignoring invalid image entry at ${url}:${header}:`),
      );
      assert.ok(warning, `no warning for ${name}:\n${log.warnings.join('\n')}`);
      assert.match(warning, problem);
      assert.ok(warning.includes(`${url}:${field}`), warning);
    }
    assert.equal(ours(log).length, expectations.length);

    // Pulling one of them says why it cannot be used rather than just "unknown image".
    const out = tempDir();
    try {
      const err = await runPull(inputs({ image: 'bad_sha', registry: url, 'output-dir': out }), {
        log: new MemoryLog(),
        retry: FAST_RETRY,
      }).catch((e: unknown) => e);
      assert.ok(err instanceof UserError);
      assert.ok(err.message.includes(`the entry for it at ${url}:8 (bad_sha:1) is invalid`), err.message);
      assert.match(err.message, /64 hex digits/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a wrong top-level shape fails the document with its URL', async () => {
    const url = `${server.url}/shape/reg.toml`;
    server.set('/shape/reg.toml', 'images = "none"\n');
    await assert.rejects(load({ registries: [url] }), (e: Error) =>
      e.message.includes(`registry ${url}: 'images' must be an array of tables`),
    );
  });
});

interface ScriptedServer {
  url: string;
  close(): Promise<void>;
}

/** A bare HTTP server on 127.0.0.1 whose answers the test scripts per request. */
async function startScriptedServer(
  handle: (path: string, res: ServerResponse, base: string) => void,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  let base = '';
  const server = createServer((req, res) => handle(req.url ?? '/', res, base));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * A registry server whose root names `n` includes and which holds every include request until
 * all `n` are waiting, then answers them together.
 */
async function startGateServer(n: number): Promise<ScriptedServer & { maxHeld: number }> {
  const held: { res: ServerResponse; body: string }[] = [];
  let maxHeld = 0;
  const server = await startScriptedServer((path, res, base) => {
    if (path === '/root.toml') {
      res.end(
        registryToml(
          [],
          Array.from({ length: n }, (_, i) => `${base}/inc${i}.toml`),
        ),
      );
      return;
    }
    const m = /^\/inc(\d+)\.toml$/.exec(path);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    held.push({
      res,
      body: registryToml([{ name: `img${m[1]}`, version: '1', sha256: HEX_A, url: `${base}/i.tar.gz` }]),
    });
    maxHeld = Math.max(maxHeld, held.length);
    if (held.length === n) for (const h of held.splice(0)) h.res.end(h.body);
  });
  return {
    ...server,
    get maxHeld() {
      return maxHeld;
    },
  };
}
