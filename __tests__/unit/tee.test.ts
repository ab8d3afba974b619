import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MemoryLog } from '../support/memory-log.js';
import { StreamExtractor } from '../../src/unpack/extract.js';
import { Tee, type ByteSink } from '../../src/unpack/tee.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';

const MiB = 1024 * 1024;

/** A sink that keeps every chunk it is given, as the extractor would receive them. */
class RecordingSink implements ByteSink {
  chunks: Buffer[] = [];
  resets = 0;
  async write(chunk: Buffer): Promise<void> {
    // Copied: a tee that reused a buffer it had handed on would show up as corrupt bytes here.
    this.chunks.push(Buffer.from(chunk));
  }
  async reset(): Promise<void> {
    this.resets++;
    this.chunks = [];
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Splits `data` into pieces of 1..max bytes, as a socket delivers them. */
function pieces(data: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  let seed = 7;
  for (let at = 0; at < data.length;) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const n = Math.min(data.length - at, 1 + (seed % max));
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('Tee', () => {
  test('small chunks reach the part file and the sink whole and in order', async () => {
    const dir = tempDir();
    try {
      const data = randomBytes(3 * MiB + 12345);
      const sink = new RecordingSink();
      const part = join(dir, 'a.part');
      const tee = new Tee(part, sink);
      const input = pieces(data, 70_000);
      for (const p of input) await tee.push(p);
      assert.equal(tee.bytes, data.length);
      const digest = await tee.finish();
      assert.equal(digest, sha256(data));
      assert.ok(sink.bytes.equals(data), 'the sink got other bytes than were pushed');
      assert.ok(readFileSync(part).equals(data), 'the part file holds other bytes than were pushed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('large chunks, as a file read gives them, reach the sink whole and in order', async () => {
    const data = randomBytes(5 * MiB + 99);
    const sink = new RecordingSink();
    const tee = new Tee(undefined, sink);
    for (const p of pieces(data, 2 * MiB)) await tee.push(p);
    assert.equal(await tee.finish(), sha256(data));
    assert.ok(sink.bytes.equals(data), 'the sink got other bytes than were pushed');
  });

  test('a buffer handed on is not reused while the sink holds it, however late it lets go', async () => {
    const dir = tempDir();
    try {
      const data = randomBytes(24 * MiB + 4321);
      const part = join(dir, 'c.part');
      const received: Buffer[] = [];
      const checks: Promise<void>[] = [];
      let changed = 0;
      let seed = 11;
      // Keeps each chunk itself, not a copy, and lets go of it up to 20 ms later, as zlib's
      // input queue does; the bytes must still be the ones it was given when it lets go.
      const tee = new Tee(part, {
        write: async (chunk, release) => {
          const copy = Buffer.from(chunk);
          received.push(copy);
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const delay = seed % 21;
          checks.push(
            new Promise<void>((resolve) =>
              setTimeout(() => {
                if (!chunk.equals(copy)) changed++;
                release?.();
                resolve();
              }, delay),
            ),
          );
        },
        reset: async () => undefined,
      });
      for (const p of pieces(data, 65_536)) await tee.push(p);
      assert.equal(await tee.finish(), sha256(data));
      await Promise.all(checks);
      assert.equal(changed, 0, 'chunks changed while the sink still held them');
      assert.ok(Buffer.concat(received).equals(data), 'the sink got other bytes than were pushed');
      assert.ok(readFileSync(part).equals(data), 'the part file holds other bytes than were pushed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reset drops the bytes gathered so far, from the hash, the part file and the sink', async () => {
    const dir = tempDir();
    try {
      const sink = new RecordingSink();
      const part = join(dir, 'b.part');
      const tee = new Tee(part, sink);
      await tee.push(randomBytes(100_000));
      await tee.reset();
      const second = randomBytes(50_000);
      for (const p of pieces(second, 4096)) await tee.push(p);
      assert.equal(tee.bytes, second.length);
      assert.equal(await tee.finish(), sha256(second));
      assert.equal(sink.resets, 1);
      assert.ok(sink.bytes.equals(second));
      assert.ok(readFileSync(part).equals(second));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a sink that fails stops being fed, and the digest still covers every byte in order', async () => {
    const data = randomBytes(3 * MiB + 777);
    let failed = false;
    let fedAfterFailing = false;
    const tee = new Tee(undefined, {
      write: async () => {
        if (failed) fedAfterFailing = true;
        failed = true;
        throw new Error('corrupt data');
      },
      reset: async () => undefined,
    });
    for (const p of pieces(data, 50_000)) await tee.push(p);
    assert.equal(await tee.finish(), sha256(data));
    assert.ok(failed, 'the sink was never fed');
    assert.equal(fedAfterFailing, false, 'the sink was fed after it failed');
    assert.match(tee.sinkFailure?.message ?? '', /corrupt data/);
  });

  test('with neither part file nor sink, only the hash is kept', async () => {
    const data = randomBytes(300_000);
    const tee = new Tee(undefined, undefined);
    for (const p of pieces(data, 65_536)) await tee.push(p);
    assert.equal(await tee.finish(), sha256(data));
  });
});

describe('Tee into the extractor', () => {
  // Batch buffers are reused once the extractor lets go of them: for each kind of archive, the
  // extracted bytes must be the archive's, however the decompressor holds its input.
  for (const kind of ['gzip', 'zstd', 'xz', 'none'] as const) {
    test(
      `${kind}: files extracted from a download of many batches are whole`,
      { timeout: 60_000 },
      async () => {
        const dir = tempDir();
        try {
          const files = { 'rootfs.img': randomBytes(9 * MiB), 'boot/kernel': randomBytes(MiB + 17) };
          // xz's fastest preset: its default takes seconds on this much random data.
          const archive =
            kind === 'xz'
              ? execFileSync('xz', ['-0', '-c'], {
                  input: await makeArchive(files, 'none'),
                  maxBuffer: 64 * MiB,
                })
              : await makeArchive(files, kind);
          const ex = await StreamExtractor.create(join(dir, 'img'), { log: new MemoryLog(), label: 'img:1' });
          const tee = new Tee(join(dir, 'a.part'), {
            write: (chunk, release) => ex.write(chunk, release),
            reset: async () => undefined,
          });
          for (const p of pieces(archive, 65_536)) await tee.push(p);
          assert.equal(await tee.finish(), sha256(archive));
          await ex.finish();
          for (const [rel, content] of Object.entries(files)) {
            assert.equal(sha256(readFileSync(join(dir, 'img', rel))), sha256(content), rel);
          }
          assert.equal(sha256(readFileSync(join(dir, 'a.part'))), sha256(archive), 'the part file');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  }
});
