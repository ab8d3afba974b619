import { constants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';

/** Blocks compared with zeros at a time: runs of zero blocks are left as holes. */
const BLOCK = 64 * 1024;
const ZEROS = Buffer.alloc(BLOCK);

/**
 * Copies a rootfs image for one job: the guest mounts its disk read-write, and must write to a
 * copy of its own, never to the verified tree the next job reuses. A reflink where the file
 * system has them (no data copied at all); otherwise the data blocks only, zero blocks left as
 * holes, so a mostly empty disk image costs its data, not its size (`cp --sparse=always`).
 */
export async function copyRootfs(from: string, to: string): Promise<'reflink' | 'sparse'> {
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
    return 'reflink';
  } catch {
    // No reflinks here (ext4, tmpfs, another file system): copy the data ourselves.
  }
  const src = await open(from, 'r');
  const dst = await open(to, 'wx', 0o644);
  try {
    const buf = Buffer.allocUnsafe(BLOCK * 16);
    let offset = 0;
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) break;
      for (let at = 0; at < bytesRead; at += BLOCK) {
        const end = Math.min(bytesRead, at + BLOCK);
        if (buf.compare(ZEROS, 0, end - at, at, end) !== 0) await dst.write(buf, at, end - at, offset + at);
      }
      offset += bytesRead;
    }
    await dst.truncate(offset);
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
  return 'sparse';
}
