// decompressInto('gzip') against Node's own gunzipSync, on gzip files built here field by field:
// every header field, several members, zero padding, any chunking, a slow reader; and the ways a
// file can be damaged, each of which must end in zlib's error codes, never in a hang.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { decompressInto } from '../../src/unpack/decompress.js';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage } from '../../src/pull/pull.js';
import { readFileSync } from 'node:fs';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { startFileServer } from '../support/file-server.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

const SEED = 20261126;

interface MemberOptions {
  name?: string;
  comment?: string;
  extra?: Buffer;
  headerCrc?: boolean;
  level?: number;
}

/** One gzip member, field by field (RFC 1952), with a correct CRC-32 and ISIZE. */
function member(payload: Buffer, opts: MemberOptions = {}): Buffer {
  let flags = 0;
  const fields: Buffer[] = [];
  if (opts.extra) {
    flags |= 4;
    const len = Buffer.alloc(2);
    len.writeUInt16LE(opts.extra.length);
    fields.push(len, opts.extra);
  }
  if (opts.name !== undefined) {
    flags |= 8;
    fields.push(Buffer.from(`${opts.name}\0`, 'latin1'));
  }
  if (opts.comment !== undefined) {
    flags |= 16;
    fields.push(Buffer.from(`${opts.comment}\0`, 'latin1'));
  }
  if (opts.headerCrc) flags |= 2;
  let header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3]), ...fields]);
  if (opts.headerCrc) {
    const crc16 = Buffer.alloc(2);
    crc16.writeUInt16LE(zlib.crc32(header) & 0xffff);
    header = Buffer.concat([header, crc16]);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(payload), 0);
  trailer.writeUInt32LE(payload.length % 2 ** 32, 4);
  return Buffer.concat([header, zlib.deflateRawSync(payload, { level: opts.level ?? 6 }), trailer]);
}

