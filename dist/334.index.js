export const id = 334;
export const ids = [334];
export const modules = {

/***/ 8334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CACHE_PATH_PREFIX: () => (/* binding */ CACHE_PATH_PREFIX),
/* harmony export */   cacheKey: () => (/* binding */ cacheKey),
/* harmony export */   cacheRoot: () => (/* binding */ cacheRoot),
/* harmony export */   createActionsCache: () => (/* binding */ createActionsCache),
/* harmony export */   defaultTarGuard: () => (/* binding */ defaultTarGuard),
/* harmony export */   removeStaleSaves: () => (/* binding */ removeStaleSaves)
/* harmony export */ });
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1863);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4296);
/* harmony import */ var _storage_layout_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(999);
/* harmony import */ var _storage_remove_tree_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1618);
/* harmony import */ var _storage_staging_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5864);










/**
 * The cached path, as a string. @actions/cache hashes the path strings into the entry's version,
 * so this must not depend on any input (another job with another output-dir must hit). `~` is
 * expanded by the library, so the string is the same on every runner.
 */
const CACHE_PATH_PREFIX = '~/.cache/axvisor-image/actions';
/**
 * Where `CACHE_PATH_PREFIX` points. Looked up on every call, as the library expands `~` from
 * HOME on every call: a root fixed at import would disagree with it once HOME changes.
 */
const cacheRoot = () => (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), '.cache', _storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .TOOL_CACHE_DIR */ .gk, 'actions');
const cacheKey = (sha256) => `axvisor-image-${sha256}`;
const cachePath = (sha256) => `${CACHE_PATH_PREFIX}/${sha256}`;
/**
 * The runner's ACTIONS_CACHE_MODE as the library reads it (unset or unknown allows both), so a
 * restore or save the runner forbids is reported as such instead of as a miss or a failure.
 */
function cacheMode() {
    const mode = (process.env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
    const known = ['none', 'read', 'write', 'write-only'].includes(mode);
    return {
        mode,
        read: !known || mode === 'read' || mode === 'write',
        write: !known || mode === 'write' || mode === 'write-only',
    };
}
/**
 * Where the bundle keeps the tar guard: `dist/tar-guard/index.js`, beside the adapter's chunk.
 * Joined by hand: ncc rewrites `new URL('./x', import.meta.url)` into a require of `./x`.
 */
const defaultTarGuard = () => (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_5__.fileURLToPath)(import.meta.url)), 'tar-guard', 'index.js');
/**
 * The GitHub Actions cache through the real @actions/cache library, keyed by the archive's digest.
 * Every failure is a warning: a job must never fail because the cache did.
 *
 * On disk, under `cacheRoot()`: a copy `<sha256>/archive<ext>` is staged there for a save (the fixed
 * path string says so), guarded by `.<sha256>.lock` against another job on the same machine;
 * each restore lands in a private work dir of `.axvisor-image/staging/`, so jobs sharing a HOME
 * never read or delete each other's files.
 *
 * Anyone who can run a job in the repository can write an entry under our key, and the library
 * unpacks entries with `tar -P`, which honours absolute and `../` names. So a restore runs with
 * a `tar` of ours first on PATH, which lets the real tar unpack an entry only once every member
 * is known to be `<sha256>/archive<ext>` (tar-guard.ts); a refused entry is a failed restore: a
 * warning, and the image is downloaded. The library finds `tar` through PATH, which it does not
 * promise: the Actions cache tests restore a poisoned entry with the library itself, and fail the
 * day it looks elsewhere.
 */
