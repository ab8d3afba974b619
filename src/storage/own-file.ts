import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { trustProblem } from './trust.js';

/** What reading one of the store's own small files gave: its text, or why there is none. */
export interface OwnFile {
  text?: string;
  /** Nothing at all at the name. */
  absent?: boolean;
  why: string;
}

/**
 * Reads a bookkeeping file (a marker, a record, a lock) as untrusted data: only a regular file of
 * this user's that no one else can write, opened without following a link or waiting on a FIFO,
 * and no larger than `maxBytes`. Anything else reads as "no such file", with the reason.
 */
export async function readOwnFile(path: string, uid: number, maxBytes: number): Promise<OwnFile> {
  const name = basename(path);
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { absent: true, why: `no ${name}` };
    if (code === 'ELOOP') return { why: `a ${name} that is a symbolic link` };
    return { why: `an unreadable ${name} (${code})` };
  }
  try {
    const st = await fh.stat();
    const problem = trustProblem(st, uid, 'file');
    if (problem) return { why: `a ${name} that ${problem}` };
    if (st.size > maxBytes) return { why: `a ${name} of ${st.size} bytes, too large to be one of ours` };
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await fh.read(buf, 0, st.size, 0);
    return { text: buf.subarray(0, bytesRead).toString('utf8'), why: '' };
  } catch (err) {
    return { why: `an unreadable ${name} (${(err as NodeJS.ErrnoException).code ?? err})` };
  } finally {
    await fh.close();
  }
}
