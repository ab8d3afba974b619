import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { closestNames, selectImage } from '../../src/registry/select.js';
import { compareVersions } from '../../src/registry/order.js';
import { compareUtf8 } from '../../src/registry/rust-order.js';
import { parseRegistry } from '../../src/registry/parse.js';
import { MemoryLog } from '../support/memory-log.js';
import { publishedDocuments, registryFrom, UPSTREAM_REGISTRY_BASE } from '../support/registry-fixtures.js';

const DEFAULT = `${UPSTREAM_REGISTRY_BASE}default.toml`;
const HEX = (c: string): string => c.repeat(64);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

/** One registry document of these entries (absolute URLs, so the Rust tool could read it too). */
function doc(entries: { name: string; version: string; released_at?: string; raw?: string }[]): string {
  return entries
    .map((e, i) =>
      [
        '[[images]]',
        `name = "${e.name}"`,
        `version = "${e.version}"`,
        'description = "d"',
        `sha256 = "${HEX('0123456789abcdef'[i % 16] as string)}"`,
        'arch = "aarch64"',
        `url = "https://h.example/${e.name}-${e.version}.tar.gz"`,
        ...(e.released_at ? [`released_at = ${e.raw ?? JSON.stringify(e.released_at)}`] : []),
        '',
      ].join('\n'),
    )
    .join('\n');
}

/** `spec`'s choice in a one-document registry. */
function pick(entries: Parameters<typeof doc>[0], name: string, log = new MemoryLog()): string {
  const url = 'https://h.example/r.toml';
  const reg = registryFrom(new Map([[url, doc(entries)]]), [url], log);
  return selectImage(reg, { name }, { log }).version;
}

test('an unknown name lists the closest names and the architectures available', () => {
  const reg = registryFrom(publishedDocuments(), [DEFAULT]);
  const log = new MemoryLog();
  const err = userError(() => selectImage(reg, { name: 'qemu_aarch64_linx' }, { log }));
  assert.match(err.message, /^no image named 'qemu_aarch64_linx' in the registry/);
  const close = /closest names: ([^;]+)/.exec(err.message)?.[1]?.split(', ');
  assert.ok(close, err.message);
  assert.equal(close[0], 'qemu_aarch64_linux');
  assert.ok(close.length <= 5);
  assert.match(err.message, /architectures available: aarch64, riscv64, x86_64/);

  // A substring of a real name ranks the names containing it first.
  const sub = userError(() => selectImage(reg, { name: 'nimbos' }, { log }));
  // (the shortest, so nearest by edit distance, first)
  assert.match(sub.message, /closest names: qemu_x86_64_nimbos, qemu_aarch64_nimbos, qemu_riscv64_nimbos;/);

  // Nothing near: no list of unrelated names, still the arches.
  const far = userError(() => selectImage(reg, { name: 'zzzzzzzzzzzzzzzzzzzzzz' }, { log }));
  assert.doesNotMatch(far.message, /closest names/);
  assert.match(far.message, /architectures available/);
});

test('an unknown version lists the versions there are in every release file, in version order', () => {
  const reg = registryFrom(publishedDocuments(), [DEFAULT]);
  const err = userError(() =>
    selectImage(reg, { name: 'rdk-s100p_linux', version: '0.0.21' }, { log: new MemoryLog() }),
  );
  assert.equal(
    err.message,
    'rdk-s100p_linux has no version 0.0.21; available versions: 0.0.23, 0.0.24, 0.0.25',
  );
});

test("an arch mismatch names the input 'arch'", () => {
  const reg = registryFrom(publishedDocuments(), [DEFAULT]);
  const log = new MemoryLog();
  const err = userError(() =>
    selectImage(reg, { name: 'qemu_x86_64_linux' }, { arch: ['aarch64', 'riscv64'], log }),
  );
  assert.match(err.message, /^image qemu_x86_64_linux:0\.0\.25 is for x86_64, not aarch64 or riscv64$/);
  assert.equal(selectImage(reg, { name: 'qemu_x86_64_linux' }, { arch: ['x86_64'], log }).arch, 'x86_64');
  assert.equal(selectImage(reg, { name: 'qemu_x86_64_linux' }, { arch: [], log }).arch, 'x86_64');
});

test('the newest released_at wins over a higher version', () => {
  assert.equal(
    pick(
      [
        { name: 'x', version: '0.0.30', released_at: '2025-01-01T00:00:00Z' },
        { name: 'x', version: '0.0.2', released_at: '2026-01-01T00:00:00Z' },
      ],
      'x',
    ),
    '0.0.2',
  );
});

test('released_at ties go to the last in text order, as the Rust tool does, with a warning naming each', () => {
  const at = '2026-04-03T01:28:26Z';
  const log = new MemoryLog();
  const version = pick(
    ['0.0.9', '0.0.10', '0.0.2'].map((v) => ({ name: 'x', version: v, released_at: at })),
    'x',
    log,
  );
  // As text, "0.0.10" < "0.0.2" < "0.0.9": the last of the three is 0.0.9.
  assert.equal(version, '0.0.9');
  assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
  assert.match(log.warnings[0]!, /^x: 3 entries share the latest released_at \(2026-04-03T01:28:26Z\)/);
  for (const line of [1, 10, 19]) assert.ok(log.warnings[0]!.includes(`r.toml:${line}`), log.warnings[0]);
  assert.match(log.warnings[0]!, /taking 0\.0\.9, as the Rust tool does/);
});

