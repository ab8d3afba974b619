/**
 * Deterministic test images shaped like the published ones: a kernel, a large `rootfs.img` that
 * mixes zero runs (free space), random blocks (binaries, compressed data) and text-like blocks
 * (configs, scripts), and a tree of small files, as a `.tar.gz`. Same spec, same bytes, so a
 * generated archive can be kept in bench/work/ and its digest reused across runs.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface ImageSpec {
  /** File name stem inside bench/work/. */
  name: string;
  /** Bytes of each kind in rootfs.img, in MiB. */
  zeroMiB: number;
  randomMiB: number;
  textMiB: number;
  /** Size of the kernel file (random and text), in MiB; 0 for none. */
  kernelMiB: number;
  /** Small files beside the big ones (device trees, configs, scripts). */
  smallFiles: number;
  gzipLevel: number;
}

export interface GeneratedImage {
  path: string;
  sha256: string;
  /** Compressed size. */
  bytes: number;
  /** Sum of the file sizes inside. */
  contentBytes: number;
  files: number;
}

const MiB = 1024 * 1024;
/** Bumped when the generator's output changes, so stale archives in bench/work/ are rebuilt. */
const GENERATOR_VERSION = 1;

/** Returns the archive for `spec`, generating it into `workDir` unless an identical one is there. */
export async function ensureImage(workDir: string, spec: ImageSpec): Promise<GeneratedImage> {
  await mkdir(workDir, { recursive: true });
  const path = join(workDir, `${spec.name}.tar.gz`);
  const metaPath = `${path}.json`;
  const wanted = JSON.stringify({ v: GENERATOR_VERSION, spec });
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as GeneratedImage & { key: string };
    const st = await stat(path);
    if (meta.key === wanted && st.size === meta.bytes) return { ...meta, path };
  } catch {
    // not generated yet, or from another generator version
  }
  const tmp = `${path}.tmp-${process.pid}`;
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const entries = plan(spec);
  try {
    await pipeline(
      Readable.from(tarStream(entries)),
      zlib.createGzip({ level: spec.gzipLevel, chunkSize: MiB }),
      counter,
      createWriteStream(tmp),
    );
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  const image: GeneratedImage = {
    path,
    sha256: hash.digest('hex'),
    bytes,
    contentBytes: entries.reduce((n, e) => n + e.size, 0),
    files: entries.length,
  };
  await writeFile(metaPath, JSON.stringify({ ...image, key: wanted }, null, 2));
  return image;
}

interface Entry {
  name: string;
  size: number;
  /** Produces exactly `size` bytes. */
  content: () => Iterable<Buffer>;
}

function plan(spec: ImageSpec): Entry[] {
  const entries: Entry[] = [];
  const rng = new Rng(1);
  // Kernel: mostly code-like random bytes with some text (symbol tables, strings).
  if (spec.kernelMiB > 0) {
    const text = Math.floor(spec.kernelMiB / 4) * MiB;
    const runs: Block[] = [
      { kind: 'random', bytes: spec.kernelMiB * MiB - text },
      { kind: 'text', bytes: text },
    ];
    entries.push({ name: 'qemu-aarch64', size: spec.kernelMiB * MiB, content: () => blocks(runs, 11) });
  }
  // Small files: device trees, configs, scripts; the published images have a handful.
  for (let i = 0; i < spec.smallFiles; i++) {
    const size = 512 + Math.floor(rng.next() * 48 * 1024);
    const kind = i % 3 === 0 ? 'random' : 'text';
    entries.push({
      name: `files/d${i % 16}/f${i}.${kind === 'text' ? 'conf' : 'so'}`,
      size,
      content: () => blocks([{ kind, bytes: size }], 100 + i),
    });
  }
  // rootfs.img: the three kinds interleaved in 1–8 MiB runs, as a filesystem image looks.
  const runs: Block[] = [];
  const left = { zero: spec.zeroMiB * MiB, random: spec.randomMiB * MiB, text: spec.textMiB * MiB };
  const order: Block['kind'][] = ['random', 'text', 'zero'];
  let total = 0;
  for (let i = 0; left.zero + left.random + left.text > 0; i++) {
    const kind = order[i % 3]!;
    const run = Math.min(left[kind], (1 + Math.floor(rng.next() * 8)) * MiB);
    if (run === 0) continue;
    left[kind] -= run;
    total += run;
    runs.push({ kind, bytes: run });
  }
  entries.push({ name: 'rootfs.img', size: total, content: () => blocks(runs, 7) });
  return entries;
}

interface Block {
  kind: 'zero' | 'random' | 'text';
  bytes: number;
}

/** The bytes of `runs`, in chunks of at most 1 MiB. Random bytes come from AES-CTR: fast, seeded. */
function* blocks(runs: Block[], seed: number): Generator<Buffer> {
  const key = Buffer.alloc(16);
  key.writeUInt32LE(seed);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(MiB);
  const text = new TextGen(seed);
  for (const run of runs) {
    for (let left = run.bytes; left > 0;) {
      const n = Math.min(left, MiB);
      left -= n;
      if (run.kind === 'zero') yield zeros.subarray(0, n);
      else if (run.kind === 'random') yield cipher.update(zeros.subarray(0, n));
      else yield text.take(n);
    }
  }
}

/** Lines of words from a fixed vocabulary: compresses about as well as real config and source text. */
class TextGen {
  private readonly rng: Rng;
  private readonly words: Buffer[];
  constructor(seed: number) {
    this.rng = new Rng(seed + 1000);
    const vocab = new Rng(42);
    this.words = [];
    for (let i = 0; i < 4096; i++) {
      const len = 2 + Math.floor(vocab.next() * 10);
      let w = '';
      for (let j = 0; j < len; j++) w += String.fromCharCode(97 + Math.floor(vocab.next() * 26));
      this.words.push(Buffer.from(w));
    }
  }
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    let col = 0;
    while (at < n) {
      // Skewed choice: frequent words dominate, as in real text.
      const r = this.rng.next();
      const w = this.words[Math.floor(r * r * r * this.words.length)]!;
      at += w.copy(out, at);
      col += w.length;
      if (at < n) out[at++] = col > 72 ? ((col = 0), 10) : 32;
    }
    return out;
  }
}

/** xorshift32: deterministic and quick. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed * 2654435761 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 4294967296;
  }
}

/** A ustar stream of `entries` (regular files, mode 0644, fixed owner and mtime). */
function* tarStream(entries: Entry[]): Generator<Buffer> {
  const dirs = new Set<string>();
  for (const e of entries) {
    const parts = e.name.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const d = `${parts.slice(0, i).join('/')}/`;
      if (!dirs.has(d)) {
        dirs.add(d);
        yield header(d, 0, '5', 0o755);
      }
    }
    yield header(e.name, e.size, '0', 0o644);
    let written = 0;
    for (const chunk of e.content()) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== e.size) throw new Error(`${e.name}: wrote ${written} of ${e.size} bytes`);
    const pad = (512 - (e.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}

function header(name: string, size: number, type: string, mode: number): Buffer {
  const h = Buffer.alloc(512);
  if (Buffer.byteLength(name) > 100) throw new Error(`name too long for ustar: ${name}`);
  h.write(name, 0);
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${(1767225600).toString(8).padStart(11, '0')}\0`, 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}
