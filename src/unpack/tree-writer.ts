import { close, ftruncate, futimes, open, write } from 'node:fs';
import { chmod, link, lstat, mkdir, symlink, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ReadEntry } from 'tar';
import { UserError } from '../core/errors.js';
import { removeTree } from '../storage/remove-tree.js';

export interface TreeWriterOptions {
  /** For messages: which archive this is. */
  label: string;
  /** Called once, with the first failure; the writer starts nothing after it. */
  onError: (err: Error) => void;
  /**
   * Runs once every entry is on disk, before the dirs get their modes: a check that reads the
   * tree must run while it can, as a 000 dir shuts out even its owner unless root. Throwing fails.
   */
  beforeModes?: () => Promise<void>;
}

/**
 * Writes the entries node-tar's `Parser` reads into a private root dir, in archive order.
 *
 * Safety, for entries the caller's `entryProblem` has let through (no absolute names, no `..`,
 * link targets that stay inside when read as paths):
 * - nothing is written or linked through a symbolic link: every parent of an entry is checked to
 *   be a real directory with `lstat` (and remembered as one until the next link or removal,
 *   which could change that), and a hard link's target must be a regular file reached through
 *   real directories;
 * - files are created with `O_EXCL`, which never follows or reuses what has their name; what
 *   has it is an earlier entry, removed first (as are those in the way of a dir or a link): a
 *   later entry replaces an earlier one, as with tar;
 * - a dir's mode and time, set at the end, go only to the dir that was made (same device and
 *   inode): chmod and utimes follow links, and a later entry may have put one at its name;
 * - setuid and setgid bits were dropped by the caller; owners are not restored.
 * Whether a chain of symlinks leads outside is the caller's check, once the tree is complete.
 *
 * Speed: file data is written at its offset as it arrives, up to `MAX_IN_FLIGHT` bytes in flight
 * so inflating does not wait on each write, and aligned zero runs are left as holes (a disk image
 * is mostly unused blocks). Figures: docs/benchmarks.md, "What was changed for speed".
 */
