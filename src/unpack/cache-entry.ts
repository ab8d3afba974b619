import { createReadStream } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import { isCachedArchiveName } from '../storage/layout.js';
import { decompressInto, sniffCompression, SNIFF_BYTES } from './decompress.js';

/**
 * Why the tar of an Actions cache entry may not be unpacked, or undefined when it holds exactly
 * what a save of `sha256` stores: the dir `<sha256>/` and one regular file `<sha256>/archive<ext>`.
 * Anyone who can run a job in the repository can write an entry under our key, and the cache
 * library unpacks it with `tar -P` (absolute and `../` names honoured), so nothing else passes:
 * no other name, no link, no device, no second file. Read with node-tar after decompressing
 * (zstd or gzip, as the library writes them); the data itself is skipped, not kept.
 */
export async function cacheEntryProblem(archivePath: string, sha256: string): Promise<string | undefined> {
  const head = await readHead(archivePath);
  const parser = new Parser({ strict: true });
  let problem: string | undefined;
  let files = 0;
  parser.on('entry', (entry: ReadEntry) => {
    if (entry.type === 'File') files++;
    problem ??= memberProblem(entry, sha256, files);
    entry.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
  });
  const input = decompressInto(sniffCompression(head), parser as unknown as NodeJS.WritableStream);
  const failed = new Promise<never>((_, reject) => input.on('error', reject));
  createReadStream(archivePath)
    .on('error', (err) => input.destroy(err))
    .pipe(input);
  try {
    await Promise.race([done, failed]);
  } catch (err) {
    return `it is not a readable tar archive (${(err as Error).message})`;
  }
  return problem;
}

function memberProblem(entry: ReadEntry, sha256: string, files: number): string | undefined {
  const path = entry.path.replace(/\/+$/, '');
  if (entry.type === 'Directory' && path === sha256) return undefined;
  const name = path.startsWith(`${sha256}/`) ? path.slice(sha256.length + 1) : undefined;
  if (entry.type === 'File' && name !== undefined && isCachedArchiveName(name) && files === 1)
    return undefined;
  return `it holds '${entry.path}' (${entry.type}), which a save of ${sha256} never stores`;
}

async function readHead(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: SNIFF_BYTES - 1 })) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, size);
}
