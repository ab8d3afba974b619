import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { closestNames, selectImage } from '../../src/registry/select.js';
import { compareNewest, compareVersions } from '../../src/registry/order.js';
import { mergeEntries } from '../../src/registry/merge.js';
import { parseRegistry } from '../../src/registry/parse.js';
import { entry } from '../support/registry-fixtures.js';

/** Every entry of the published release files, merged as the loader would. */
function publishedImages() {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'registry');
  const docs = readdirSync(dir)
    .filter((n) => /^v[\d.]+\.toml$/.test(n))
    .sort()
    .map((n) => parseRegistry(readFileSync(join(dir, n), 'utf8'), `https://registry.example/${n}`));
  for (const d of docs) assert.deepEqual(d.invalid, [], d.url);
  return mergeEntries(
    docs.map((d) => d.images),
    (m) => assert.fail(m),
  );
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

test('an unknown name lists the closest names and the architectures available', () => {
  const images = publishedImages();
  const err = userError(() => selectImage(images, { name: 'qemu_aarch64_linx' }));
  assert.match(err.message, /^no image named 'qemu_aarch64_linx' in the registry/);
  const close = /closest names: ([^;]+)/.exec(err.message)?.[1]?.split(', ');
  assert.ok(close, err.message);
  assert.equal(close[0], 'qemu_aarch64_linux');
  assert.ok(close.length <= 5);
  assert.match(err.message, /architectures available: aarch64, riscv64, x86_64/);

  // A substring of a real name ranks the names containing it first.
  const sub = userError(() => selectImage(images, { name: 'nimbos' }));
  // (the shortest, so nearest by edit distance, first)
  assert.match(sub.message, /closest names: qemu_x86_64_nimbos, qemu_aarch64_nimbos, qemu_riscv64_nimbos;/);

  // Nothing near: no list of unrelated names, still the arches.
  const far = userError(() => selectImage(images, { name: 'zzzzzzzzzzzzzzzzzzzzzz' }));
  assert.doesNotMatch(far.message, /closest names/);
  assert.match(far.message, /architectures available/);
});

test('an unknown version lists the versions there are, in version order', () => {
  const images = publishedImages();
  const err = userError(() => selectImage(images, { name: 'rdk-s100p_linux', version: '0.0.21' }));
  assert.equal(
    err.message,
    'rdk-s100p_linux has no version 0.0.21; available versions: 0.0.23, 0.0.24, 0.0.25',
  );
});

test("an arch mismatch names the input 'arch'", () => {
  const images = publishedImages();
  const err = userError(() =>
    selectImage(images, { name: 'qemu_x86_64_linux' }, { arch: ['aarch64', 'riscv64'] }),
  );
  assert.match(err.message, /^image qemu_x86_64_linux:0\.0\.25 is for x86_64, not aarch64 or riscv64$/);
  assert.equal(selectImage(images, { name: 'qemu_x86_64_linux' }, { arch: ['x86_64'] }).arch, 'x86_64');
  assert.equal(selectImage(images, { name: 'qemu_x86_64_linux' }, { arch: [] }).arch, 'x86_64');
});

test('the newest released_at wins over a higher version', () => {
  const images = [
    entry({ name: 'x', version: '0.0.30', releasedAt: '2025-01-01T00:00:00.000Z' }),
    entry({ name: 'x', version: '0.0.2', releasedAt: '2026-01-01T00:00:00.000Z' }),
  ];
  assert.equal(selectImage(images, { name: 'x' }).version, '0.0.2');
});

test('released_at ties are broken by version, numerically', () => {
  const at = '2026-04-03T01:28:26.000Z';
  const images = ['0.0.9', '0.0.10', '0.0.2'].map((version) => entry({ name: 'x', version, releasedAt: at }));
  assert.equal(selectImage(images, { name: 'x' }).version, '0.0.10');
  assert.deepEqual(
    [...images].sort(compareNewest).map((e) => e.version),
    ['0.0.10', '0.0.9', '0.0.2'],
  );
});

test('entries without released_at sort oldest', () => {
  const images = [
    entry({ name: 'x', version: '9.9.9' }),
    entry({ name: 'x', version: '0.0.1', releasedAt: '2020-01-01T00:00:00.000Z' }),
    entry({ name: 'x', version: '10.0.0' }),
  ];
  assert.equal(selectImage(images, { name: 'x' }).version, '0.0.1');
  assert.deepEqual(
    [...images].sort(compareNewest).map((e) => e.version),
    ['0.0.1', '10.0.0', '9.9.9'],
  );
  // Among undated entries alone, the highest version is the latest.
  assert.equal(
    selectImage(
      images.filter((e) => !e.releasedAt),
      { name: 'x' },
    ).version,
    '10.0.0',
  );
});

test('released_at as an unquoted TOML datetime is accepted and compared as an instant', () => {
  const text = [
    '[[images]]',
    'name = "x"',
    'version = "1"',
    `sha256 = "${'a'.repeat(64)}"`,
    'arch = "aarch64"',
    'url = "https://h.example/x1.tar.gz"',
    'released_at = 2026-04-03T01:28:26Z',
    '',
    '[[images]]',
    'name = "x"',
    'version = "2"',
    `sha256 = "${'b'.repeat(64)}"`,
    'arch = "aarch64"',
    'url = "https://h.example/x2.tar.gz"',
    // Earlier as an instant, though its local time reads later.
    'released_at = "2026-04-03T03:00:00+02:00"',
    '',
  ].join('\n');
  const doc = parseRegistry(text, 'https://h.example/r.toml');
  assert.deepEqual(doc.invalid, []);
  assert.equal(doc.images[0]?.releasedAt, '2026-04-03T01:28:26.000Z');
  assert.equal(doc.images[1]?.releasedAt, '2026-04-03T01:00:00.000Z');
  assert.equal(selectImage(doc.images, { name: 'x' }).version, '1');
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
  const doc = parseRegistry(text, 'https://h.example/r.toml');
  assert.equal(doc.images.length, 0);
  assert.equal(doc.invalid[0]?.where, 'https://h.example/r.toml:1');
  assert.match(doc.invalid[0]?.problem ?? '', /released_at.*https:\/\/h\.example\/r\.toml:7.*offset/);
});

test('a pinned version is taken even when it is not the latest', () => {
  const images = publishedImages();
  const e = selectImage(images, { name: 'qemu_riscv64_nimbos', version: '0.0.20' });
  assert.equal(e.version, '0.0.20');
  assert.equal(e.arch, 'riscv64');
});

test('versions compare part by part, numerically where both parts are numbers', () => {
  assert.ok(compareVersions('0.0.10', '0.0.9') > 0);
  assert.ok(compareVersions('1.2', '1.2.0') < 0);
  assert.ok(compareVersions('1.0.0-rc1', '1.0.0-rc2') < 0);
  assert.equal(compareVersions('0.0.25', '0.0.25'), 0);
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