test('entries without released_at sort before any date; among themselves the last in text order', () => {
  const undated = [
    { name: 'x', version: '9.9.9' },
    { name: 'x', version: '10.0.0' },
  ];
  assert.equal(
    pick([...undated, { name: 'x', version: '0.0.1', released_at: '2020-01-01T00:00:00Z' }], 'x'),
    '0.0.1',
  );
  // "10.0.0" < "9.9.9" as text.
  assert.equal(pick(undated, 'x'), '9.9.9');
  assert.equal(
    pick(
      [
        { name: 'y', version: '1.10' },
        { name: 'y', version: '1.2' },
      ],
      'y',
    ),
    '1.2',
  );
});

test('released_at as an unquoted TOML datetime is accepted and compared as an instant', () => {
  const log = new MemoryLog();
  const version = pick(
    [
      { name: 'x', version: '1', released_at: 'x', raw: '2026-04-03T01:28:26Z' },
      // Earlier as an instant, though its local time reads later.
      { name: 'x', version: '2', released_at: '2026-04-03T03:00:00+02:00' },
    ],
    'x',
    log,
  );
  assert.equal(version, '1');
});

test('a TOML local date-time (no offset) is not an instant and the entry is refused', () => {
  const text = [
    '[[images]]',
    'name = "x"',
    'version = "1"',
    `sha256 = "${'a'.repeat(64)}"`,
    'arch = "aarch64"',
    'url = "https://h.example/x1.tar.gz"',
    'released_at = 2026-04-03T01:28:26',
  ].join('\n');
  const parsed = parseRegistry(text, 'https://h.example/r.toml');
  assert.equal(parsed.images.length, 0);
  assert.equal(parsed.invalid[0]?.where, 'https://h.example/r.toml:1');
  assert.match(parsed.invalid[0]?.problem ?? '', /released_at.*https:\/\/h\.example\/r\.toml:7.*offset/);
  // It still holds its (name, version), so a lookup finds it and says why it cannot be used.
  const url = 'https://h.example/r.toml';
  const reg = registryFrom(new Map([[url, text]]), [url]);
  const err = userError(() => selectImage(reg, { name: 'x', version: '1' }, { log: new MemoryLog() }));
  assert.match(
    err.message,
    /the entry for it at https:\/\/h\.example\/r\.toml:1 \(x:1\) is invalid: .*offset/,
  );
});

test('a pinned version is taken even when it is not the latest, from another release file', () => {
  const reg = registryFrom(publishedDocuments(), [DEFAULT]);
  const log = new MemoryLog();
  const e = selectImage(reg, { name: 'qemu_riscv64_nimbos', version: '0.0.20' }, { log });
  assert.equal(e.version, '0.0.20');
  assert.equal(e.arch, 'riscv64');
  assert.ok(
    log.infos.some(
      (l) =>
        l.startsWith(
          `qemu_riscv64_nimbos:0.0.20: not in ${UPSTREAM_REGISTRY_BASE}v0.0.25.toml (the included registry the Rust tool reads)`,
        ) && l.includes(`taking qemu_riscv64_nimbos:0.0.20 from ${UPSTREAM_REGISTRY_BASE}v0.0.20.toml:`),
    ),
    log.infos.join('\n'),
  );
});

test('versions compare part by part for display, numerically where both parts are numbers', () => {
  assert.ok(compareVersions('0.0.10', '0.0.9') > 0);
  assert.ok(compareVersions('1.2', '1.2.0') < 0);
  assert.ok(compareVersions('1.0.0-rc1', '1.0.0-rc2') < 0);
  assert.equal(compareVersions('0.0.25', '0.0.25'), 0);
});

test("the Rust tool's text order is UTF-8 byte order, not UTF-16 unit order", () => {
  const bytes = (a: string, b: string): number => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const samples = [
    '',
    'a',
    'b',
    'ab',
    '0.0.10',
    '0.0.9',
    '\u00e9',
    '\uffff',
    '\ue000',
    '\u{10000}',
    '\u{1f600}x',
    'Z',
  ];
  for (const a of samples) {
    for (const b of samples)
      assert.equal(Math.sign(compareUtf8(a, b)), bytes(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  // Where UTF-16 disagrees: U+10000 is a surrogate pair (0xD800 …), below U+E000 as units.
  assert.ok('\u{10000}' < '\ue000');
  assert.ok(compareUtf8('\u{10000}', '\ue000') > 0);
});

test('closestNames ranks by edit distance with containing names first', () => {
  const names = ['qemu_aarch64_linux', 'qemu_aarch64_arceos', 'qemu_x86_64_linux', 'orangepi_linux'];
  assert.deepEqual(closestNames('linux', names, 5), [
    'orangepi_linux',
    'qemu_x86_64_linux',
    'qemu_aarch64_linux',
  ]);
  assert.deepEqual(closestNames('QEMU_AARCH64_LINUX', names, 1), ['qemu_aarch64_linux']);
});
