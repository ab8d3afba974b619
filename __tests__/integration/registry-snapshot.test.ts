// The last good registry snapshot: kept per registry input in the store's private dir, used only
// for that input and only when every network source fails, never with fallback-registry: none,
// read back as untrusted data (any shape, size or bytes: absent, with a debug line), and saved
// with a warning, never a failure, when it cannot be.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'smol-toml';
import { runList, runPull } from '../../src/action/commands.js';
import { UserError } from '../../src/core/errors.js';
import { loadRegistry } from '../../src/registry/load.js';
import { MAX_SNAPSHOT_BYTES, snapshotPath, type SnapshotInput } from '../../src/registry/snapshot.js';
import { STORE_DIR } from '../../src/storage/layout.js';
import { registryToml, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { MemoryLog } from '../support/memory-log.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

const HEX = (c: string): string => c.repeat(64);
const down = (status: number) => ({
  faults: Array.from({ length: FAST_RETRY.retries + 1 }, () => ({ status })),
});

let server: FileServer;
const dirs: string[] = [];
before(async () => {
  server = await startFileServer();
});
after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = tempDir('axi-snap-');
  dirs.push(d);
  return d;
}

/** A registry at `path` listing one image named `name`. */
function serve(path: string, name: string, hex: string): string {
  server.set(
    path,
    registryToml([{ name, version: '1', sha256: HEX(hex), url: `https://images.example/${name}.tar.gz` }]),
  );
  return `${server.url}${path}`;
}

/** `list` of everything in `registry`, with `fallback` (a URL, or 'none'), into `out`. */
function list(out: string, registry: string, fallback: string, log = new MemoryLog()) {
  return runList(inputs({ command: 'list', registry, 'fallback-registry': fallback, 'output-dir': out }), {
    log,
    retry: FAST_RETRY,
  });
}

const names = (matrix: string | undefined): string[] =>
  (JSON.parse(matrix ?? '{}') as { include: { name: string }[] }).include.map((r) => r.name);

test("a snapshot never crosses registries: registry B failing gets B's error, not registry A's images", async () => {
  const out = scratch();
  const fallback = `${server.url}/cross/fallback.toml`;
  server.set('/cross/fallback.toml', 'unused', down(404));
  const a = serve('/cross/a.toml', 'from_a', 'a');
  assert.deepEqual(names((await list(out, a, fallback)).outputs.matrix), ['from_a']);
  server.set('/cross/b.toml', 'unused', down(404));
  const log = new MemoryLog();
  const err = await runPull(
    inputs({
      image: 'from_a',
      registry: `${server.url}/cross/b.toml`,
      'fallback-registry': fallback,
      'output-dir': out,
    }),
    { log, retry: FAST_RETRY },
  ).catch((e: unknown) => e);
  assert.ok(err instanceof UserError, String(err));
  assert.match(
    err.message,
    /^no image registry could be read: .*cross\/b\.toml.*404.*cross\/fallback\.toml.*404/,
  );
  assert.ok(!log.warnings.some((w) => w.includes('last good')), log.warnings.join('\n'));
  // A's snapshot is still there, for A.
  const kept = readdirSync(dirname(snapshotPath(out, { registries: [a], fallback })));
  assert.deepEqual(
    kept.filter((f) => f.endsWith('.toml')),
    [basename(snapshotPath(out, { registries: [a], fallback }))],
  );
});