function createActionsCache(log, lib = _actions_cache__WEBPACK_IMPORTED_MODULE_0__, opts = {}) {
    const tarGuard = opts.tarGuard ?? defaultTarGuard();
    try {
        // Stand-ins such as @github/local-action's may lack functions or throw from them.
        const missing = ['isFeatureAvailable', 'restoreCache', 'saveCache'].filter((name) => typeof lib[name] !== 'function');
        if (missing.length > 0) {
            log.warn(`actions cache: the cache library has no ${missing.join(', ')}; skipping the Actions cache`);
            return undefined;
        }
        if (!lib.isFeatureAvailable()) {
            log.info('actions cache: not available on this runner (no cache service URL); skipping it');
            return undefined;
        }
    }
    catch (err) {
        log.warn(`actions cache: cannot tell whether the cache is available (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}); skipping it`);
        return undefined;
    }
    // Called through `lib`, so a stand-in's methods keep their `this`.
    const restoreCache = (...args) => lib.restoreCache(...args);
    const saveCache = (...args) => lib.saveCache(...args);
    /** Restored archive path \u2192 the private work dir holding it. */
    const restoreDirs = new Map();
    // Once per cache root (HOME may change between calls), before this adapter stages anything.
    const sweeps = new Map();
    const sweep = (root) => {
        let done = sweeps.get(root);
        if (!done) {
            done = removeStaleSaves(root).then((removed) => {
                if (removed.length > 0)
                    log.info(`actions cache: removed what killed saves left for ${removed.join(', ')}`);
            }, (err) => log.warn(`actions cache: could not clean up after killed saves: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`));
            sweeps.set(root, done);
        }
        return done;
    };
    const lookup = (sha256) => restoreCache([cachePath(sha256)], cacheKey(sha256), [], { lookupOnly: true });
    return {
        async restore(sha256) {
            const key = cacheKey(sha256);
            const mode = cacheMode();
            if (!mode.read) {
                log.info(`actions cache: not restoring (the runner's cache mode '${mode.mode}' forbids reads)`);
                return undefined;
            }
            let staging;
            await sweep(cacheRoot());
            try {
                // Asking first costs nothing on a miss (the restore would ask the same), and it tells a
                // broken entry (restore fails although the entry exists) apart from a plain miss.
                if ((await lookup(sha256)) === undefined) {
                    log.info(`actions cache: miss (key ${key})`);
                    return undefined;
                }
                const realTar = await findOnPath('tar');
                if (!realTar) {
                    log.warn(`actions cache: no 'tar' command on PATH to unpack entry ${key}; downloading instead`);
                    return undefined;
                }
                const root = cacheRoot();
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(root, { recursive: true });
                staging = await _storage_staging_js__WEBPACK_IMPORTED_MODULE_9__/* .Staging */ .CP.open((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, _storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .STORE_DIR */ .SF));
                const dir = staging.path('restore');
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { mode: 0o700 });
                const bin = await guardedTar(staging, realTar, tarGuard, sha256);
                const hit = await withWorkspace(dir, () => restoreCache([cachePath(sha256)], key), bin);
                if (hit === undefined) {
                    log.warn(`actions cache: entry ${key} exists but could not be restored (see the library's message above); downloading instead`);
                    return undefined;
                }
                const name = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dir, sha256)).catch(() => [])).find((n) => (0,_storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .isCachedArchiveName */ .mw)(n));
                if (!name) {
                    log.warn(`actions cache: entry ${key} restored no archive; downloading instead`);
                    return undefined;
                }
                const path = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dir, sha256, name);
                restoreDirs.set(path, staging);
                staging = undefined;
                return path;
            }
            catch (err) {
                log.warn(`actions cache: restore failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
                return undefined;
            }
            finally {
                if (staging)
                    await removeQuietly(log, staging);
            }
        },
        async save(sha256, archivePath, extension) {
            const key = cacheKey(sha256);
            const mode = cacheMode();
            if (!mode.write) {
                log.info(`actions cache: not saving ${key} (the runner's cache mode '${mode.mode}' forbids writes)`);
                return;
            }
            const root = cacheRoot();
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, sha256);
            let release;
            await sweep(root);
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(root, { recursive: true });
                release = await lockSave(root, sha256);
                if (!release) {
                    log.info(`actions cache: another job on this machine is saving ${key}; leaving it to that one`);
                    return;
                }
                await (0,_storage_remove_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .removeTree */ .d)(dir);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir);
                const staged = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dir, (0,_storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .cachedArchiveName */ .yS)(extension));
                // A copy (a reflink where the filesystem has them), never a hard link: tar fails the save
                // when the file's ctime moves while it reads, which any link or removal of another of its
                // names does (the tool cache's, another job's); and our link would move it after the store
                // recorded it.
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(archivePath, staged, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.COPYFILE_FICLONE);
                const id = await withWorkspace(root, () => saveCache([cachePath(sha256)], key));
                // The library reports a lost race, a refused reservation and an unreachable service
                // alike, as an info line and -1; the user should see that the cache stayed cold.
                if (id === -1) {
                    log.warn(`actions cache: ${key} was not saved (another job may be saving it, or the cache service refused it; see the lines above)`);
                }
                else {
                    log.info(`actions cache: saved ${key}`);
                }
            }
            catch (err) {
                log.warn(`actions cache: save failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
            }
            finally {
                if (release) {
                    await (0,_storage_remove_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .removeTree */ .d)(dir).catch((err) => {
                        log.warn(`actions cache: could not remove ${dir}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
                    });
                    await release().catch((err) => {
                        log.warn(`actions cache: could not release the save lock: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
                    });
                }
            }
        },
        async exists(sha256) {
            const mode = cacheMode();
            if (!mode.read) {
                log.info(`actions cache: cannot look up entries (the runner's cache mode '${mode.mode}' forbids reads)`);
                return false;
            }
            try {
                return (await lookup(sha256)) !== undefined;
            }
            catch (err) {
                log.warn(`actions cache: lookup failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
                return false;
            }
        },
        async cleanup(restored) {
            const staging = restoreDirs.get(restored);
            restoreDirs.delete(restored);
            if (staging)
                await removeQuietly(log, staging);
        },
    };
}
/** Removes a work dir of ours; failing to is a warning, as the pull itself went fine. */
async function removeQuietly(log, staging) {
    await staging.close().catch((err) => {
        log.warn(`actions cache: could not remove ${staging.dir}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(err)}`);
    });
}
/** The first executable `name` on PATH, as the library's `which` would find it. */
async function findOnPath(name) {
    for (const dir of (process.env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_4__.delimiter)) {
        if (!dir)
            continue;
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(dir, name);
        const ok = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.access)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK).then(() => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path).then((st) => st.isFile()), () => false);
        if (ok)
            return path;
    }
    return undefined;
}
/** Writes a private dir holding a `tar` that runs the guard before the real one; returns the dir. */
async function guardedTar(staging, realTar, guard, sha256) {
    const bin = staging.path('bin');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(bin, { mode: 0o700 });
    const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
    const script = `#!/bin/sh\nexec ${[process.execPath, guard, realTar, sha256].map(quote).join(' ')} "$@"\n`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(bin, 'tar'), script, { mode: 0o700 });
    return bin;
}
/** Save locks this process holds, by lock file. */
const heldLocks = new Set();
/** How often a save touches its lock, to show it is still under way. */
const LOCK_HEARTBEAT_MS = 60_000;
/**
 * A lock untouched this long belongs to no save, whatever its pid says: a live save touches it
 * every minute, and a pid from a killed job may since have gone to an unrelated process.
 */
const LOCK_STALE_MS = 3_600_000;
/** A lock created but its pid not yet written, for longer than this: its job died in between. */
const LOCK_EMPTY_MS = 60_000;
/**
 * Takes the machine-wide right to stage `<sha256>/` for a save: jobs on one self-hosted runner
 * share HOME, and one wiping the dir while another's tar reads it could commit an empty entry
 * that no job can replace. Resolves to the release function, or undefined while another job (or
 * another pull in this process) holds it. A stale lock (see `lockIsStale`) is taken over.
 */
async function lockSave(root, sha256) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, (0,_storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .saveLockName */ .Se)(sha256));
    for (let attempt = 0; attempt < 2; attempt++) {
        if (heldLocks.has(file))
            return undefined;
        // Marked held before the file exists, so no other call in this process sees it unowned.
        heldLocks.add(file);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(file, String(process.pid), { flag: 'wx' });
            const beat = setInterval(() => {
                const now = new Date();
                (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.utimes)(file, now, now).catch(() => undefined);
            }, LOCK_HEARTBEAT_MS);
            beat.unref();
            return async () => {
                clearInterval(beat);
                heldLocks.delete(file);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(file, { force: true });
            };
        }
        catch (err) {
            heldLocks.delete(file);
            if (err.code !== 'EEXIST')
                throw err;
        }
        if (!(await removeStaleLock(file)))
            return undefined;
    }
    return undefined;
}
/**
 * Removes the lock when no save can hold it any more; false while one may. The lock is moved
 * aside before it goes, so that a fresh lock another job took since it was read is put back
 * rather than deleted.
 */