/** Feeds `input` in the given chunks; resolves with the output, or the error, or 'hang'. */
async function gunzip(
  input: Buffer,
  chunks: number[] = [input.length || 1],
  slowReader = false,
): Promise<{ out?: Buffer; err?: NodeJS.ErrnoException; hang?: true }> {
  const out: Buffer[] = [];
  const dest = new Writable({
    highWaterMark: slowReader ? 1 : 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      out.push(chunk);
      if (slowReader) setImmediate(cb);
      else cb();
    },
  });
  const stream = decompressInto('gzip', dest);
  const result = new Promise<{ out?: Buffer; err?: NodeJS.ErrnoException }>((resolve) => {
    dest.on('finish', () => resolve({ out: Buffer.concat(out) }));
    stream.on('error', (err: NodeJS.ErrnoException) => resolve({ err }));
  });
  void (async () => {
    let at = 0;
    for (let i = 0; at < input.length; i++) {
      const size = chunks[i % chunks.length]!;
      if (!stream.write(input.subarray(at, at + size))) {
        await new Promise((r) => {
          stream.once('drain', r);
          stream.once('error', r);
        });
      }
      if (stream.destroyed) return;
      at += size;
    }
    stream.end();
  })();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ hang: true }>((resolve) => {
    timer = setTimeout(() => resolve({ hang: true }), 10_000);
  });
  try {
    return await Promise.race([result, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const payloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  fc.nat({ max: 300_000 }).map((n) => Buffer.alloc(n, 'guest image ')),
  fc.nat({ max: 200_000 }).map((n) => randomBytes(n)),
);
const optionsArb: fc.Arbitrary<MemberOptions> = fc.record(
  {
    name: fc.string({ maxLength: 20 }).map((s) => s.replaceAll('\0', '')),
    comment: fc.string({ maxLength: 20 }).map((s) => s.replaceAll('\0', '')),
    extra: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
    headerCrc: fc.boolean(),
    level: fc.integer({ min: 0, max: 9 }),
  },
  { requiredKeys: [] },
);

describe("decompressInto('gzip')", () => {
  test('any members, header fields, chunking and zero padding: the same bytes as Node’s gunzip', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(payloadArb, optionsArb), { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 16 }),
        fc.array(fc.integer({ min: 512, max: 70_000 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (members, padding, chunks, slowReader) => {
          const file = Buffer.concat([...members.map(([p, o]) => member(p, o)), Buffer.alloc(padding)]);
          const want = Buffer.concat(members.map(([p]) => p));
          assert.ok(zlib.gunzipSync(file).equals(want), 'the reference agrees with the test');
          const r = await gunzip(file, chunks, slowReader);
          assert.equal(r.err, undefined, r.err?.message);
          assert.ok(r.out?.equals(want), `got ${r.out?.length} bytes, want ${want.length}`);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  test('a file cut anywhere fails with "unexpected end of file", never hangs', async () => {
    const file = member(Buffer.alloc(200_000, 'rootfs '), { name: 'rootfs.img', headerCrc: true });
    // 10 fixed bytes, the name and its NUL, the header CRC.
    const header = 10 + 'rootfs.img'.length + 1 + 2;
    // In the header, in the deflate data, in the trailer.
    for (const cut of [
      0,
      1,
      5,
      header - 1,
      header,
      header + 10,
      file.length - 9,
      file.length - 8,
      file.length - 1,
    ]) {
      for (const chunks of [[cut || 1], [4096]]) {
        const r = await gunzip(file.subarray(0, cut), chunks);
        assert.equal(r.hang, undefined, `cut at ${cut} hangs`);
        assert.equal(r.err?.code, 'Z_BUF_ERROR', `cut at ${cut}: ${r.err?.message ?? 'no error'}`);
        assert.match(r.err!.message, /unexpected end of file/);
      }
    }
  });

  test('damaged framing fails with Z_DATA_ERROR, as Node’s gunzip does', async () => {
    const good = member(Buffer.from('hello, guest\n'));
    const cases: [string, Buffer, RegExp][] = [
      ['not gzip at all', Buffer.from('ustar archive, not gzip'), /incorrect header check/],
      [
        'another compression method',
        Buffer.from([0x1f, 0x8b, 7, ...good.subarray(3)]),
        /unknown compression method/,
      ],
      ['reserved flags', Buffer.from([0x1f, 0x8b, 8, 0x20, ...good.subarray(4)]), /unknown header flags set/],
      [
        'bytes after a member that are not a member',
        Buffer.concat([good, Buffer.from('junk')]),
        /incorrect header check/,
      ],
    ];
    for (const [what, file, message] of cases) {
      // Whole, and cut once inside the 10-byte header: a read may end anywhere.
      for (const chunks of [[file.length], [5, file.length]]) {
        const r = await gunzip(file, chunks);
        assert.equal(r.err?.code, 'Z_DATA_ERROR', `${what}: ${r.err?.message ?? 'no error'}`);
        assert.match(r.err!.message, message, what);
        assert.throws(() => zlib.gunzipSync(file), { code: 'Z_DATA_ERROR' }, `${what}: Node agrees`);
      }
    }
  });

  test('a trailer whose size or CRC-32 disagrees with the data fails with Z_DATA_ERROR', async () => {
    for (const [field, at] of [
      ['size', 4],
      ['CRC-32', 8],
    ] as const) {
      const file = member(Buffer.alloc(5000, 1));
      file.writeUInt32LE((file.readUInt32LE(file.length - at) ^ 1) >>> 0, file.length - at);
      const r = await gunzip(file);
      assert.equal(r.err?.code, 'Z_DATA_ERROR', `${field}: ${r.err?.message ?? 'no error'}`);
    }
  });

  test('destroyed while a later member inflates: stops, and both streams close', async () => {
    const file = Buffer.concat([member(Buffer.from('a')), member(randomBytes(3_000_000))]);
    const dest = new Writable({ highWaterMark: 1, write: (_c, _e, cb) => setTimeout(cb, 5) });
    const stream = decompressInto('gzip', dest);
    stream.write(file);
    await new Promise((r) => setTimeout(r, 30));
    const closed = new Promise((r) => stream.once('close', r));
    stream.destroy();
    await closed;
    assert.equal(stream.destroyed, true);
  });
});

describe('pulls of gzip archives', () => {
  test('a .tar.gz in several members with a file name in the header extracts whole', async () => {
    const files = { 'qemu-aarch64': randomBytes(300_000), 'rootfs.img': Buffer.alloc(500_000, 3) };
    const tar = zlib.gunzipSync(await makeArchive(files, 'gzip'));
    const cut = 123_457; // inside the kernel's data: the members split a file, as bgzip would
    const bytes = Buffer.concat([
      member(tar.subarray(0, cut), { name: 'image.tar' }),
      member(tar.subarray(cut), { comment: 'second half' }),
    ]);
    const server = await startFileServer();
    server.set('/img.tar.gz', bytes);
    const out = join(tempDir(), 'out');
    try {
      const r = await pullImage({
        entry: entry({ name: 'img', version: '1', sha256: sha256(bytes), url: `${server.url}/img.tar.gz` }),
        spec: { name: 'img' },
        outputDir: out,
        extract: true,
        retry: FAST_RETRY,
        log: new MemoryLog(),
      });
      for (const [rel, content] of Object.entries(files)) {
        assert.ok(readFileSync(join(r.path, rel)).equals(content), rel);
      }
    } finally {
      await server.close();
    }
  });
});
