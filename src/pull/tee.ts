import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';

/** Where the bytes go besides the hash: in practice the extractor. */
export interface ByteSink {
  write(chunk: Buffer): Promise<void>;
  /** Throws away what was written so far (the source starts again from byte 0). */
  reset(): Promise<void>;
}

/**
 * One pass over an archive's bytes: each chunk is hashed, optionally written to a private
 * `.part` file, and handed to a sink, so nothing is read twice. Resettable for a source that
 * must start over.
 */
export class Tee {
  private hash: Hash = createHash('sha256');
  private file?: WriteStream;
  bytes = 0;

  constructor(
    private readonly partPath: string | undefined,
    private readonly sink: ByteSink | undefined,
  ) {
    if (partPath) this.file = openPart(partPath);
  }

  async push(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    const fileOk = this.file ? this.file.write(chunk) : true;
    const sunk = this.sink?.write(chunk);
    if (!fileOk) await drain(this.file!);
    if (sunk) await sunk;
  }

  async reset(): Promise<void> {
    this.hash = createHash('sha256');
    this.bytes = 0;
    if (this.partPath) {
      await closeStream(this.file!);
      this.file = openPart(this.partPath);
    }
    await this.sink?.reset();
  }

  /** Flushes the part file and returns the hex digest of everything pushed. */
  async finish(): Promise<string> {
    if (this.file) await closeStream(this.file);
    return this.hash.digest('hex');
  }

  /** Closes and deletes the part file. */
  async discard(): Promise<void> {
    if (this.file) await closeStream(this.file).catch(() => undefined);
    if (this.partPath) await rm(this.partPath, { force: true });
  }
}

function openPart(path: string): WriteStream {
  const ws = createWriteStream(path, { flags: 'w', highWaterMark: 1024 * 1024 });
  ws.on('error', () => undefined);
  return ws;
}

function drain(ws: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      ws.off('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      ws.off('drain', onDrain);
      reject(err);
    };
    ws.once('drain', onDrain);
    ws.once('error', onError);
  });
}

function closeStream(ws: WriteStream): Promise<void> {
  if (ws.closed) return ws.errored ? Promise.reject(ws.errored) : Promise.resolve();
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.end(() => resolve());
  });
}