export class TreeWriter {
  /** Creating dirs, links and files happens one at a time, in archive order. */
  private chain: Promise<void> = Promise.resolve();
  /** Files whose data is still being written, each with a way to stop waiting for its end. */
  private readonly writing = new Map<Promise<void>, () => void>();
  /**
   * The dirs the archive names, to give them their mode and time once their content is in, and
   * which dir each was: by then a later entry may have put a symlink at its name or on its path.
   */
  private readonly dirs: { abs: string; dev: number; ino: number; mode?: number; mtime?: Date }[] = [];
  /** Paths below the root known to be real directories ('' is the root). */
  private realDirs = new Set<string>(['']);
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly root: string,
    private readonly opts: TreeWriterOptions,
  ) {}

  /** Takes the next entry; `rel` is its path below the root, normalized (see `normalizeRel`). */
  add(entry: ReadEntry, rel: string): void {
    if (entry.type === 'File' || entry.type === 'OldFile') return this.file(entry, rel);
    entry.resume();
    if (entry.type === 'Directory') this.step(() => this.directory(entry, rel));
    else if (entry.type === 'SymbolicLink') this.step(() => this.symlink(entry, rel));
    else if (entry.type === 'Link') this.step(() => this.hardLink(entry, rel));
  }

  /** Resolves when everything is on disk and the dirs have their modes and times. */
  async finish(): Promise<void> {
    await this.chain;
    while (this.writing.size > 0) await Promise.all(this.writing.keys());
    if (this.stopped) return;
    try {
      await this.opts.beforeModes?.();
    } catch (err) {
      this.fail(err);
      return;
    }
    const umask = process.umask();
    // After all content, so nothing changes their times again; deepest first, as a parent may be
    // about to lose the permission to reach its children (an archive may list a dir after its
    // children). A dir named twice gets the later entry's mode, as with tar.
    const last = new Map(this.dirs.map((d) => [d.abs, d]));
    const order = [...last.values()].sort((a, b) => depthOf(b.abs) - depthOf(a.abs));
    for (const dir of order) {
      try {
        // chmod and utimes follow links: only the very dir that was made is touched.
        const st = await lstat(dir.abs).catch(() => undefined);
        if (!st?.isDirectory() || st.dev !== dir.dev || st.ino !== dir.ino) continue;
        if (dir.mode !== undefined) await chmod(dir.abs, dir.mode & ~umask);
        if (dir.mtime) await utimes(dir.abs, dir.mtime, dir.mtime);
      } catch (err) {
        this.fail(err);
        return;
      }
    }
  }

  /** Starts nothing more; resolves once what was started has settled and every file is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.release();
    await this.chain;
    for (const end of this.writing.values()) end();
    await Promise.all(this.writing.keys());
  }

  /** Queues `op` after the ones before it; `skipped` runs instead once the writer has stopped. */
  private step(op: () => Promise<void>, skipped?: () => void): void {
    this.chain = this.chain.then(async () => {
      if (this.stopped) return skipped?.();
      try {
        await op();
      } catch (err) {
        this.fail(err);
      }
    });
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.release();
    this.opts.onError(err instanceof Error ? err : new Error(String(err)));
  }

  private refuse(path: string, why: string): UserError {
    return new UserError(`${this.opts.label}: refusing unsafe archive entry '${path}': ${why}`);
  }

  private async directory(entry: ReadEntry, rel: string): Promise<void> {
    if (rel === '') return;
    await this.parents(entry.path, rel);
    const abs = join(this.root, rel);
    let st = await lstat(abs).catch(() => undefined);
    if (!st?.isDirectory()) {
      if (st) await this.remove(abs);
      // Owner rwx until the end, so that a read-only dir can still be filled.
      await mkdir(abs, { mode: 0o700 | ((entry.mode ?? 0o755) & 0o777) });
      st = await lstat(abs);
    }
    this.realDirs.add(rel);
    this.dirs.push({ abs, dev: st.dev, ino: st.ino, mode: dirPermissions(entry.mode), mtime: entry.mtime });
  }

  private async symlink(entry: ReadEntry, rel: string): Promise<void> {
    if (rel === '') throw this.refuse(entry.path, 'it names the image root');
    await this.parents(entry.path, rel);
    const abs = join(this.root, rel);
    await this.remove(abs);
    await symlink(entry.linkpath ?? '', abs);
    this.realDirs = new Set(['']);
  }

  private async hardLink(entry: ReadEntry, rel: string): Promise<void> {
    if (rel === '') throw this.refuse(entry.path, 'it names the image root');
    const target = normalizeRel(entry.linkpath ?? '');
    await this.parents(entry.path, target, false);
    const targetAbs = join(this.root, target);
    const st = await lstat(targetAbs).catch(() => undefined);
    if (st?.isSymbolicLink()) {
      throw this.refuse(entry.path, `it would be written or linked through the symbolic link '${target}'`);
    }
    if (!st?.isFile()) {
      throw new UserError(
        `${this.opts.label}: refusing archive entry '${entry.path}': its hard link target '${entry.linkpath}' is not a file the archive has already created`,
      );
    }
    await this.parents(entry.path, rel);
    const abs = join(this.root, rel);
    if (abs === targetAbs) return;
    await this.remove(abs);
    await link(targetAbs, abs);
  }

  private file(entry: ReadEntry, rel: string): void {
    if (rel === '') {
      entry.resume();
      return this.step(() => Promise.reject(this.refuse(entry.path, 'it names the image root')));
    }
    // No data flows until the file exists; the parser, and the inflater, wait meanwhile.
    entry.pause();
    let opened!: (fd: number | undefined) => void;
    const fd = new Promise<number | undefined>((resolve) => (opened = resolve));
    this.step(
      async () => {
        try {
          await this.parents(entry.path, rel);
          const abs = join(this.root, rel);
          const mode = permissions(entry.mode) ?? 0o644;
          // O_EXCL never follows or reuses what has this name: when something does, it is an
          // earlier entry, which this one replaces.
          opened(
            await openFile(abs, 'wx', mode).catch(async (err: NodeJS.ErrnoException) => {
              if (err.code !== 'EEXIST') throw err;
              await this.remove(abs);
              return openFile(abs, 'wx', mode);
            }),
          );
        } catch (err) {
          opened(undefined);
          throw err;
        }
      },
      () => opened(undefined),
    );
    let endNow = (): void => undefined;
    const done: Promise<void> = fd
      .then((n) => {
        if (n !== undefined) return this.data(entry, n, (end) => (endNow = end));
        entry.resume();
      })
      .finally(() => this.writing.delete(done));
    this.writing.set(done, () => endNow());
  }

  /**
   * Writes an entry's data into `fd` at its offsets, leaving aligned zero runs as holes, then
   * sets the size and time and closes it. `onEnd` receives a function that stops waiting for
   * the entry's end (when the whole extraction stops).
   */
  private data(entry: ReadEntry, fd: number, onEnd: (end: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      let offset = 0;
      /** Where the last byte written ends: short of the size, the file ends in a hole. */
      let writtenEnd = 0;
      let pending = 1;
      let ended = false;
      let error: unknown;
      const settle = (): void => {
        if (--pending > 0) return;
        void this.closeFile(fd, entry, writtenEnd < offset ? offset : undefined, error).then(resolve);
      };
      const end = (): void => {
        if (ended) return;
        ended = true;
        settle();
      };
      const put = (bytes: Buffer, at: number): void => {
        pending++;
        writtenEnd = Math.max(writtenEnd, at + bytes.length);
        this.inFlight += bytes.length;
        write(fd, bytes, 0, bytes.length, at, (err) => {
          this.inFlight -= bytes.length;
          if (err) error ??= err;
          if (this.inFlight <= MAX_IN_FLIGHT) this.release();
          settle();
        });
      };
      onEnd(end);
      entry.on('data', (chunk: Buffer) => {
        if (this.stopped || error) return;
        const start = offset;
        offset += chunk.length;
        // Pieces cut at file offsets that are multiples of HOLE_BYTES; the non-zero ones are
        // written, merged into runs. A zero piece at either end of a chunk is skipped too: bytes
        // never written read as zeros, in a hole or in a partly written block alike.
        let run = -1;
        let at = 0;
        while (at < chunk.length) {
          const end = Math.min(chunk.length, at + HOLE_BYTES - ((start + at) % HOLE_BYTES));
          if (isZero(chunk, at, end)) {
            if (run >= 0) put(chunk.subarray(run, at), start + run);
            run = -1;
          } else if (run < 0) run = at;
          at = end;
        }
        if (run >= 0) put(chunk.subarray(run), start + run);
        if (this.inFlight > MAX_IN_FLIGHT) {
          entry.pause();
          this.waiting.push(() => entry.resume());
        }
      });
      entry.on('end', end);
      entry.resume();
    });
  }

  /** Sets the size of a file that ends in a hole (`size`), then its time, and closes it. */
  private async closeFile(
    fd: number,
    entry: ReadEntry,
    size: number | undefined,
    error: unknown,
  ): Promise<void> {
    try {
      if (error) throw error;
      if (this.stopped) return;
      if (size !== undefined) await truncateFd(fd, size);
      if (entry.mtime) await timesFd(fd, entry.atime ?? entry.mtime, entry.mtime);
    } catch (err) {
      this.fail(err);
    } finally {
      await closeFd(fd).catch(() => undefined);
    }
  }

  /** Checks, or creates, every parent of `rel` as a real directory. */
  private async parents(path: string, rel: string, create = true): Promise<void> {
    let at = '';
    for (const part of rel.split('/').slice(0, -1)) {
      at = at ? `${at}/${part}` : part;
      if (this.realDirs.has(at)) continue;
      const abs = join(this.root, at);
      let st = await lstat(abs).catch(() => undefined);
      if (!st) {
        if (!create) return;
        await mkdir(abs, { mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
        st = await lstat(abs);
      }
      if (st.isSymbolicLink()) {
        throw this.refuse(path, `it would be written or linked through the symbolic link '${at}'`);
      }
      if (!st.isDirectory()) throw this.refuse(path, `'${at}' in its path is not a directory`);
      this.realDirs.add(at);
    }
  }

  /** Removes whatever has the name `abs` (never following a link). */
  private async remove(abs: string): Promise<void> {
    const st = await lstat(abs).catch(() => undefined);
    if (!st) return;
    if (st.isDirectory()) await removeTree(abs);
    else await unlink(abs);
    this.realDirs = new Set(['']);
  }

  private release(): void {
    for (const resume of this.waiting.splice(0)) resume();
  }
}

/** File data on its way to the disk at most; above it, the parser waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;
/** The size and alignment of the zero runs left as holes. */
const HOLE_BYTES = 64 * 1024;
const ZEROS = Buffer.alloc(HOLE_BYTES);

/** Whether `chunk[at, end)` (at most HOLE_BYTES) is all zeros. */
function isZero(chunk: Buffer, at: number, end: number): boolean {
  // Most pieces of data fail on their first or last byte, before the full comparison.
  return chunk[at] === 0 && chunk[end - 1] === 0 && chunk.compare(ZEROS, 0, end - at, at, end) === 0;
}

/**
 * Permission bits to apply, or undefined to keep the default. Group and world write are dropped:
 * a tree another local user could write is one the next pull could not trust (storage/trust.ts).
 */
function permissions(mode: number | undefined): number | undefined {
  return typeof mode === 'number' ? mode & 0o7755 : undefined;
}

/**
 * A dir's permission bits: as for a file, and always readable and searchable by its owner. The
 * store vouches only for a tree it can list in full; an execute-only (`0111`) or closed (`000`)
 * dir would hide what is inside from the check (tree-record.ts) and from the `files` output.
 */
function dirPermissions(mode: number | undefined): number | undefined {
  const bits = permissions(mode);
  return bits === undefined ? undefined : bits | 0o500;
}

/** `./a//b/` → `a/b`; the root is ''. The caller has refused absolute paths and `..`. */
export function normalizeRel(path: string): string {
  return path
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/** How many parts a path has: a dir is deeper than its parent. */
function depthOf(abs: string): number {
  return abs.split('/').length;
}

// Raw descriptors rather than FileHandles: the data is written with fs.write at offsets, and a
// FileHandle closed behind its back would close its number again when collected.
const openFile = promisify(open) as (path: string, flags: string, mode: number) => Promise<number>;
const truncateFd = promisify(ftruncate);
const timesFd = promisify(futimes);
const closeFd = promisify(close);