test('the same registry input offline: its snapshot answers as it did online, with a warning', async () => {
  const out = scratch();
  const fallback = `${server.url}/same/fallback.toml`;
  server.set('/same/fallback.toml', 'unused', down(404));
  const registry = serve('/same/reg.toml', 'same', 'b');
  const online = await list(out, registry, fallback);
  server.set('/same/reg.toml', 'unused', down(503));
  const log = new MemoryLog();
  const offline = await list(out, registry, fallback, log);
  assert.equal(offline.outputs.matrix, online.outputs.matrix);
  const path = snapshotPath(out, { registries: [registry], fallback });
  assert.ok(
    log.warnings.some(
      (w) =>
        w.startsWith('every registry failed (') &&
        w.includes(`${registry}: `) &&
        w.endsWith(`for this same registry input at ${path}`),
    ),
    log.warnings.join('\n'),
  );
  // The snapshot is not rewritten from itself.
  const before = statSync(path).mtimeMs;
  await list(out, registry, fallback);
  assert.equal(statSync(path).mtimeMs, before);
});

test('fallback-registry: none turns the snapshot off: the error, never the saved documents', async () => {
  const out = scratch();
  const registry = serve('/none/reg.toml', 'kept', 'c');
  await list(out, registry, 'none');
  // Saved all the same (an input without a fallback), but never read back with none.
  assert.ok(statSync(snapshotPath(out, { registries: [registry] })).isFile());
  server.set('/none/reg.toml', 'unused', down(500));
  const log = new MemoryLog();
  await assert.rejects(list(out, registry, 'none', log), /no image registry could be read/);
  assert.ok(!log.warnings.some((w) => w.includes('last good')), log.warnings.join('\n'));
});

test('a repeat run that read the same documents writes nothing; another document replaces the snapshot', async () => {
  const out = scratch();
  const registry = serve('/repeat/reg.toml', 'first', '5');
  await list(out, registry, 'none');
  const path = snapshotPath(out, { registries: [registry] });
  const before = statSync(path);
  await list(out, registry, 'none');
  const again = statSync(path);
  assert.deepEqual([again.ino, again.mtimeMs], [before.ino, before.mtimeMs]);
  serve('/repeat/reg.toml', 'second', '6');
  await list(out, registry, 'none');
  assert.notEqual(statSync(path).ino, before.ino);
  assert.match(readFileSync(path, 'utf8'), /second/);
  assert.doesNotMatch(readFileSync(path, 'utf8'), /first/);
});

test('a run that could not read every document keeps the last complete snapshot as it was', async () => {
  const out = scratch();
  const fallback = `${server.url}/partial/fallback.toml`;
  server.set('/partial/fallback.toml', 'unused', down(404));
  server.set(
    '/partial/inc.toml',
    registryToml([{ name: 'inc', version: '1', sha256: HEX('d'), url: 'https://i.example/x.tar.gz' }]),
  );
  server.set('/partial/reg.toml', registryToml([], [`${server.url}/partial/inc.toml`]));
  const registry = `${server.url}/partial/reg.toml`;
  await list(out, registry, fallback);
  const path = snapshotPath(out, { registries: [registry], fallback });
  const complete = readFileSync(path, 'utf8');
  server.set('/partial/inc.toml', 'unused', down(503));
  await list(out, registry, fallback);
  assert.equal(readFileSync(path, 'utf8'), complete);
});

