import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'smol-toml';
import { runList } from '../../src/action/commands.js';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { registryToml, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { snapshotPath } from '../../src/registry/snapshot.js';
import { FAST_RETRY, inputs, serveFixtureRegistry, withoutRustNotes } from '../support/registry-fixtures.js';
import { runAction } from '../support/run-action.js';

let server: FileServer;
let published: string;
let synthetic: string;
const dirs: string[] = [];

const HEX = (c: string): string => c.repeat(64);

// Names, arches and dates chosen for the selection rules: qemu_aarch64_linux has a newer
// release; board_x has no dates, so the latest is the last in text order, as the Rust tool takes
// it ("0.0.10" < "0.0.9"); mixed has its newest version for another arch.
const SYNTHETIC = [
  { name: 'qemu_aarch64_linux', version: '0.0.24', arch: 'aarch64', released_at: '2026-01-01T00:00:00Z' },
  {
    name: 'qemu_aarch64_linux',
    version: '0.0.25',
    arch: 'aarch64',
    released_at: '2026-02-01T08:00:00+08:00',
  },
  { name: 'qemu_x86_64_nimbos', version: '0.0.25', arch: 'x86_64', released_at: '2026-02-01T00:00:00Z' },
  { name: 'board_x', version: '0.0.9', arch: 'aarch64' },
  { name: 'board_x', version: '0.0.10', arch: 'aarch64' },
  { name: 'mixed', version: '1.0', arch: 'riscv64', released_at: '2026-01-01T00:00:00Z' },
  { name: 'mixed', version: '2.0', arch: 'x86_64', released_at: '2026-03-01T00:00:00Z' },
].map((e, i) => ({
  ...e,
  sha256: HEX('0123456789abcdef'[i] as string),
  url: `images/${e.name}-${e.version}.tar.gz`,
  description: `${e.name} ${e.version}`,
}));

before(async () => {
  server = await startFileServer();
  published = serveFixtureRegistry(server);
  server.set('/synthetic.toml', registryToml(SYNTHETIC));
  synthetic = `${server.url}/synthetic.toml`;
});

after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function listInputs(values: Record<string, string>) {
  const out = tempDir('axi-list-');
  dirs.push(out);
  return inputs({ command: 'list', registry: synthetic, 'output-dir': out, ...values });
}

/** The expected matrix row of a synthetic entry. */
function row(name: string, version: string) {
  const e = SYNTHETIC.find((x) => x.name === name && x.version === version);
  assert.ok(e, `${name}:${version} is in SYNTHETIC`);
  return {
    name,
    version,
    arch: e.arch,
    description: e.description,
    sha256: e.sha256,
    url: `${server.url}/${e.url}`,
    released_at: e.released_at ? new Date(e.released_at).toISOString().replace('.000Z', 'Z') : '',
  };
}

test('without pins: the latest version of every name, one row each, sorted by name', async () => {
  const log = new MemoryLog();
  const result = await runList(listInputs({}), { log, retry: FAST_RETRY });
  const expected = {
    include: [
      row('board_x', '0.0.9'),
      row('mixed', '2.0'),
      row('qemu_aarch64_linux', '0.0.25'),
      row('qemu_x86_64_nimbos', '0.0.25'),
    ],
  };
  assert.equal(result.outputs.matrix, JSON.stringify(expected));
  assert.equal(result.outputs.count, '4');
  assert.equal(result.failure, undefined);
  // The tie is a warning, naming both entries (the registry gives relative image URLs, which the
  // Rust tool cannot fetch: notes of their own).
  const warnings = withoutRustNotes(log.warnings);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(
    warnings[0]!,
    /^board_x: 2 entries share the latest released_at \(none given\): .*taking 0\.0\.9, as the Rust tool does/,
  );

  // The offset in the registry is normalised to UTC in the row.
  assert.equal(expected.include[2]?.released_at, '2026-02-01T00:00:00Z');
  assert.match(result.summary, /\| `qemu_aarch64_linux` \| 0\.0\.25 \| aarch64 \| 2026-02-01T00:00:00Z \|/);
});

test('arch keeps a name whose latest is for that arch, as pull <name> would; several arches may be given', async () => {
  const log = new MemoryLog();
  // mixed's latest is 2.0, for x86_64: pull mixed with arch riscv64 refuses it, and list leaves it out.
  const riscv = await runList(listInputs({ arch: 'riscv64' }), { log, retry: FAST_RETRY });
  assert.equal(riscv.outputs.matrix, JSON.stringify({ include: [] }));
  assert.ok(
    log.infos.includes('mixed: its latest, 2.0, is for x86_64; left out by the arch input'),
    log.infos.join('\n'),
  );

  const two = await runList(listInputs({ arch: 'x86_64, riscv64' }), { log, retry: FAST_RETRY });
  assert.equal(
    two.outputs.matrix,
    JSON.stringify({ include: [row('mixed', '2.0'), row('qemu_x86_64_nimbos', '0.0.25')] }),
  );
  assert.equal(two.outputs.count, '2');
});

test('filter is a regex on the name, or a substring when it is not a valid regex', async () => {
  const log = new MemoryLog();
  const re = await runList(listInputs({ filter: '^qemu_.*(linux|nimbos)$' }), { log, retry: FAST_RETRY });
  assert.equal(
    re.outputs.matrix,
    JSON.stringify({ include: [row('qemu_aarch64_linux', '0.0.25'), row('qemu_x86_64_nimbos', '0.0.25')] }),
  );
  // "board_x(" does not compile; as a substring it matches nothing, "x86_64_n" as a regex one name.
  const bad = await runList(listInputs({ filter: 'board_x(' }), { log, retry: FAST_RETRY });
  assert.equal(bad.outputs.count, '0');
  const sub = await runList(listInputs({ filter: 'x86_64_n', arch: 'x86_64' }), { log, retry: FAST_RETRY });
  assert.equal(sub.outputs.matrix, JSON.stringify({ include: [row('qemu_x86_64_nimbos', '0.0.25')] }));
});

test('pins give exactly those versions; an unpinned spec gives its latest; filters still apply', async () => {
  const log = new MemoryLog();
  const pinned = await runList(
    listInputs({
      image: 'qemu_aarch64_linux:0.0.24\nqemu_aarch64_linux:0.0.25\nboard_x\nmixed:1.0\nboard_x:0.0.9',
    }),
    { log, retry: FAST_RETRY },
  );
  assert.equal(
    pinned.outputs.matrix,
    JSON.stringify({
      include: [
        row('board_x', '0.0.9'),
        row('mixed', '1.0'),
        row('qemu_aarch64_linux', '0.0.24'),
        row('qemu_aarch64_linux', '0.0.25'),
      ],
    }),
    'sorted by name then version, the duplicate board_x once',
  );
  assert.equal(pinned.outputs.count, '4');

  const filtered = await runList(
    listInputs({ image: 'qemu_aarch64_linux:0.0.24\nmixed:1.0', arch: 'aarch64' }),
    {
      log,
      retry: FAST_RETRY,
    },
  );
  assert.equal(filtered.outputs.matrix, JSON.stringify({ include: [row('qemu_aarch64_linux', '0.0.24')] }));
  assert.ok(log.infos.some((l) => l.includes('mixed:1.0 (riscv64) is left out')));
});

test('a pinned version that does not exist is an error naming input image and the versions there are', async () => {
  await assert.rejects(
    runList(listInputs({ image: 'board_x\nqemu_aarch64_linux:0.0.99' }), {
      log: new MemoryLog(),
      retry: FAST_RETRY,
    }),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(
        err.message,
        /^input 'image': qemu_aarch64_linux has no version 0\.0\.99; available versions: 0\.0\.24, 0\.0\.25/,
      );
      return true;
    },
  );
  await assert.rejects(
    runList(listInputs({ image: 'qemu_aarch64_linx' }), { log: new MemoryLog(), retry: FAST_RETRY }),
    /input 'image': no image named 'qemu_aarch64_linx'.*closest names: qemu_aarch64_linux/,
  );
});

