import { gzipSync } from 'node:zlib';

/**
 * Writes tar bytes header by header, for archives no well-behaved tool would make: names with
 * `..` or a leading `/`, links pointing anywhere, device nodes, one name used twice. Each entry
 * is exactly what the test says, so a test of the extractor's defences does not depend on which
 * hostile layouts GNU tar or node-tar agree to produce.
 */
export type RawEntry =
  | { type: 'file'; path: string; body?: Buffer | string; size?: number; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'hardlink'; path: string; target: string }
  | { type: 'chardev' | 'blockdev' | 'fifo'; path: string };

const TYPE_FLAG: Record<RawEntry['type'], string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  chardev: '3',
  blockdev: '4',
  dir: '5',
  fifo: '6',
};

/** An uncompressed tar of `entries`, in order, ended by two zero blocks. */
export function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.type === 'file' ? Buffer.from(e.body ?? '') : Buffer.alloc(0);
    const size = e.type === 'file' ? (e.size ?? body.length) : 0;
    const link = e.type === 'symlink' || e.type === 'hardlink' ? e.target : '';
    // Names that do not fit the 100-byte fields travel in a pax header, as GNU tar and node-tar do.
    if (Buffer.byteLength(e.path) > 100 || Buffer.byteLength(link) > 100) {
      const records = [paxRecord('path', e.path), ...(link ? [paxRecord('linkpath', link)] : [])];
      const pax = Buffer.from(records.join(''));
      blocks.push(header('PaxHeader', 'x', pax.length, '', 0o644), pad(pax));
    }
    const mode = 'mode' in e && e.mode !== undefined ? e.mode : e.type === 'dir' ? 0o755 : 0o644;
    blocks.push(header(e.path.slice(0, 100), TYPE_FLAG[e.type], size, link.slice(0, 100), mode));
    if (e.type === 'file') blocks.push(pad(size === body.length ? body : Buffer.alloc(size)));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const rawTarGz = (entries: RawEntry[]): Buffer => gzipSync(rawTar(entries));

function header(name: string, flag: string, size: number, link: string, mode: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(1_700_000_000, 12), 136);
  h.write('        ', 148);
  h.write(flag, 156);
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\u000000', 257);
  h.write(octal(0, 8), 329);
  h.write(octal(0, 8), 337);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148);
  return h;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\u0000`;
}

function pad(b: Buffer): Buffer {
  const rest = b.length % 512;
  return rest === 0 ? b : Buffer.concat([b, Buffer.alloc(512 - rest)]);
}

function paxRecord(key: string, value: string): string {
  // The length prefix counts itself, so settle it by iteration.
  const body = ` ${key}=${value}\n`;
  const n = Buffer.byteLength(body);
  let len = n + String(n).length;
  while (len !== n + String(len).length) len = n + String(len).length;
  return `${len}${body}`;
}