describe('a snapshot file that is not what this tool writes is absent, with a debug line, never a crash', () => {
  const registry = 'http://127.0.0.1:9/gone.toml';
  const fallback = 'http://127.0.0.1:9/gone-too.toml';
  const input: SnapshotInput = { registries: [registry], fallback };
  const doc = registryToml([
    { name: 'x', version: '1', sha256: HEX('e'), url: 'https://i.example/x.tar.gz' },
  ]);
  const good = (over: Record<string, unknown> = {}) =>
    stringify({
      format: 1,
      registries: [registry],
      fallback,
      saved_at: 1,
      documents: [{ url: registry, answered: registry, text: doc }],
      ...over,
    });
  const cases: [string, (path: string) => void][] = [
    ['garbage bytes', (p) => writeFileSync(p, Buffer.from([0xff, 0xfe, 0x00, 0x5b, 0x5b, 0x0a, 0x80]))],
    ['an empty file', (p) => writeFileSync(p, '')],
    ['TOML of another shape', (p) => writeFileSync(p, 'documents = "none"\nformat = 1\n')],
    ['another format', (p) => writeFileSync(p, good({ format: 2 }))],
    [
      'made for another registry input',
      (p) => writeFileSync(p, good({ registries: ['http://127.0.0.1:9/other.toml'] })),
    ],
    ['documents that are not tables', (p) => writeFileSync(p, good({ documents: [1, 'x'] }))],
    [
      'a document URL that is not one',
      (p) => writeFileSync(p, good({ documents: [{ url: 'javascript:1', answered: registry, text: doc }] })),
    ],
    [
      'a number past any integer',
      (p) => writeFileSync(p, good().replace('saved_at = 1', 'saved_at = 99999999999999999999999')),
    ],
    [
      'a file past the size limit',
      (p) => {
        writeFileSync(p, good());
        truncateSync(p, MAX_SNAPSHOT_BYTES + 1);
      },
    ],
    ['a directory', (p) => mkdirSync(p)],
    [
      'a link to a good snapshot',
      (p) => {
        writeFileSync(`${p}.real`, good());
        symlinkSync(`${p}.real`, p);
      },
    ],
    ['a FIFO', (p) => execFileSync('mkfifo', [p])],
  ];
  for (const [what, make] of cases) {
    test(what, async () => {
      const out = scratch();
      const path = snapshotPath(out, input);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      mkdirSync(join(out, STORE_DIR), { recursive: true, mode: 0o700 });
      make(path);
      const log = new MemoryLog();
      await assert.rejects(
        loadRegistry({
          registries: [registry],
          fallback,
          snapshotRoot: out,
          retry: { ...FAST_RETRY, retries: 0 },
          log,
        }),
        (e: Error) => e instanceof UserError && /^no image registry could be read/.test(e.message),
      );
      assert.ok(
        log.lines.some(
          (l) => l.level === 'debug' && l.message.startsWith(`no usable registry snapshot at ${path}: `),
        ),
        log.lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
      );
    });
  }

  test('and the same file written as this tool writes it is used (the cases above can fail)', async () => {
    const out = scratch();
    const path = snapshotPath(out, input);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, good(), { mode: 0o600 });
    const reg = await loadRegistry({
      registries: [registry],
      fallback,
      snapshotRoot: out,
      retry: { ...FAST_RETRY, retries: 0 },
      log: new MemoryLog(),
    });
    assert.equal(reg.kind, 'snapshot');
    assert.deepEqual(
      reg.images.map((e) => e.name),
      ['x'],
    );
  });

  test('a store dir open to other users is not read', async () => {
    const out = scratch();
    const path = snapshotPath(out, input);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, good(), { mode: 0o600 });
    execFileSync('chmod', ['0755', join(out, STORE_DIR)]);
    const log = new MemoryLog();
    await assert.rejects(
      loadRegistry({
        registries: [registry],
        fallback,
        snapshotRoot: out,
        retry: { ...FAST_RETRY, retries: 0 },
        log,
      }),
    );
    assert.ok(log.lines.some((l) => l.level === 'debug' && l.message.includes('is open to other users')));
  });
});

test('a snapshot that cannot be saved is a warning, never a failure', async () => {
  const out = scratch();
  // The store's own dir name taken by a file: no snapshot, and no images.toml either.
  writeFileSync(join(out, STORE_DIR), 'not a dir');
  const registry = serve('/unsaved/reg.toml', 'fine', '1');
  const log = new MemoryLog();
  const result = await list(out, registry, 'none', log);
  assert.deepEqual(names(result.outputs.matrix), ['fine']);
  assert.ok(
    log.warnings.some((w) =>
      w.startsWith(
        `could not save the registry snapshot to ${snapshotPath(out, { registries: [registry] })}: `,
      ),
    ),
    log.warnings.join('\n'),
  );
  assert.deepEqual(readdirSync(out), [STORE_DIR]);
});
