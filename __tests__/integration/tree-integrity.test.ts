import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
  statSync,
  mkdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryLog } from '../support/memory-log.js';
import { pullImage, type PullRequest } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import { describeChanges, scanTree } from '../../src/storage/tree-record.js';
import { makeArchive, sha256, scratchDirs } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { entry, FAST_RETRY } from '../support/registry-fixtures.js';

let server: FileServer;
let archive: Buffer;
const files = {
  'qemu-aarch64': randomBytes(96 * 1024),
  'rootfs.img': Buffer.concat([randomBytes(64 * 1024), Buffer.alloc(128 * 1024)]),
  'boot/axvm-bios.bin': 'bios',
};
const { scratch, removeAll } = scratchDirs();

before(async () => {
  server = await startFileServer();
  archive = await makeArchive(files);
});
after(async () => {
  await server.close();
  removeAll();
});

function request(path: string, extra: Partial<PullRequest> = {}): PullRequest {
  server.set(path, archive);
  return {
    entry: entry({ name: 'guest', version: '0.0.25', sha256: sha256(archive), url: `${server.url}${path}` }),
    spec: { name: 'guest' },
    outputDir: scratch(),
    extract: true,
    retry: FAST_RETRY,
    log: new MemoryLog(),
    ...extra,
  };
}

/** Pulls once, changes the tree with `change`, pulls again; returns the second pull and its log. */
async function pullChangePull(path: string, change: (dir: string, archivePath: string) => void) {
  const req = request(path);
  const first = await pullImage(req);
  assert.equal(first.source, 'download');
  change(first.path, first.archive);
  const log = new MemoryLog();
  const second = await pullImage({ ...req, log });
  return { first, second, log, req };
}

function assertPristine(dir: string): void {
  for (const [rel, body] of Object.entries(files)) {
    assert.equal(sha256(readFileSync(join(dir, rel))), sha256(Buffer.from(body)), rel);
  }
}

describe('a changed tree is never handed back as it is', () => {
  test('a rootfs the guest wrote to in place (same size) is restored from the archive, naming it', async () => {
    const { second, log } = await pullChangePull('/rw/guest.tar.gz', (dir) => {
      const fd = openSync(join(dir, 'rootfs.img'), 'r+');
      writeSync(fd, Buffer.from('guest wrote its journal here'), 0, 28, 70 * 1024);
      closeSync(fd);
    });
    assert.equal(second.source, 'local');
    assert.equal(server.count('/rw/'), 1, 'restored without downloading');
    assertPristine(second.path);
    assert.ok(
      log.warnings.some((w) => w.includes('rootfs.img (rewritten)') && w.includes('extracting it again')),
      log.warnings.join('\n'),
    );
  });

  test('a rewrite that keeps the mtime is still caught (the ctime moves)', async () => {
    const { second, log } = await pullChangePull('/mtime/guest.tar.gz', (dir) => {
      const p = join(dir, 'rootfs.img');
      const st = statSync(p);
      const fd = openSync(p, 'r+');
      writeSync(fd, Buffer.from('x'), 0, 1, 0);
      closeSync(fd);
      utimesSync(p, st.atime, st.mtime);
    });
    assertPristine(second.path);
    assert.ok(
      log.warnings.some((w) => w.includes('rootfs.img')),
      log.warnings.join('\n'),
    );
  });

  test('a deleted kernel is restored, so the kernel output is never empty', async () => {
    const { second, log } = await pullChangePull('/nokernel/guest.tar.gz', (dir) =>
      rmSync(join(dir, 'qemu-aarch64')),
    );
    assert.equal(second.files.kernel, 'qemu-aarch64');
    assertPristine(second.path);
    assert.ok(
      log.warnings.some((w) => w.includes('missing qemu-aarch64')),
      log.warnings.join('\n'),
    );
  });

  test('a rootfs that grew is restored, and the message gives the sizes', async () => {
    const { second, log } = await pullChangePull('/grew/guest.tar.gz', (dir) =>
      appendFileSync(join(dir, 'rootfs.img'), randomBytes(4096)),
    );
    assertPristine(second.path);
    assert.ok(
      log.warnings.some((w) => /rootfs\.img \(size \d+ → \d+\)/.test(w)),
      log.warnings.join('\n'),
    );
  });

  test('an added file and a mode change are caught; the restored tree has neither', async () => {
    const { second, log } = await pullChangePull('/added/guest.tar.gz', (dir) => {
      writeFileSync(join(dir, 'boot', 'planted.sh'), '#!/bin/sh\n');
      chmodSync(join(dir, 'qemu-aarch64'), 0o600);
    });
    assert.equal(existsSync(join(second.path, 'boot', 'planted.sh')), false);
    assert.deepEqual(second.files.files, ['boot/axvm-bios.bin', 'qemu-aarch64', 'rootfs.img']);
    const w = log.warnings.join('\n');
    assert.ok(w.includes('added boot/planted.sh'), w);
    assert.ok(w.includes('qemu-aarch64 (mode'), w);
  });

  test('with no archive at hand, the tool cache restores the tree; without either, it downloads', async () => {
    const toolCache = new ToolCache(scratch());
    const req = request('/tc/guest.tar.gz', { toolCache });
    const first = await pullImage(req);
    rmSync(first.archive);
    writeFileSync(join(first.path, 'rootfs.img'), 'overwritten');
    const second = await pullImage({ ...req, log: new MemoryLog() });
    assert.equal(second.source, 'tool-cache');
    assertPristine(second.path);

    writeFileSync(join(second.path, 'rootfs.img'), 'overwritten again');
    rmSync(second.archive);
    const third = await pullImage({ ...req, toolCache: undefined, log: new MemoryLog() });
    assert.equal(third.source, 'download');
    assertPristine(third.path);
    assert.equal(server.count('/tc/'), 2);
  });

  test('an untouched tree is the fast path: no archive read, nothing downloaded', async () => {
    const req = request('/same/guest.tar.gz');
    const first = await pullImage(req);
    const log = new MemoryLog();
    const second = await pullImage({ ...req, log });
    assert.equal(second.source, 'local');
    assert.equal(second.archive, first.archive);
    assert.deepEqual(log.warnings, []);
    assert.ok(log.infos.some((l) => l.includes('is as extracted')));
  });
});

