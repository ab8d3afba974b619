export const id = 270;
export const ids = [270];
export const modules = {

/***/ 270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  StreamExtractor: () => (/* binding */ StreamExtractor)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(697);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/unpack/decompress.ts




/** Tells the compression from the first bytes, so a mislabelled URL still extracts. */
function sniffCompression(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
        return 'xz';
    if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])))
        return 'zstd';
    return 'none';
}
/** Bytes needed to sniff. */
const SNIFF_BYTES = 6;
/**
 * zlib's stream options. Output in 1 MiB chunks: each chunk is a thread-pool round trip and then
 * one write by the extractor, so fewer, larger ones cost less. Up to 4 MiB of input may wait in
 * front of zlib, so it keeps inflating while the main thread parses tar headers. Figures:
 * docs/benchmarks.md, "What was changed for speed".
 */
const ZLIB_OPTIONS = {
    chunkSize: 1024 * 1024,
    readableHighWaterMark: 1024 * 1024,
    writableHighWaterMark: 4 * 1024 * 1024,
};
/**
 * The writable end of a decompressor whose output goes into `dest`, which it ends after the
 * last byte. gzip uses Node's zlib, which inflates on the libuv thread pool, so hashing on the
 * main thread and inflating overlap. zstd uses Node's zlib where it has it (Node >= 22.15) and
 * the `zstd` command otherwise; xz always uses `xz`. A failure destroys the returned stream with
 * the error (zlib's carry `Z_DATA_ERROR` or `Z_BUF_ERROR`); `dest` is left to the caller.
 */
function decompressInto(kind, dest) {
    if (kind === 'gzip')
        return readInto(external_node_zlib_default().createGunzip(ZLIB_OPTIONS), dest);
    const duplex = decompressor(kind);
    duplex.pipe(dest);
    return duplex;
}
/**
 * Moves `source`'s output into `dest` with `read()` rather than `pipe()`: `read()` asks zlib for
 * the next output before it returns this one, so zlib inflates while `dest` handles this chunk.
 */
function readInto(source, dest) {
    let waitingForDest = false;
    const pump = () => {
        let chunk;
        while (!waitingForDest && (chunk = source.read()) !== null) {
            if (!dest.write(chunk)) {
                waitingForDest = true;
                dest.once('drain', () => {
                    waitingForDest = false;
                    pump();
                });
            }
        }
    };
    source.on('readable', pump);
    source.on('end', () => dest.end());
    return source;
}
/**
 * Whether the stream `decompressInto(kind, \u2026)` returns calls a write's callback only once it
 * will never read that chunk again: true of zlib's streams, which inflate the chunk into buffers
 * of their own; not of `none`, which passes the chunk itself on, nor of the commands, whose
 * stdin may still queue it when the callback comes.
 */
function writeCallbackMeansConsumed(kind) {
    return kind === 'gzip' || (kind === 'zstd' && zlibZstd() !== undefined);
}
function zlibZstd() {
    const z = (external_node_zlib_default());
    return typeof z.createZstdDecompress === 'function' ? z.createZstdDecompress.bind((external_node_zlib_default())) : undefined;
}
/**
 * The largest zstd window accepted, as a power of two. Archives made with `--long` (the Actions
 * cache compresses with `zstdmt --long=30`) need more than zstd's default of 2^27 to decode.
 */
