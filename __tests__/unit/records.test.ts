// The store reads its own records back from disk as untrusted data: whatever a record file holds
// (any JSON value, any bytes, a record of the right shape with one field wrong), a pull neither
// crashes nor trusts the tree; it extracts the image again from the verified archive. The seed
// is fixed, so a run is reproducible; a failure prints the smallest content that breaks it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { pullImage } from '../../src/pull/pull.js';
import { MARKER_FILE, RECORD_FILE } from '../../src/storage/layout.js';
import { parseRecord } from '../../src/storage/tree-record.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { MemoryLog } from '../support/memory-log.js';
import { FAST_RETRY, entry } from '../support/registry-fixtures.js';
import { expectedTree, readTree } from '../support/reliability.js';

const SEED = 20261204;
const files = { 'qemu-aarch64': 'kernel', 'sub/rootfs.img': 'rootfs' };
let work: string;
let image: ReturnType<typeof entry>;

before(async () => {
  work = tempDir('axi-records-');
  const bytes = await makeArchive(files);
  writeFileSync(join(work, 'img.tar.gz'), bytes);
  image = entry({
    name: 'img',
    version: '1',
    sha256: sha256(bytes),
    url: pathToFileURL(join(work, 'img.tar.gz')).href,
  });
});
after(() => rmSync(work, { recursive: true, force: true }));

let run = 0;
const pull = (outputDir: string) =>
  pullImage({
    entry: image,
    spec: { name: 'img' },
    outputDir,
    extract: true,
    retry: FAST_RETRY,
    log: new MemoryLog(),
  });

/** A record with the shape the store writes, one part of it replaced by `value`. */
const recordWith = (
  sha: string,
  where: 'entries' | 'entry' | 'stamp' | 'archive' | 'version',
  value: unknown,
) => {
  const stamp = ['qemu-aarch64', 'f', '644', '0', '6', '1', '1', '1'];
  const doc: Record<string, unknown> = { version: 1, sha256: sha, entries: [stamp] };
  if (where === 'entries') doc.entries = value;
  if (where === 'entry') doc.entries = [value];
  if (where === 'stamp') doc.entries = [[...stamp.slice(0, 7), value]];
  if (where === 'archive') doc.archive = value;
  if (where === 'version') doc.version = value;
  return JSON.stringify(doc);
};

test('any content in a record file or the marker: never a crash, never trusted; the image is extracted again', async () => {
  const content = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
    fc
      .tuple(
        fc.constantFrom('entries', 'entry', 'stamp', 'archive', 'version') as fc.Arbitrary<'entries'>,
        fc.jsonValue(),
      )
      .map(([where, v]) => recordWith(image.sha256, where, v)),
    fc.constantFrom('{"entries":[null]}', '{"archive":null}', `${image.sha256}`, '', 'null'),
  );
  await fc.assert(
    fc.asyncProperty(content, fc.constantFrom(RECORD_FILE, MARKER_FILE), async (text, file) => {
      const out = join(work, `p${++run}`);
      const first = await pull(out);
      writeFileSync(join(first.path, file), text);
      const again = await pull(out);
      // Read back as what the store wrote, or as nothing at all: a tree either way exactly as
      // extracted from these bytes, with a marker for them (the same digest written another way
      // is the same marker) and a record.
      assert.equal(again.source, 'local');
      const { [MARKER_FILE]: _marker, ...tree } = await readTree(again.path);
      const { [MARKER_FILE]: _expected, ...expected } = expectedTree(files, image.sha256);
      assert.deepEqual(tree, expected);
      assert.equal(readFileSync(join(again.path, MARKER_FILE), 'utf8').trim(), image.sha256);
      rmSync(out, { recursive: true, force: true });
    }),
    { seed: SEED, numRuns: 80 },
  );
});

test('parseRecord accepts exactly the shape the store writes', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const record = parseRecord(v, image.sha256);
      if (record === undefined) return;
      // Whatever it accepted is a record: arrays of eight strings, for these very bytes.
      const doc = v as Record<string, unknown>;
      assert.equal(doc.version, 1);
      assert.equal(doc.sha256, image.sha256);
      for (const s of [...record.entries, ...(record.archive ? [record.archive] : [])]) {
        assert.ok(Array.isArray(s) && s.length === 8 && s.every((x) => typeof x === 'string'));
      }
    }),
    { seed: SEED, numRuns: 500 },
  );
  assert.equal(parseRecord({ version: 1, sha256: image.sha256, entries: [null] }, image.sha256), undefined);
  assert.equal(
    parseRecord({ version: 1, sha256: image.sha256, entries: [], archive: null }, image.sha256),
    undefined,
  );
});
