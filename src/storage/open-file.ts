import type { BigIntStats } from 'node:fs';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** An archive file opened for reading, with what `fstat` said of it when it was opened. */
export interface OpenedFile {
  fh: FileHandle;
  path: string;
  st: BigIntStats;
}

/** Why a file cannot be read as an archive; a reason for the log, not a failure of the pull. */
export class UnusableFile extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`${path} ${why}`);
    this.name = 'UnusableFile';
  }
}

/**
 * Opens a file to read an archive from, checked on the open handle before a byte is read: a
 * regular file (a FIFO would hang the read, a device such as /dev/zero never ends), at most
 * `maxBytes`, and, unless `follow`, not a symbolic link (a cache entry or an archive of ours is
 * never one; an image the user names by a `file://` URL may be).
 */
export async function openArchiveFile(
  path: string,
  opts: { maxBytes?: number; follow?: boolean } = {},
): Promise<OpenedFile> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (opts.follow ? 0 : constants.O_NOFOLLOW);
  let fh: FileHandle;
  try {
    fh = await open(path, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnusableFile(
      path,
      code === 'ELOOP' ? 'is a symbolic link' : `could not be read (${code ?? err})`,
    );
  }
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) throw new UnusableFile(path, 'is not a regular file');
    if (opts.maxBytes !== undefined && st.size > BigInt(opts.maxBytes)) {
      throw new UnusableFile(path, `is ${st.size} bytes, over the ${opts.maxBytes}-byte limit`);
    }
    return { fh, path, st };
  } catch (err) {
    await fh.close();
    throw err;
  }
}