const ZSTD_WINDOW_LOG_MAX = 31;
function decompressor(kind) {
    switch (kind) {
        case 'zstd': {
            const createZstd = zlibZstd();
            if (createZstd) {
                // Node's types for 20 lack the zstd constants; Node has them wherever it has zstd.
                const windowLogMax = (external_node_zlib_default()).constants.ZSTD_d_windowLogMax;
                const params = { [windowLogMax]: ZSTD_WINDOW_LOG_MAX };
                return createZstd({ ...ZLIB_OPTIONS, params });
            }
            return commandStream('zstd', ['-dc', '-q', `--long=${ZSTD_WINDOW_LOG_MAX}`], 'zstd');
        }
        case 'xz':
            return commandStream('xz', ['-dc', '-T0'], 'xz-utils');
        case 'none':
            return new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    }
}
/** Runs a decompressor command as a duplex stream: stdin in, stdout out, failures as errors. */
function commandStream(cmd, args, debianPackage) {
    const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
        if (stderr.length < 4096)
            stderr += d.toString();
    });
    const duplex = external_node_stream_.Duplex.from({ writable: child.stdin, readable: child.stdout });
    child.on('error', (err) => {
        const msg = err.code === 'ENOENT'
            ? `this archive needs the '${cmd}' command to decompress, and it is not installed (Debian/Ubuntu: apt-get install ${debianPackage})`
            : `${cmd}: ${err.message}`;
        duplex.destroy(new errors/* UserError */.yo(msg));
    });
    child.on('close', (code, signal) => {
        if (code !== 0 && !duplex.destroyed) {
            duplex.destroy(new errors/* UserError */.yo(`${cmd} -d failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
        }
    });
    // If our side is torn down first, do not leave the child behind.
    duplex.on('close', () => {
        if (child.exitCode === null)
            child.kill();
    });
    child.stdin.on('error', () => undefined);
    return duplex;
}

// EXTERNAL MODULE: ./src/storage/remove-tree.ts
var remove_tree = __webpack_require__(618);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
;// CONCATENATED MODULE: ./src/unpack/entry-safety.ts


/**
 * How deep an entry path or link target may go, as node-tar's `maxDepth` (CVE-2024-28863): far
 * beyond any real image; it bounds the dirs one entry makes and the parts a link check walks.
 */
const MAX_PATH_DEPTH = 1024;
/** The names in a path, `\\` counted as a separator as in the `..` check. */
const levels = (path) => path.split(/[\\/]/).filter((p) => p !== '' && p !== '.').length;
/** Why an entry may not be extracted, or undefined when it may. */
function entryProblem(path, entry) {
    if ((0,external_node_path_.isAbsolute)(path) || /^[a-zA-Z]:/.test(path))
        return 'absolute path';
    const parts = path.split(/[\\/]/);
    const depth = levels(path);
    if (depth > MAX_PATH_DEPTH)
        return `path is ${depth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
    if (parts.includes('..'))
        return "path contains '..'";
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
        const link = entry.linkpath ?? '';
        if ((0,external_node_path_.isAbsolute)(link) || /^[a-zA-Z]:/.test(link))
            return `link to absolute path '${link}'`;
        const linkDepth = levels(link);
        if (linkDepth > MAX_PATH_DEPTH) {
            return `link target is ${linkDepth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
        }
        // A symlink resolves from the dir it lands in, a hard link from the archive root. Where it
        // lands is the name resolved first: `a/.` and `a/` land at `a`, in the root, not inside `a`.
        const root = (0,external_node_path_.resolve)('/__root__');
        const base = entry.type === 'SymbolicLink' ? (0,external_node_path_.dirname)((0,external_node_path_.resolve)(root, path)) : root;
        const to = (0,external_node_path_.resolve)(base, link);
        if (to !== root && !to.startsWith(root + external_node_path_.sep))
            return `link points outside the image ('${link}')`;
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
async function linkProblem(root, rel) {
    // A later entry of the same name may have replaced the link with a file or a dir.
    if (!(await (0,promises_.lstat)((0,external_node_path_.join)(root, rel)).catch(() => undefined))?.isSymbolicLink())
        return undefined;
    const hops = { n: 0 };
    const dir = await followInside(root, [], (0,external_node_path_.dirname)(rel), hops);
    if (typeof dir === 'string')
        return dir;
    const target = await (0,promises_.readlink)((0,external_node_path_.join)(root, rel));
    if ((0,external_node_path_.isAbsolute)(target))
        return `link to absolute path '${target}'`;
    const to = await followInside(root, dir, target, hops);
    return typeof to === 'string' ? to.replace('the path', `'${target}'`) : undefined;
}
/** Walks `path` from `from` (parts below `root`); the parts reached, or why it leaves. */
async function followInside(root, from, path, hops) {
    const at = [...from];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (at.length === 0)
                return 'the path leads outside the image through another link';
            at.pop();
            continue;
        }
        at.push(part);
        const full = (0,external_node_path_.join)(root, ...at);
        const st = await (0,promises_.lstat)(full).catch(() => undefined);
        if (!st?.isSymbolicLink())
            continue;
        if (++hops.n > MAX_LINK_HOPS)
            return 'symbolic links form a loop';
        const next = await (0,promises_.readlink)(full);
        if ((0,external_node_path_.isAbsolute)(next))
            return `the path passes a link to absolute path '${next}'`;
        at.pop();
        const reached = await followInside(root, at, next, hops);
        if (typeof reached === 'string')
            return reached;
        at.splice(0, at.length, ...reached);
    }
    return at;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(975);
;// CONCATENATED MODULE: ./src/unpack/tree-writer.ts






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
class TreeWriter {
    root;
    opts;
    /** Creating dirs, links and files happens one at a time, in archive order. */
    chain = Promise.resolve();
    /** Files whose data is still being written, each with a way to stop waiting for its end. */
    writing = new Map();
    /**
     * The dirs the archive names, to give them their mode and time once their content is in, and
     * which dir each was: by then a later entry may have put a symlink at its name or on its path.
     */
    dirs = [];
    /** Paths below the root known to be real directories ('' is the root). */
    realDirs = new Set(['']);
    inFlight = 0;
    waiting = [];
    stopped = false;
    constructor(root, opts) {
        this.root = root;
        this.opts = opts;
    }
    /** Takes the next entry; `rel` is its path below the root, normalized (see `normalizeRel`). */
    add(entry, rel) {
        if (entry.type === 'File' || entry.type === 'OldFile')
            return this.file(entry, rel);
        entry.resume();
        if (entry.type === 'Directory')
            this.step(() => this.directory(entry, rel));
        else if (entry.type === 'SymbolicLink')
            this.step(() => this.symlink(entry, rel));
        else if (entry.type === 'Link')
            this.step(() => this.hardLink(entry, rel));
    }
    /** Resolves when everything is on disk and the dirs have their modes and times. */
    async finish() {
        await this.chain;
        while (this.writing.size > 0)
            await Promise.all(this.writing.keys());
        if (this.stopped)
            return;
        try {
            await this.opts.beforeModes?.();
        }
        catch (err) {
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
                const st = await (0,promises_.lstat)(dir.abs).catch(() => undefined);
                if (!st?.isDirectory() || st.dev !== dir.dev || st.ino !== dir.ino)
                    continue;
                if (dir.mode !== undefined)
                    await (0,promises_.chmod)(dir.abs, dir.mode & ~umask);
                if (dir.mtime)
                    await (0,promises_.utimes)(dir.abs, dir.mtime, dir.mtime);
            }
            catch (err) {
                this.fail(err);
                return;
            }
        }
    }
    /** Starts nothing more; resolves once what was started has settled and every file is closed. */
    async stop() {
        this.stopped = true;
        this.release();
        await this.chain;
        for (const end of this.writing.values())
            end();
        await Promise.all(this.writing.keys());
    }
    /** Queues `op` after the ones before it; `skipped` runs instead once the writer has stopped. */
    step(op, skipped) {
        this.chain = this.chain.then(async () => {
            if (this.stopped)
                return skipped?.();
            try {
                await op();
            }
            catch (err) {
                this.fail(err);
            }
        });
    }
    fail(err) {
        if (this.stopped)
            return;
        this.stopped = true;
        this.release();
        this.opts.onError(err instanceof Error ? err : new Error(String(err)));
    }
    refuse(path, why) {
        return new errors/* UserError */.yo(`${this.opts.label}: refusing unsafe archive entry '${path}': ${why}`);
    }
    async directory(entry, rel) {
        if (rel === '')
            return;
        await this.parents(entry.path, rel);
        const abs = (0,external_node_path_.join)(this.root, rel);
        let st = await (0,promises_.lstat)(abs).catch(() => undefined);
        if (!st?.isDirectory()) {
            if (st)
                await this.remove(abs);
            // Owner rwx until the end, so that a read-only dir can still be filled.
            await (0,promises_.mkdir)(abs, { mode: 0o700 | ((entry.mode ?? 0o755) & 0o777) });
            st = await (0,promises_.lstat)(abs);
        }
        this.realDirs.add(rel);
        this.dirs.push({ abs, dev: st.dev, ino: st.ino, mode: dirPermissions(entry.mode), mtime: entry.mtime });
    }
    async symlink(entry, rel) {
        if (rel === '')
            throw this.refuse(entry.path, 'it names the image root');
        await this.parents(entry.path, rel);
        const abs = (0,external_node_path_.join)(this.root, rel);
        await this.remove(abs);
        await (0,promises_.symlink)(entry.linkpath ?? '', abs);
        this.realDirs = new Set(['']);
    }
    async hardLink(entry, rel) {
        if (rel === '')
            throw this.refuse(entry.path, 'it names the image root');
        const target = normalizeRel(entry.linkpath ?? '');
        await this.parents(entry.path, target, false);
        const targetAbs = (0,external_node_path_.join)(this.root, target);
        const st = await (0,promises_.lstat)(targetAbs).catch(() => undefined);
        if (st?.isSymbolicLink()) {
            throw this.refuse(entry.path, `it would be written or linked through the symbolic link '${target}'`);
        }
        if (!st?.isFile()) {
            throw new errors/* UserError */.yo(`${this.opts.label}: refusing archive entry '${entry.path}': its hard link target '${entry.linkpath}' is not a file the archive has already created`);
        }
        await this.parents(entry.path, rel);
        const abs = (0,external_node_path_.join)(this.root, rel);
        if (abs === targetAbs)
            return;
        await this.remove(abs);
        await (0,promises_.link)(targetAbs, abs);
    }
    file(entry, rel) {
        if (rel === '') {
            entry.resume();
            return this.step(() => Promise.reject(this.refuse(entry.path, 'it names the image root')));
        }
        // No data flows until the file exists; the parser, and the inflater, wait meanwhile.
        entry.pause();
        let opened;
        const fd = new Promise((resolve) => (opened = resolve));
        this.step(async () => {
            try {
                await this.parents(entry.path, rel);
                const abs = (0,external_node_path_.join)(this.root, rel);
                const mode = permissions(entry.mode) ?? 0o644;
                // O_EXCL never follows or reuses what has this name: when something does, it is an
                // earlier entry, which this one replaces.
                opened(await openFile(abs, 'wx', mode).catch(async (err) => {
                    if (err.code !== 'EEXIST')
                        throw err;
                    await this.remove(abs);
                    return openFile(abs, 'wx', mode);
                }));
            }
            catch (err) {
                opened(undefined);
                throw err;
            }
        }, () => opened(undefined));
        let endNow = () => undefined;
        const done = fd
            .then((n) => {
            if (n !== undefined)
                return this.data(entry, n, (end) => (endNow = end));
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
    data(entry, fd, onEnd) {
        return new Promise((resolve) => {
            let offset = 0;
            /** Where the last byte written ends: short of the size, the file ends in a hole. */
            let writtenEnd = 0;
            let pending = 1;
            let ended = false;
            let error;
            const settle = () => {
                if (--pending > 0)
                    return;
                void this.closeFile(fd, entry, writtenEnd < offset ? offset : undefined, error).then(resolve);
            };
            const end = () => {
                if (ended)
                    return;
                ended = true;
                settle();
            };
            const put = (bytes, at) => {
                pending++;
                writtenEnd = Math.max(writtenEnd, at + bytes.length);
                this.inFlight += bytes.length;
                (0,external_node_fs_.write)(fd, bytes, 0, bytes.length, at, (err) => {
                    this.inFlight -= bytes.length;
                    if (err)
                        error ??= err;
                    if (this.inFlight <= MAX_IN_FLIGHT)
                        this.release();
                    settle();
                });
            };
            onEnd(end);
            entry.on('data', (chunk) => {
                if (this.stopped || error)
                    return;
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
                        if (run >= 0)
                            put(chunk.subarray(run, at), start + run);
                        run = -1;
                    }
                    else if (run < 0)
                        run = at;
                    at = end;
                }
                if (run >= 0)
                    put(chunk.subarray(run), start + run);
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
    async closeFile(fd, entry, size, error) {
        try {
            if (error)
                throw error;
            if (this.stopped)
                return;
            if (size !== undefined)
                await truncateFd(fd, size);
            if (entry.mtime)
                await timesFd(fd, entry.atime ?? entry.mtime, entry.mtime);
        }
        catch (err) {
            this.fail(err);
        }
        finally {
            await closeFd(fd).catch(() => undefined);
        }
    }
    /** Checks, or creates, every parent of `rel` as a real directory. */
    async parents(path, rel, create = true) {
        let at = '';
        for (const part of rel.split('/').slice(0, -1)) {
            at = at ? `${at}/${part}` : part;
            if (this.realDirs.has(at))
                continue;
            const abs = (0,external_node_path_.join)(this.root, at);
            let st = await (0,promises_.lstat)(abs).catch(() => undefined);
            if (!st) {
                if (!create)
                    return;
                await (0,promises_.mkdir)(abs, { mode: 0o755 }).catch((err) => {
                    if (err.code !== 'EEXIST')
                        throw err;
                });
                st = await (0,promises_.lstat)(abs);
            }
            if (st.isSymbolicLink()) {
                throw this.refuse(path, `it would be written or linked through the symbolic link '${at}'`);
            }
            if (!st.isDirectory())
                throw this.refuse(path, `'${at}' in its path is not a directory`);
            this.realDirs.add(at);
        }
    }
    /** Removes whatever has the name `abs` (never following a link). */
    async remove(abs) {
        const st = await (0,promises_.lstat)(abs).catch(() => undefined);
        if (!st)
            return;
        if (st.isDirectory())
            await (0,remove_tree/* removeTree */.d)(abs);
        else
            await (0,promises_.unlink)(abs);
        this.realDirs = new Set(['']);
    }
    release() {
        for (const resume of this.waiting.splice(0))
            resume();
    }
}
/** File data on its way to the disk at most; above it, the parser waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;
/** The size and alignment of the zero runs left as holes. */
const HOLE_BYTES = 64 * 1024;
const ZEROS = Buffer.alloc(HOLE_BYTES);
/** Whether `chunk[at, end)` (at most HOLE_BYTES) is all zeros. */
function isZero(chunk, at, end) {
    // Most pieces of data fail on their first or last byte, before the full comparison.
    return chunk[at] === 0 && chunk[end - 1] === 0 && chunk.compare(ZEROS, 0, end - at, at, end) === 0;
}
/**
 * Permission bits to apply, or undefined to keep the default. Group and world write are dropped:
 * a tree another local user could write is one the next pull could not trust (storage/trust.ts).
 */
function permissions(mode) {
    return typeof mode === 'number' ? mode & 0o7755 : undefined;
}
/**
 * A dir's permission bits: as for a file, and always readable and searchable by its owner. The
 * store vouches only for a tree it can list in full; an execute-only (`0111`) or closed (`000`)
 * dir would hide what is inside from the check (tree-record.ts) and from the `files` output.
 */
function dirPermissions(mode) {
    const bits = permissions(mode);
    return bits === undefined ? undefined : bits | 0o500;
}
/** `./a//b/` \u2192 `a/b`; the root is ''. The caller has refused absolute paths and `..`. */
function normalizeRel(path) {
    return path
        .split('/')
        .filter((p) => p !== '' && p !== '.')
        .join('/');
}
/** How many parts a path has: a dir is deeper than its parent. */
function depthOf(abs) {
    return abs.split('/').length;
}
// Raw descriptors rather than FileHandles: the data is written with fs.write at offsets, and a
// FileHandle closed behind its back would close its number again when collected.
const openFile = (0,external_node_util_.promisify)(external_node_fs_.open);
const truncateFd = (0,external_node_util_.promisify)(external_node_fs_.ftruncate);
const timesFd = (0,external_node_util_.promisify)(external_node_fs_.futimes);
const closeFd = (0,external_node_util_.promisify)(external_node_fs_.close);

;// CONCATENATED MODULE: ./src/unpack/extract.ts







/**
 * Unpacks a tar stream fed chunk by chunk (while it downloads) into a private dir (`dir`, in the
 * store's staging), which the store puts in place once the caller has checked the digest;
 * `abort` removes every trace. Entries that would land outside the dir (absolute paths, `..`,
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
class StreamExtractor {
    tempDir;
    opts;
    head = [];
    headBytes = 0;
    input;
    /** Whether a write's callback means the decompressor is done with the chunk (see `push`). */
    releasesOnWrite = false;
    parser;
    writer;
    done;
    failure;
    skipped = [];
    symlinks = [];
    stats = { files: 0, bytes: 0 };
    constructor(
    /** Where the tree is built: a fresh private path. */
    tempDir, opts) {
        this.tempDir = tempDir;
        this.opts = opts;
    }
    static async create(dir, opts) {
        const ex = new StreamExtractor(dir, opts);
        // Never writable by others, whatever the umask: the next pull trusts only such a tree.
        await (0,promises_.mkdir)(ex.tempDir, { recursive: true, mode: 0o755 });
        return ex;
    }
    /**
     * Feeds bytes; resolves when the pipeline can take more. `release`, if given, is called once
     * `chunk` is never read again (the decompressor has consumed it, or it was copied), which
     * may be after this resolves; never, if the extraction fails first.
     */
    async write(chunk, release) {
        if (this.failure)
            throw this.failure;
        if (!this.input) {
            // Wait for enough bytes to tell the compression from its magic number; kept as a copy.
            this.head.push(Buffer.from(chunk));
            this.headBytes += chunk.length;
            release?.();
            if (this.headBytes < SNIFF_BYTES)
                return;
            this.start();
            const first = Buffer.concat(this.head);
            this.head = [];
            return this.push(first);
        }
        return this.push(chunk, release);
    }
    /** Ends the input and waits until every file is on disk. */
    async finish() {
        if (!this.input)
            this.start();
        if (this.head.length > 0) {
            await this.push(Buffer.concat(this.head));
            this.head = [];
        }
        this.input.end();
        try {
            await this.done;
        }
        catch (err) {
            throw this.wrap(err);
        }
        if (this.failure)
            throw this.failure;
        if (this.skipped.length > 0) {
            this.opts.log.warn(`${this.opts.label}: skipped ${this.skipped.length} device or special entries: ${this.skipped.slice(0, 5).join(', ')}`);
        }
        return this.stats;
    }
    /** Stops and removes the partial tree. Safe to call more than once. */
    async abort() {
        this.failure ??= new errors/* UserError */.yo(`${this.opts.label}: extraction aborted`);
        this.input?.destroy();
        this.parser?.abort(this.failure);
        await this.done?.catch(() => undefined);
        // Once the writer has stopped, everything it started has landed or failed, and it starts
        // nothing more: the tree can be removed in one go.
        await this.writer?.stop();
        try {
            await (0,remove_tree/* removeTree */.d)(this.tempDir);
        }
        catch (err) {
            // Never hide the error that made us abort; a later run sweeps the staging dir.
            this.opts.log.warn(`could not remove ${this.tempDir}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    start() {
        const head = Buffer.concat(this.head);
        // node-tar reads the tar format; TreeWriter puts the entries on disk (tree-writer.ts).
        const parser = new index_min/* Parser */.iX({ strict: true });
        const writer = new TreeWriter(this.tempDir, {
            label: this.opts.label,
            onError: (err) => this.fail(err),
            beforeModes: () => this.checkLinks(),
        });
        this.parser = parser;
        this.writer = writer;
        parser.on('entry', (entry) => {
            // Where it lands (`a/.` and `./a/` are `a`); only meaningful once `check` has refused `..`.
            const rel = normalizeRel(entry.path);
            if (this.failure || !this.check(entry.path, rel, entry))
                return void entry.resume();
            writer.add(entry, rel);
        });
        const kind = sniffCompression(head);
        const input = decompressInto(kind, parser);
        this.input = input;
        this.releasesOnWrite = writeCallbackMeansConsumed(kind);
        this.done = new Promise((resolveDone, reject) => {
            parser.on('end', () => writer.finish().then(resolveDone, reject));
            parser.on('error', (err) => reject(err));
            input.on('error', (err) => {
                reject(err);
                parser.abort(err);
            });
        });
        this.done.catch(() => undefined);
    }
    async push(chunk, release) {
        const input = this.input;
        // Released only where the write's callback says the decompressor is done with the chunk.
        const done = this.releasesOnWrite ? release : undefined;
        const ok = input.write(chunk, (err) => {
            if (!err)
                done?.();
        });
        if (!ok) {
            await new Promise((res, rej) => {
                const onDrain = () => {
                    input.off('error', onError);
                    res();
                };
                const onError = (err) => {
                    input.off('drain', onDrain);
                    rej(this.wrap(err));
                };
                input.once('drain', onDrain);
                input.once('error', onError);
                // A failed pipeline (refused entry, bad data, input already dead) never drains again.
                this.done?.catch((err) => rej(this.wrap(err)));
            });
        }
        if (this.failure)
            throw this.failure;
    }
    /** Decides per entry; a refusal aborts the whole extraction. */
    check(path, rel, entry) {
        const problem = entryProblem(path, entry);
        if (problem) {
            this.fail(new errors/* UserError */.yo(`${this.opts.label}: refusing unsafe archive entry '${path}': ${problem}`));
            return false;
        }
        if (['CharacterDevice', 'BlockDevice', 'FIFO', 'ContiguousFile'].includes(entry.type)) {
            this.skipped.push(path);
            return false;
        }
        // By where it lands, so that the final check examines the link itself.
        if (entry.type === 'SymbolicLink' && rel !== '')
            this.symlinks.push(rel);
        if (typeof entry.mode === 'number')
            entry.mode &= ~0o6000;
        if (entry.type === 'File' || entry.type === 'OldFile') {
            this.stats.files++;
            this.stats.bytes += entry.size ?? 0;
            if (this.opts.maxBytes !== undefined && this.stats.bytes > this.opts.maxBytes) {
                this.fail(new errors/* UserError */.yo(`${this.opts.label}: unpacks to more than ${this.opts.maxBytes} bytes; stopped`, {
                    setting: 'max-size',
                }));
                return false;
            }
        }
        return true;
    }
    /** Follows every symlink through the complete tree (see `linkProblem`); throws on the first unsafe one. */
    async checkLinks() {
        for (const link of this.symlinks) {
            const problem = await linkProblem(this.tempDir, link);
            if (problem) {
                throw new errors/* UserError */.yo(`${this.opts.label}: refusing unsafe archive entry '${link}': ${problem}`);
            }
        }
    }
    fail(err) {
        if (this.failure)
            return;
        this.failure = this.wrap(err);
        this.parser?.abort(this.failure);
        void this.writer?.stop();
    }
    wrap(err) {
        if (this.failure)
            return this.failure;
        if (err instanceof errors/* UserError */.yo)
            return err;
        const code = err?.code;
        if (code === 'ENOSPC')
            return new errors/* UserError */.yo(`${this.opts.label}: no space left on the device while extracting`, {
                cause: err,
            });
        // node-tar's own refusals carry the entry; name it rather than print a bare TAR_ code.
        const entryPath = err?.entry?.path;
        if (code?.startsWith('TAR_') && entryPath !== undefined) {
            const why = (0,errors/* errorMessage */.gJ)(err).replace(/^TAR_[A-Z_]+: /, '');
            return new errors/* UserError */.yo(`${this.opts.label}: refusing archive entry '${entryPath}': ${why}`);
        }
        if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
            return new errors/* UserError */.yo(`${this.opts.label}: the archive is not valid compressed data (${(0,errors/* errorMessage */.gJ)(err)})`);
        }
        return new errors/* UserError */.yo(`${this.opts.label}: extraction failed: ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
    }
}


/***/ })

};
