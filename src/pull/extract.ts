import { lstat, mkdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { decompressInto, sniffCompression, SNIFF_BYTES, writeCallbackMeansConsumed } from './decompress.js';
import { MARKER_FILE, tempSibling } from '../storage/layout.js';
import { removeTree } from '../storage/remove-tree.js';
import { scanTree, writeRecord } from './tree-record.js';
import { normalizeRel, TreeWriter } from './tree-writer.js';

export interface ExtractOptions {
  log: Log;
  /** Cap on the bytes the archive may unpack to (a decompression bomb stops here). */
  maxBytes?: number;
  /** For messages: which archive this is. */
  label: string;
}

export interface ExtractStats {
  files: number;
  bytes: number;
}

/**
 * Unpacks a tar stream fed chunk by chunk (while it downloads) into a private dir beside the
 * target. Nothing appears at the target until `commit`, after the caller has checked the digest;
 * `abort` removes every trace. Entries that would land outside the target (absolute paths, `..`,
 * links pointing out) fail the whole extraction: an archive that tries this is not trusted for
 * its other files either.
 *
 * The checks run on bytes whose digest is not known yet (extraction overlaps the download), so
 * they must hold for any archive at all, not only for the registry's. Three layers:
 * - `entryProblem`, per header: absolute names, `..` in a name, names or link targets more than
 *   `MAX_PATH_DEPTH` deep, links whose target, read as a path, leaves the root;
 * - `TreeWriter`, per entry on disk: refuses to write or link through a symlink already there,
 *   and creates files without following anything at their name;
 * - `linkProblem`, once the tree is complete: each symlink is followed through the links it
 *   passes, as the kernel would. `d/b -> ..` followed by `a -> d/b/..` passes the first two
 *   layers (each target, read as a path, stays inside; `a` is written before or after `d/b`
 *   exists) and yet `a` leads to the target's parent.
 * setuid and setgid bits are dropped: nothing in a guest image needs them on the host.
 */
export class StreamExtractor {
  readonly tempDir: string;
  private head: Buffer[] = [];
  private headBytes = 0;
  private input?: Writable;
  /** Whether a write's callback means the decompressor is done with the chunk (see `push`). */
  private releasesOnWrite = false;
  private parser?: Parser;
  private writer?: TreeWriter;
  private done?: Promise<void>;
  private failure?: Error;
  private skipped: string[] = [];
  private symlinks: string[] = [];
  readonly stats: ExtractStats = { files: 0, bytes: 0 };

  private constructor(
    readonly target: string,
    private readonly opts: ExtractOptions,
  ) {
    this.tempDir = tempSibling(target, 'partial');
  }

  static async create(target: string, opts: ExtractOptions): Promise<StreamExtractor> {
    const ex = new StreamExtractor(target, opts);
    // Never writable by others, whatever the umask: the next pull trusts only such a tree.
    await mkdir(ex.tempDir, { recursive: true, mode: 0o755 });
    return ex;
  }

  /**
   * Feeds bytes; resolves when the pipeline can take more. `release`, if given, is called once
   * `chunk` is never read again (the decompressor has consumed it, or it was copied), which
   * may be after this resolves; never, if the extraction fails first.
   */
  async write(chunk: Buffer, release?: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.input) {
      // Wait for enough bytes to tell the compression from its magic number; kept as a copy.
      this.head.push(Buffer.from(chunk));
      this.headBytes += chunk.length;
      release?.();
      if (this.headBytes < SNIFF_BYTES) return;
      this.start();
      const first = Buffer.concat(this.head);
      this.head = [];
      return this.push(first);
    }
    return this.push(chunk, release);
  }

  /** Ends the input and waits until every file is on disk. */
  async finish(): Promise<ExtractStats> {
    if (!this.input) this.start();
    if (this.head.length > 0) {
      await this.push(Buffer.concat(this.head));
      this.head = [];
    }
    this.input!.end();
    try {
      await this.done;
    } catch (err) {
      throw this.wrap(err);
    }
    if (this.failure) throw this.failure;
    if (this.skipped.length > 0) {
      this.opts.log.warn(
        `${this.opts.label}: skipped ${this.skipped.length} device or special entries: ${this.skipped.slice(0, 5).join(', ')}`,
      );
    }
    return this.stats;
  }

  /** Writes the marker and moves the finished tree into place, replacing what was there. */
  async commit(sha256: string): Promise<void> {
    // Replaces whatever the archive put at this name rather than writing through it (a link).
    const marker = join(this.tempDir, MARKER_FILE);
    await removeTree(marker);
    await writeFile(marker, `${sha256}\n`, { flag: 'wx' });
    // Recorded before the rename, so that a tree at the final name always has its record.
    await writeRecord(this.tempDir, sha256, await scanTree(this.tempDir));
    await replaceDir(this.tempDir, this.target, sha256);
  }

  /** Stops and removes the partial tree. Safe to call more than once. */
  async abort(): Promise<void> {
    this.failure ??= new UserError(`${this.opts.label}: extraction aborted`);
    this.input?.destroy();
    this.parser?.abort(this.failure);
    await this.done?.catch(() => undefined);
    // Once the writer has stopped, everything it started has landed or failed, and it starts
    // nothing more: the tree can be removed in one go.
    await this.writer?.stop();
    try {
      await removeTree(this.tempDir);
    } catch (err) {
      // Never hide the error that made us abort; a later run removes the dir (its pid is dead).
      this.opts.log.warn(`could not remove ${this.tempDir}: ${errorMessage(err)}`);
    }
  }

  private start(): void {
    const head = Buffer.concat(this.head);
    // node-tar reads the tar format; TreeWriter puts the entries on disk (tree-writer.ts).
    const parser = new Parser({ strict: true });
    const writer = new TreeWriter(this.tempDir, {
      label: this.opts.label,
      onError: (err) => this.fail(err),
      beforeModes: () => this.checkLinks(),
    });
    this.parser = parser;
    this.writer = writer;
    parser.on('entry', (entry: ReadEntry) => {
      // Where it lands (`a/.` and `./a/` are `a`); only meaningful once `check` has refused `..`.
      const rel = normalizeRel(entry.path);
      if (this.failure || !this.check(entry.path, rel, entry)) return void entry.resume();
      writer.add(entry, rel);
    });
    const kind = sniffCompression(head);
    const input = decompressInto(kind, parser as unknown as NodeJS.WritableStream);
    this.input = input;
    this.releasesOnWrite = writeCallbackMeansConsumed(kind);
    this.done = new Promise<void>((resolveDone, reject) => {
      parser.on('end', () => writer.finish().then(resolveDone, reject));
      parser.on('error', (err: Error) => reject(err));
      input.on('error', (err: Error) => {
        reject(err);
        parser.abort(err);
      });
    });
    this.done.catch(() => undefined);
  }

  private async push(chunk: Buffer, release?: () => void): Promise<void> {
    const input = this.input!;
    // Released only where the write's callback says the decompressor is done with the chunk.
    const done = this.releasesOnWrite ? release : undefined;
    const ok = input.write(chunk, (err) => {
      if (!err) done?.();
    });
    if (!ok) {
      await new Promise<void>((res, rej) => {
        const onDrain = (): void => {
          input.off('error', onError);
          res();
        };
        const onError = (err: Error): void => {
          input.off('drain', onDrain);
          rej(this.wrap(err));
        };
        input.once('drain', onDrain);
        input.once('error', onError);
        // A failed pipeline (refused entry, bad data, input already dead) never drains again.
        this.done?.catch((err: unknown) => rej(this.wrap(err)));
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Decides per entry; a refusal aborts the whole extraction. */
  private check(path: string, rel: string, entry: ReadEntry): boolean {
    const problem = entryProblem(path, entry);
    if (problem) {
      this.fail(new UserError(`${this.opts.label}: refusing unsafe archive entry '${path}': ${problem}`));
      return false;
    }
    if (['CharacterDevice', 'BlockDevice', 'FIFO', 'ContiguousFile'].includes(entry.type)) {
      this.skipped.push(path);
      return false;
    }
    // By where it lands, so that the final check examines the link itself.
    if (entry.type === 'SymbolicLink' && rel !== '') this.symlinks.push(rel);
    if (typeof entry.mode === 'number') entry.mode &= ~0o6000;
    if (entry.type === 'File' || entry.type === 'OldFile') {
      this.stats.files++;
      this.stats.bytes += entry.size ?? 0;
      if (this.opts.maxBytes !== undefined && this.stats.bytes > this.opts.maxBytes) {
        this.fail(
          new UserError(`${this.opts.label}: unpacks to more than ${this.opts.maxBytes} bytes; stopped`, {
            setting: 'max-size',
          }),
        );
        return false;
      }
    }
    return true;
  }

  /** Follows every symlink through the complete tree (see `linkProblem`); throws on the first unsafe one. */
  private async checkLinks(): Promise<void> {
    for (const link of this.symlinks) {
      const problem = await linkProblem(this.tempDir, link);
      if (problem) {
        throw new UserError(`${this.opts.label}: refusing unsafe archive entry '${link}': ${problem}`);
      }
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = this.wrap(err);
    this.parser?.abort(this.failure);
    void this.writer?.stop();
  }

  private wrap(err: unknown): Error {
    if (this.failure) return this.failure;
    if (err instanceof UserError) return err;
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC')
      return new UserError(`${this.opts.label}: no space left on the device while extracting`);
    // node-tar's own refusals carry the entry; name it rather than print a bare TAR_ code.
    const entryPath = (err as { entry?: { path?: string } })?.entry?.path;
    if (code?.startsWith('TAR_') && entryPath !== undefined) {
      const why = errorMessage(err).replace(/^TAR_[A-Z_]+: /, '');
      return new UserError(`${this.opts.label}: refusing archive entry '${entryPath}': ${why}`);
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return new UserError(
        `${this.opts.label}: the archive is not valid compressed data (${errorMessage(err)})`,
      );
    }
    return new UserError(`${this.opts.label}: extraction failed: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * How deep an entry path or link target may go, as node-tar's `maxDepth` (CVE-2024-28863): far
 * beyond any real image; it bounds the dirs one entry makes and the parts a link check walks.
 */
export const MAX_PATH_DEPTH = 1024;

/** The names in a path, `\\` counted as a separator as in the `..` check. */
const levels = (path: string): number => path.split(/[\\/]/).filter((p) => p !== '' && p !== '.').length;

/** Why an entry may not be extracted, or undefined when it may. */
export function entryProblem(path: string, entry: { type: string; linkpath?: string }): string | undefined {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return 'absolute path';
  const parts = path.split(/[\\/]/);
  const depth = levels(path);
  if (depth > MAX_PATH_DEPTH) return `path is ${depth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
  if (parts.includes('..')) return "path contains '..'";
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const link = entry.linkpath ?? '';
    if (isAbsolute(link) || /^[a-zA-Z]:/.test(link)) return `link to absolute path '${link}'`;
    const linkDepth = levels(link);
    if (linkDepth > MAX_PATH_DEPTH) {
      return `link target is ${linkDepth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
    }
    // A symlink resolves from the dir it lands in, a hard link from the archive root. Where it
    // lands is the name resolved first: `a/.` and `a/` land at `a`, in the root, not inside `a`.
    const root = resolve('/__root__');
    const base = entry.type === 'SymbolicLink' ? dirname(resolve(root, path)) : root;
    const to = resolve(base, link);
    if (to !== root && !to.startsWith(root + sep)) return `link points outside the image ('${link}')`;
  }
  return undefined;
}

/** Symlink hops followed before calling a chain a loop (the kernel's limit is 40 too). */
const MAX_LINK_HOPS = 40;

/**
 * Why the symlink at `rel` (relative to `root`) is unsafe, or undefined when it is not: follows
 * it, and every symlink it passes, through the real tree, as the kernel would resolve it. A part
 * that does not exist is taken by name. Used once the tree is complete, so the order in which an
 * archive created its links does not matter.
 */
export async function linkProblem(root: string, rel: string): Promise<string | undefined> {
  // A later entry of the same name may have replaced the link with a file or a dir.
  if (!(await lstat(join(root, rel)).catch(() => undefined))?.isSymbolicLink()) return undefined;
  const hops = { n: 0 };
  const dir = await followInside(root, [], dirname(rel), hops);
  if (typeof dir === 'string') return dir;
  const target = await readlink(join(root, rel));
  if (isAbsolute(target)) return `link to absolute path '${target}'`;
  const to = await followInside(root, dir, target, hops);
  return typeof to === 'string' ? to.replace('the path', `'${target}'`) : undefined;
}

/** Walks `path` from `from` (parts below `root`); the parts reached, or why it leaves. */
async function followInside(
  root: string,
  from: string[],
  path: string,
  hops: { n: number },
): Promise<string[] | string> {
  const at = [...from];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (at.length === 0) return 'the path leads outside the image through another link';
      at.pop();
      continue;
    }
    at.push(part);
    const full = join(root, ...at);
    const st = await lstat(full).catch(() => undefined);
    if (!st?.isSymbolicLink()) continue;
    if (++hops.n > MAX_LINK_HOPS) return 'symbolic links form a loop';
    const next = await readlink(full);
    if (isAbsolute(next)) return `the path passes a link to absolute path '${next}'`;
    at.pop();
    const reached = await followInside(root, at, next, hops);
    if (typeof reached === 'string') return reached;
    at.splice(0, at.length, ...reached);
  }
  return at;
}

/**
 * Puts `fresh` at `target`. A symlink or file at `target` is removed, not followed; an old dir is
 * moved aside first so the target is never a mix of two trees. When another process finished
 * the same image first (its marker holds the same digest), its tree is kept and ours dropped:
 * the race is harmless because both trees come from the same verified bytes.
 */
export async function replaceDir(fresh: string, target: string, sha256: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const existing = await lstat(target).catch(() => undefined);
    if (!existing) {
      try {
        await rename(fresh, target);
        return;
      } catch (err) {
        if (!isExists(err)) throw err;
        continue;
      }
    }
    if (!existing.isDirectory()) {
      await rm(target, { force: true });
      continue;
    }
    if ((await readMarker(target)) === sha256) {
      await removeTree(fresh);
      return;
    }
    const old = tempSibling(target, 'old');
    try {
      await rename(target, old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    try {
      await rename(fresh, target);
      return;
    } catch (err) {
      if (!isExists(err)) throw err;
    } finally {
      await removeTree(old);
    }
  }
  throw new UserError(`could not move the extracted image into ${target}: it keeps changing under us`);
}

function isExists(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

/** Reads the digest recorded by a completed extraction, if the dir is a real dir with one. */
export async function readMarker(extractDir: string): Promise<string | undefined> {
  const st = await lstat(extractDir).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  try {
    return (await readFile(join(extractDir, MARKER_FILE), 'utf8')).trim();
  } catch {
    return undefined;
  }
}