test('an empty selection is a warning that explains the matrix error, not a failure', async () => {
  const log = new MemoryLog();
  const result = await runList(listInputs({ arch: 'loongarch64', filter: 'linux' }), {
    log,
    retry: FAST_RETRY,
  });
  assert.equal(result.outputs.matrix, '{"include":[]}');
  assert.equal(result.outputs.count, '0');
  assert.equal(result.failure, undefined);
  assert.equal(withoutRustNotes(log.warnings).length, 1);
  const warning = withoutRustNotes(log.warnings)[0] ?? '';
  assert.match(warning, /no image of the 7 in the registry matches arch: loongarch64; filter: linux/);
  assert.match(warning, /Matrix vector 'include' does not contain any values/);
  assert.match(warning, /count != '0'/);
  assert.match(result.summary, /the matrix is empty/);
});

test('the published registry (includes served locally): latest x86_64 QEMU images', async () => {
  const out = tempDir('axi-list-');
  dirs.push(out);
  const result = await runList(
    inputs({ command: 'list', registry: published, 'output-dir': out, arch: 'x86_64', filter: '^qemu_' }),
    { log: new MemoryLog(), retry: FAST_RETRY },
  );
  // Expected rows straight from the fixture file, read with the TOML library, not our parser.
  const doc = parse(readFileSync(join('__tests__', 'fixtures', 'registry', 'v0.0.25.toml'), 'utf8')) as {
    images: Record<string, string>[];
  };
  const expected = doc.images
    .filter((i) => i.arch === 'x86_64' && i.name?.startsWith('qemu_'))
    .map((i) => ({
      name: i.name,
      version: i.version,
      arch: i.arch,
      description: i.description,
      sha256: i.sha256,
      url: i.url,
      released_at: i.released_at,
    }))
    .sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  assert.equal(expected.length, 3);
  assert.equal(result.outputs.matrix, JSON.stringify({ include: expected }));
  // The snapshot a later offline run of this same registry input falls back to; images.toml is
  // the Rust tool's, which reads another registry (the one at GitHub).
  const saved = readFileSync(snapshotPath(out, { registries: [published] }), 'utf8');
  assert.match(saved, /qemu_x86_64_linux/);
  assert.ok(!existsSync(join(out, 'images.toml')));
});

test('the bundled action: command list sets matrix and count and writes the summary', async () => {
  const out = tempDir('axi-list-');
  dirs.push(out);
  const run = await runAction({
    inputs: {
      command: 'list',
      registry: synthetic,
      'fallback-registry': 'none',
      'output-dir': out,
      arch: 'aarch64',
      cache: 'false',
    },
  });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(
    run.outputs.matrix,
    JSON.stringify({ include: [row('board_x', '0.0.9'), row('qemu_aarch64_linux', '0.0.25')] }),
  );
  assert.equal(run.outputs.count, '2');
  assert.match(run.summary, /### Guest image matrix \(2\)/);
});
