import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Tee, type ByteSink } from '../src/pull/tee.js';
import { sha256, tempDir } from './support/archives.js';

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
  test('small chunks reach the part file and the sink whole, in order, gathered in 1 MiB batches', async () => {
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
      // Three full batches and the tail, instead of one hand-off per piece.
      assert.ok(input.length > 4 * sink.chunks.length, `only ${input.length} pieces`);
      assert.deepEqual(
        sink.chunks.map((c) => c.length),
        [MiB, MiB, MiB, 12345],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a chunk of a batch or more, with nothing gathered, is handed on as it is', async () => {
    const big = randomBytes(2 * MiB);
    const seen: Buffer[] = [];
    const tee = new Tee(undefined, {
      write: async (chunk) => void seen.push(chunk),
      reset: async () => undefined,
    });
    await tee.push(big);
    assert.equal(seen.length, 1);
    assert.equal(seen[0], big, 'the chunk was copied');
    assert.equal(await tee.finish(), sha256(big));
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
    let taken = 0;
    const tee = new Tee(undefined, {
      write: async (chunk) => {
        taken += chunk.length;
        if (taken > MiB) throw new Error('corrupt data');
      },
      reset: async () => undefined,
    });
    for (const p of pieces(data, 50_000)) await tee.push(p);
    assert.equal(await tee.finish(), sha256(data));
    assert.equal(taken, 2 * MiB, 'the sink was fed after it failed');
  });

  test('with neither part file nor sink, only the hash is kept', async () => {
    const data = randomBytes(300_000);
    const tee = new Tee(undefined, undefined);
    for (const p of pieces(data, 65_536)) await tee.push(p);
    assert.equal(await tee.finish(), sha256(data));
  });
});