async function removeStaleLock(file) {
    const seen = await readLock(file);
    if (!seen)
        return true;
    if (!lockIsStale(file, seen.owner, seen.mtimeMs))
        return false;
    const staging = await _storage_staging_js__WEBPACK_IMPORTED_MODULE_9__/* .Staging */ .CP.open((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.dirname)(file), _storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .STORE_DIR */ .SF));
    try {
        const aside = staging.path('old-lock');
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(file, aside);
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return true;
            throw err;
        }
        const moved = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(aside);
        if (moved.ino !== seen.ino)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(aside, file).catch(() => undefined);
        return moved.ino === seen.ino;
    }
    finally {
        await staging.close();
    }
}
/** The lock's owner pid (0 when not yet written), inode and mtime, read from one open file. */
async function readLock(file) {
    let fh;
    try {
        fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, 'r');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw err;
    }
    try {
        const st = await fh.stat();
        const owner = Number((await fh.readFile('utf8')).trim());
        return { owner: Number.isSafeInteger(owner) && owner > 0 ? owner : 0, ino: st.ino, mtimeMs: st.mtimeMs };
    }
    finally {
        await fh.close();
    }
}
function lockIsStale(file, owner, mtimeMs) {
    if (owner === process.pid && heldLocks.has(file))
        return false;
    const age = Date.now() - mtimeMs;
    if (age > LOCK_STALE_MS)
        return true;
    if (owner === process.pid)
        return true;
    if (owner > 0)
        return !(0,_storage_staging_js__WEBPACK_IMPORTED_MODULE_9__/* .isAlive */ ._n)(owner);
    return age > LOCK_EMPTY_MS;
}
/**
 * Removes what saves killed mid-way left in `root`: each save's lock records that it staged
 * `<sha256>/`, so the staging dir of a lock whose save is gone goes with the lock, under the lock
 * (a live save keeps its own). A dir no lock speaks for is left for the next save of that digest,
 * which clears it under its lock. Resolves to the digests whose leftovers went.
 */