describe('the archive kept beside the tree', () => {
  test('truncated in place: never handed out; restored and verified', async () => {
    const toolCache = new ToolCache(scratch());
    const req = request('/trunc/guest.tar.gz', { toolCache });
    const first = await pullImage(req);
    // Through the shared inode this also damages the tool cache entry.
    truncateSync(first.archive, 100);
    const log = new MemoryLog();
    const second = await pullImage({ ...req, log });
    assert.equal(sha256(readFileSync(second.archive)), sha256(archive));
    assertPristine(second.path);
    const w = log.warnings.join('\n');
    assert.ok(w.includes(`${first.archive} was changed since it was verified`), w);
    assert.ok(w.includes('tool cache'), w);
    assert.equal(server.count('/trunc/'), 2, 'the damaged tool cache entry was not used');
  });

  test('touched but intact: hashed once, then trusted again without hashing', async () => {
    const req = request('/touched/guest.tar.gz');
    const first = await pullImage(req);
    utimesSync(first.archive, new Date(), new Date(Date.now() - 60_000));
    const log = new MemoryLog();
    const second = await pullImage({ ...req, log });
    assert.equal(second.source, 'local');
    assert.equal(second.archive, first.archive);
    assert.deepEqual(log.warnings, []);
    // The record now holds the new stamp: a third pull must not need to hash it again, which
    // shows as the archive still being handed out after its bytes were made unreadable.
    chmodSync(first.archive, 0o000);
    const third = await pullImage({ ...req, log: new MemoryLog() });
    chmodSync(first.archive, 0o644);
    assert.equal(third.archive, first.archive);
  });
});

describe('trust needs ownership', { skip: process.getuid?.() !== 0 && 'chown needs root here' }, () => {
  test('a tree whose marker matches but that belongs to another user is neither reused nor removed', async () => {
    const req = request('/planted/guest.tar.gz');
    const first = await pullImage(req);
    const walk = (p: string): void => {
      chownSync(p, 4242, 4242);
      if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    };
    walk(first.path);
    writeFileSync(join(first.path, 'qemu-aarch64'), 'their kernel');
    const log = new MemoryLog();
    await assert.rejects(pullImage({ ...req, log }), (err: Error) => {
      assert.equal(
        err.message,
        `${first.path} is in the way: it is owned by uid 4242, not by this user (uid 0), so it is not a tree this tool or cargo xtask image made, and it is left as it is; move it away or choose another output dir`,
      );
      return true;
    });
    // Theirs, as they left it: never served, never removed.
    assert.equal(readFileSync(join(first.path, 'qemu-aarch64'), 'utf8'), 'their kernel');
    assert.equal(statSync(first.path).uid, 4242);
  });

  test('a tree others can write is not reused', async () => {
    const req = request('/gw/guest.tar.gz');
    const first = await pullImage(req);
    chmodSync(first.path, 0o777);
    const log = new MemoryLog();
    const second = await pullImage({ ...req, log });
    assert.ok(log.warnings.some((w) => w.includes('can be written by other users (mode 0777)')));
    assert.equal(statSync(second.path).mode & 0o022, 0);
  });

  test('an archive of another user in the output dir is removed, not hashed or linked', async () => {
    const req = request('/theirs/guest.tar.gz');
    const out = req.outputDir;
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'guest.tar.gz'), archive);
    chownSync(join(out, 'guest.tar.gz'), 4242, 4242);
    const log = new MemoryLog();
    const r = await pullImage({ ...req, log });
    assert.equal(r.source, 'download');
    assert.equal(statSync(r.archive).uid, 0);
    assert.ok(log.warnings.some((w) => w.includes('is owned by uid 4242')));
  });
});

describe('scanTree and describeChanges', () => {
  test('names what changed, what is missing and what was added, and counts the rest', async () => {
    const dir = scratch();
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `f${i}`), `${i}`);
    const before = await scanTree(dir);
    for (let i = 0; i < 7; i++) rmSync(join(dir, `f${i}`));
    writeFileSync(join(dir, 'new'), '');
    const msg = describeChanges(before.entries, (await scanTree(dir)).entries);
    assert.match(msg, /^missing f0, f1, f2, f3, f4 and 2 more; added new$/);
    assert.equal(describeChanges(before.entries, before.entries), '');
  });
});
