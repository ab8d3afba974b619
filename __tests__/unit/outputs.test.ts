// The `files` and `images` outputs of an image with 100,000 files stay within GitHub's 1 MB per
// output, hold a prefix of the real list, and the cut is reported.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pullOutputs } from '../../src/action/outputs.js';
import { capImagesOutput, capPathList, MAX_OUTPUT_BYTES } from '../../src/action/outputs.js';
import type { PullResult } from '../../src/pull/pull.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** `n` distinct relative paths of a realistic depth, about 50 bytes each. */
const paths = (n: number, tag = 'usr'): string[] =>
  Array.from({ length: n }, (_, i) => `rootfs/${tag}/share/doc/pkg-${Math.floor(i / 50)}/file-${i}.txt`);

describe('capPathList', () => {
  test('100,000 paths: a prefix that fits in 1 MB, as long as fits', () => {
    const all = paths(100_000);
    assert.ok(bytes(JSON.stringify(all)) > 4 * MAX_OUTPUT_BYTES, 'the full list is well over the limit');
    const { json, kept } = capPathList(all);
    assert.ok(bytes(json) <= MAX_OUTPUT_BYTES, `${bytes(json)} bytes`);
    assert.ok(kept > 0 && kept < all.length);
    assert.deepEqual(JSON.parse(json), all.slice(0, kept));
    assert.ok(
      bytes(JSON.stringify(all.slice(0, kept + 1))) > MAX_OUTPUT_BYTES,
      'one more path would not fit',
    );
  });

  test('a list that fits is kept whole, to the byte', () => {
    const some = paths(10);
    const exact = bytes(JSON.stringify(some));
    assert.deepEqual(capPathList(some, exact), { json: JSON.stringify(some), kept: 10 });
    assert.equal(capPathList(some, exact - 1).kept, 9);
    assert.deepEqual(capPathList([], 2), { json: '[]', kept: 0 });
  });

  test('bytes are counted, not characters, escapes included', () => {
    const wide = ['données/é.txt', 'a"quote', 'tab\there', 'ünïcödé'.repeat(10)];
    for (let limit = 2; limit < 200; limit++) {
      const { json, kept } = capPathList(wide, limit);
      assert.ok(bytes(json) <= limit, `limit ${limit}: ${json}`);
      assert.deepEqual(JSON.parse(json), wide.slice(0, kept));
    }
  });
});

describe('capImagesOutput', () => {
  const fields = (name: string): Record<string, string> => ({
    name,
    path: `/out/${name}`,
    sha256: 'f'.repeat(64),
  });

  test('one huge image among small ones: the small lists stay whole, the whole fits in 1 MB', () => {
    const images = [
      { fields: fields('big'), files: paths(100_000, 'big') },
      { fields: fields('small'), files: paths(10, 'small') },
      { fields: fields('medium'), files: paths(6_000, 'medium') },
    ];
    const { json, kept } = capImagesOutput(images);
    assert.ok(bytes(json) <= MAX_OUTPUT_BYTES, `${bytes(json)} bytes`);
    // The room is used, bar the last path of each cut list.
    assert.ok(bytes(json) > MAX_OUTPUT_BYTES - 200, `${bytes(json)} bytes`);
    assert.equal(kept[1], 10);
    assert.equal(kept[2], 6_000);
    assert.ok(kept[0]! > 0 && kept[0]! < 100_000);
    const parsed = JSON.parse(json) as Record<string, unknown>[];
    parsed.forEach((img, i) => {
      assert.deepEqual(img, { ...images[i]!.fields, files: images[i]!.files.slice(0, kept[i]) });
    });
  });

  test('two huge images share the room evenly', () => {
    const images = [
      { fields: fields('a'), files: paths(100_000, 'aaa') },
      { fields: fields('b'), files: paths(100_000, 'bbb') },
    ];
    const { json, kept } = capImagesOutput(images);
    assert.ok(bytes(json) <= MAX_OUTPUT_BYTES);
    assert.ok(Math.abs(kept[0]! - kept[1]!) <= 1, kept.join(' '));
  });

  test('images that fit are left as they are', () => {
    const images = [{ fields: fields('a'), files: paths(3) }];
    assert.deepEqual(capImagesOutput(images), {
      json: JSON.stringify([{ ...images[0]!.fields, files: images[0]!.files }]),
      kept: [3],
    });
  });
});

describe('pullOutputs', () => {
  /** A pull result as the pull returns it, for an image with these files. */
  const result = (name: string, files: string[]): PullResult =>
    ({
      entry: {
        name,
        version: '1.0',
        arch: 'aarch64',
        sha256: 'a'.repeat(64),
        url: 'https://x.invalid/a.tar.gz',
      },
      layout: { extractDir: `/out/${name}-1.0` },
      path: `/out/${name}-1.0`,
      archive: '',
      source: 'download',
      cacheHit: false,
      files: { files },
      archiveBytes: 0,
      ms: 0,
      saved: Promise.resolve(),
    }) as unknown as PullResult;

  test('an image of 100,000 files: files and images fit, and each cut is reported with the dir that has them all', () => {
    const all = paths(100_000);
    const { outputs, cuts } = pullOutputs([result('big', all), result('small', ['kernel'])], 'reg (primary)');
    assert.ok(bytes(outputs.files!) <= MAX_OUTPUT_BYTES);
    assert.ok(bytes(outputs.images!) <= MAX_OUTPUT_BYTES);
    const files = JSON.parse(outputs.files!) as string[];
    assert.deepEqual(files, all.slice(0, files.length));
    const inImages = (JSON.parse(outputs.images!) as { files: string[] }[]).map((i) => i.files.length);
    assert.equal(inImages[1], 1);
    assert.deepEqual(cuts, [
      `output 'files' lists ${files.length} of the 100000 files of big:1.0 (${100_000 - files.length} left out to stay within GitHub's 1 MB per output); all of them are in /out/big-1.0`,
      `output 'images' lists ${inImages[0]} of the 100000 files of big:1.0 (${100_000 - inImages[0]!} left out to stay within GitHub's 1 MB per output); all of them are in /out/big-1.0`,
    ]);
    assert.equal(outputs.name, 'big');
    assert.equal(outputs['registry-source'], 'reg (primary)');
  });

  test('small images: the full lists and no cuts', () => {
    const { outputs, cuts } = pullOutputs([result('a', ['k', 'r'])], 'reg');
    assert.equal(outputs.files, '["k","r"]');
    assert.deepEqual((JSON.parse(outputs.images!) as { files: string[] }[])[0]!.files, ['k', 'r']);
    assert.deepEqual(cuts, []);
  });
});