async function removeStaleSaves(root) {
    const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(root).catch(() => []);
    const digests = names.flatMap((n) => {
        const sha256 = /^\.([0-9a-f]{64})\.lock$/.exec(n)?.[1];
        return sha256 && n === (0,_storage_layout_js__WEBPACK_IMPORTED_MODULE_7__/* .saveLockName */ .Se)(sha256) ? [sha256] : [];
    });
    const removed = [];
    for (const sha256 of digests.sort()) {
        const release = await lockSave(root, sha256);
        if (!release)
            continue;
        try {
            await (0,_storage_remove_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .removeTree */ .d)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(root, sha256));
            removed.push(sha256);
        }
        finally {
            await release();
        }
    }
    return removed;
}
let queue = Promise.resolve();
/**
 * @actions/cache stores paths relative to GITHUB_WORKSPACE and restores them under it. Saving
 * with it at the cache root makes the stored path just `<sha256>/archive\u2026`, whatever the job's
 * workspace; restoring with it at a private dir puts the archive there. The variable is
 * process-wide, so calls that set it take turns (lookups do not read it and run freely).
 */
function withWorkspace(workspace, fn, pathFirst) {
    const run = async () => {
        const saved = { workspace: process.env.GITHUB_WORKSPACE, path: process.env.PATH };
        process.env.GITHUB_WORKSPACE = workspace;
        if (pathFirst)
            process.env.PATH = [pathFirst, saved.path].filter(Boolean).join(node_path__WEBPACK_IMPORTED_MODULE_4__.delimiter);
        try {
            return await fn();
        }
        finally {
            restoreEnv('GITHUB_WORKSPACE', saved.workspace);
            restoreEnv('PATH', saved.path);
        }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
}
function restoreEnv(name, value) {
    if (value === undefined)
        delete process.env[name];
    else
        process.env[name] = value;
}


/***/ })

};
