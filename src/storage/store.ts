import type { FileHandle } from 'node:fs/promises';
import { lstat, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { MARKER_FILE, RECORD_FILE, STORE_DIR } from './layout.js';
import { prepareOutputDir } from './output-dir.js';
import { removeTree } from './remove-tree.js';
import { Staging } from './staging.js';
import {
  checkTree,
  readRecord,
  recordText,
  sameStamp,
  scanTree,
  stamp,
  type Stamp,
  type TreeCheck,
  type TreeRecord,
} from './tree-record.js';
import { currentUid } from './trust.js';

/**
 * The output dir as the pull sees it, and every decision about what in it may be trusted,
 * replaced or removed. It decides from what it recorded (the marker and record it writes into
 * each tree, the stamp of the archive it verified), never from what a name looks like: its temp
 * work lives in a private staging dir of its own, and only that is ever swept.
 */
export class Store {
  private staging?: Promise<Staging>;
  readonly uid = currentUid();

  private constructor(
    readonly outputDir: string,
    /** False for a read-only output dir: what is there verified is served, nothing is written. */
    readonly writable: boolean,
    /** The output dir is the tools' shared store (the default), where trees neither tool marked may be replaced. */
    private readonly shared: boolean,
    private readonly log: Log,
  ) {}

  static async open(outputDir: string, opts: { shared?: boolean; log: Log }): Promise<Store> {
    const { writable } = await prepareOutputDir(outputDir);
    return new Store(outputDir, writable, opts.shared ?? false, opts.log);
  }

  /** A fresh private path on the output dir's file system, for temp work. */
  async temp(label: string): Promise<string> {
    this.staging ??= this.openStaging();
    return (await this.staging).path(label);
  }

  private async openStaging(): Promise<Staging> {
    if (!this.writable) throw this.readOnly();
    try {
      return await Staging.open(join(this.outputDir, STORE_DIR));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') throw this.readOnly(code);
      throw err;
    }
  }

  /** Why nothing can be stored here: the error for a pull that has to write. */
  readOnly(code?: string): UserError {
    return new UserError(
      `${this.outputDir} cannot be written${code ? ` (${code})` : ''}, and it does not hold the image verified; choose a writable output dir`,
      { setting: 'output-dir' },
    );
  }

  /** Removes the staging work dir with whatever is left in it. */
  async close(): Promise<void> {
    const staging = await this.staging?.catch(() => undefined);
    this.staging = undefined;
    await staging?.close().catch((err: unknown) => {
      this.log.warn(`could not remove ${staging.dir}: ${errorMessage(err)}`);
    });
  }

  checkTree(dir: string, sha256: string): Promise<TreeCheck> {
    return checkTree(dir, sha256, this.uid);
  }

  /**
   * Moves a tree that may not be reused out of its name into staging, then removes it. A tree
   * that neither tool made (`foreign`) is the user's and stays where it is: the pull fails naming
   * it, outside the shared default store. What cannot be removed stays in staging for a later run.
   */
  async discardTree(dir: string, check: Exclude<TreeCheck, { ok: true }>): Promise<void> {
    if (check.state === 'absent') return;
    if (check.state === 'foreign' && !(await isEmptyDir(dir))) {
      const st = await lstat(dir);
      // In the shared default store, what of ours has the name and no marker is axbuild 0.4.2's.
      if (!this.shared || st.uid !== this.uid) {
        throw new UserError(
          `${dir} is in the way: it ${check.why}, so it is not a tree this tool or cargo xtask image made, and it is left as it is; move it away or choose another output dir`,
          { setting: 'output-dir' },
        );
      }
    }
    const doomed = await this.temp('old-tree');
    try {
      await rename(dir, doomed);
    } catch (err) {
      throw new UserError(`cannot move ${dir} out of the way: ${errorMessage(err)}`, { cause: err });
    }
    await removeTree(doomed).catch((err: unknown) =>
      this.log.warn(`could not remove the old tree (now ${doomed}): ${errorMessage(err)}`),
    );
  }

  /**
   * Puts an extracted tree in place: writes its marker and its record into it, then moves it
   * onto `target` in one rename, an old tree there moved aside first. When another run put a
   * tree of the same digest in place meanwhile, that one is kept and ours dropped: both come
   * from the same verified bytes. Returns the record written.
   */
  async commitTree(fresh: string, target: string, sha256: string): Promise<TreeRecord> {
    // Replaces whatever the archive put at these names rather than writing through it (a link).
    for (const name of [MARKER_FILE, RECORD_FILE]) await removeTree(join(fresh, name));
    await writeFile(join(fresh, MARKER_FILE), `${sha256}\n`, { flag: 'wx', mode: 0o644 });
    // Recorded before the rename, so that a tree at the final name always has its record.
    const record: TreeRecord = await scanTree(fresh);
    await writeFile(join(fresh, RECORD_FILE), recordText(sha256, record), { flag: 'wx', mode: 0o644 });
    await this.replaceDir(fresh, target, sha256);
    return record;
  }

  private async replaceDir(fresh: string, target: string, sha256: string): Promise<void> {
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
      if ((await this.checkTree(target, sha256)).ok) {
        await removeTree(fresh);
        return;
      }
      const old = await this.temp('old-tree');
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
        await removeTree(old).catch(() => undefined);
      }
    }
    throw new UserError(`could not move the extracted image into ${target}: it keeps changing under us`);
  }

  /**
   * Records the archive beside a tree in the tree's record, as the file `held` (an open handle
   * on the very bytes verified) now is, so the next pull can trust it without hashing. Only when
   * the name still leads to that file; otherwise the archive is left unrecorded (hashed next time).
   */
  async recordArchive(
    tree: string,
    sha256: string,
    name: string,
    path: string,
    held: FileHandle,
  ): Promise<void> {
    const record = await readRecord(tree, sha256, this.uid);
    if ('why' in record) return;
    const st = await held.stat({ bigint: true });
    const now = await lstat(path, { bigint: true }).catch(() => undefined);
    const archive = now && now.ino === st.ino && now.dev === st.dev ? stamp(name, st) : undefined;
    await this.writeRecord(tree, sha256, { entries: record.entries, archive });
  }

  /** Rewrites a tree's record in place when what it says of the archive changed. */
  async writeRecord(tree: string, sha256: string, record: TreeRecord): Promise<void> {
    const current = await readRecord(tree, sha256, this.uid);
    if (!('why' in current) && sameArchive(current.archive, record.archive)) return;
    try {
      const tmp = await this.temp('record');
      await writeFile(tmp, recordText(sha256, record), { flag: 'wx', mode: 0o644 });
      await rename(tmp, join(tree, RECORD_FILE));
    } catch (err) {
      this.log.warn(
        `output dir: could not update ${join(tree, RECORD_FILE)} (${errorMessage(err)}); the next pull hashes the archive again`,
      );
    }
  }

  /** Moves an archive of ours that did not verify out of its name (before another is put there). */
  async discardFile(path: string): Promise<void> {
    const doomed = await this.temp('old-archive');
    try {
      await rename(path, doomed);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new UserError(`cannot move ${path} out of the way: ${errorMessage(err)}`, { cause: err });
    }
    await removeTree(doomed).catch(() => undefined);
  }
}

function sameArchive(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return (a === undefined && b === undefined) || sameStamp(a, b);
}

async function isEmptyDir(dir: string): Promise<boolean> {
  return readdir(dir).then(
    (names) => names.length === 0,
    () => false,
  );
}

function isExists(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}
