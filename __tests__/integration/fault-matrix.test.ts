// Every place the store writes (the output dir, the tool cache, the Actions cache's dir in HOME)
// under each of the faults a runner meets: a read-only file system (EROFS: a read-only bind
// mount), a full one (ENOSPC: a small tmpfs), and one this user may not write (EACCES: a dir of
// root's, the pull run as `nobody`). The mounts are made in a private mount namespace
// (`unshare -m`) around one pull in a child process, so nothing outside the test sees them.
// Each pull ends in success from another source, or in a clear error naming the output dir;
// a file of the user's in the output dir is never touched, and nothing of the pull is left.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createActionsCache } from '../../src/action/actions-cache.js';
import { pullImage } from '../../src/pull/pull.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import type { ImageEntry } from '../../src/registry/types.js';
import { makeArchive, sha256, tempDir } from '../support/archives.js';
import { isRoot } from '../support/as-user.js';
import { startCacheService, type CacheService } from '../support/cache-service.js';
import { childScript } from '../support/child-script.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { captureLibraryOutput, takeLibraryOutput } from '../support/library-output.js';
import { MemoryLog } from '../support/memory-log.js';
import type { PullChildConfig } from '../support/pull-child.js';
import { FAST_RETRY } from '../support/registry-fixtures.js';
import { entryFor } from '../support/reliability.js';
import { guarded } from '../support/tar-guard.js';

captureLibraryOutput();

const NOBODY = 65534;
const canMount =
  isRoot &&
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs tmpfs /mnt'], { stdio: 'ignore' }).status === 0;

let server: FileServer;
let service: CacheService;
let work: string;
let image: ImageEntry;
const files = { 'qemu-aarch64': 'kernel', 'rootfs.img': randomBytes(1024 * 1024) };

before(async () => {
  if (!canMount) return;
  server = await startFileServer();
  service = await startCacheService();
  work = tempDir('axi-faults-');
  spawnSync('chmod', ['755', work]);
  const archive = await makeArchive(files);
  server.set('/img.tar.gz', archive);
  image = entryFor(`${server.url}/img.tar.gz`, archive);
});
after(async () => {
  await server?.close();
  await service?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Outcome {
  ok: boolean;
  source?: string;
  warnings: string[];
  error: string;
  /** What the output dir holds once the pull is over, seen from inside the namespace. */
  left: string[];
}

let n = 0;
/** Fresh dirs for one case: an output dir holding a file of the user's, a tool cache, a HOME. */
function dirs(owner = 0): { out: string; tc: string; home: string } {
  const base = join(work, `c${++n}`);
  const d = { out: join(base, 'out'), tc: join(base, 'tc'), home: join(base, 'home') };
  for (const dir of Object.values(d)) {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, owner, owner);
  }
  spawnSync('chmod', ['755', base]);
  writeFileSync(join(d.out, 'notes.txt'), 'mine');
  chownSync(join(d.out, 'notes.txt'), owner, owner);
  return d;
}

/**
 * One pull in a child, after `setup` (shell, run as root in a private mount namespace); as
 * `uid` when given. The child's view of the output dir is listed before the namespace goes.
 */
async function pullFaulted(
  d: { out: string; tc: string; home: string },
  opts: { setup?: string; uid?: number; toolCache?: boolean; actionsCache?: boolean },
): Promise<Outcome> {
  const cfg: PullChildConfig = {
    entry: image,
    spec: { name: 'img' },
    outputDir: d.out,
    extract: true,
    toolCacheDir: opts.toolCache ? d.tc : undefined,
    tarGuard: opts.actionsCache ? guarded().tarGuard : undefined,
  };
  const child = childScript(fileURLToPath(new URL('../support/pull-child.ts', import.meta.url)));
  const asUser =
    opts.uid === undefined ? '' : `setpriv --reuid=${opts.uid} --regid=${opts.uid} --clear-groups `;
  const script = `set -e
${opts.setup ?? ''}
set +e
${asUser}"$0" "$1" "$2"; status=$?
echo "LEFT $(cd "$3" && find . -mindepth 1 | sort | tr '\\n' ' ')"
exit $status`;
  const proc = spawn(
    'unshare',
    ['-m', 'sh', '-c', script, process.execPath, child, JSON.stringify(cfg), d.out],
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: d.home,
        ...(opts.actionsCache ? service.env : {}),
        ...(opts.actionsCache ? { RUNNER_TEMP: join(d.home, '..', 'runner-temp') } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((r) => proc.on('close', r));
  const result = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  const parsed = result ? (JSON.parse(result.slice(7)) as { source: string; warnings: string[] }) : undefined;
  const left = (stdout.split('\n').find((l) => l.startsWith('LEFT ')) ?? 'LEFT ').slice(5).trim();
  return {
    ok: code === 0 && parsed !== undefined,
    source: parsed?.source,
    warnings: parsed?.warnings ?? [],
    error: stderr.split('\n').find((l) => l.startsWith('FAILED ')) ?? stderr,
    left: left ? left.split(' ').map((p) => p.replace(/^\.\//, '')) : [],
  };
}

/** The output dir after a successful pull: the image, and the user's file, as it was. */
function assertPulled(r: Outcome, d: { out: string }, source = 'download'): void {
  assert.ok(r.ok, r.error);
  assert.equal(r.source, source);
  assert.deepEqual(
    r.left.filter((p) => !p.startsWith('img/')),
    ['img', 'img.tar.gz', 'notes.txt'],
  );
  assert.equal(readFileSync(join(d.out, 'notes.txt'), 'utf8'), 'mine');
}

/** Made read-only for the child alone. */
const readOnly = (dir: string): string => `mount --bind "${dir}" "${dir}"; mount -o remount,bind,ro "${dir}"`;
/** Replaced, for the child alone, by an empty file system of `kib` KiB (the user's file copied in). */
const tiny = (dir: string, kib: number, keep = ''): string =>
  `${keep ? `cp -a "${dir}/${keep}" /tmp/keep-$$; ` : ''}mount -t tmpfs -o size=${kib}k tmpfs "${dir}"` +
  `${keep ? `; cp -a /tmp/keep-$$ "${dir}/${keep}"; rm -f /tmp/keep-$$` : ''}`;

describe('the output dir', { skip: !canMount && 'mount namespaces need root' }, () => {
  test('EROFS with the image there verified (a read-only store): served from it', async () => {
    const d = dirs();
    await pullImage({
      entry: image,
      spec: { name: 'img' },
      outputDir: d.out,
      extract: true,
      retry: FAST_RETRY,
      log: new MemoryLog(),
    });
    const r = await pullFaulted(d, { setup: readOnly(d.out) });
    assertPulled(r, d, 'local');
    assert.deepEqual(r.warnings, []);
  });

  test("EROFS without it: a clear error naming the output dir; nothing of the user's touched", async () => {
    const d = dirs();
    const r = await pullFaulted(d, { setup: readOnly(d.out) });
    assert.equal(r.ok, false);
    assert.match(r.error, new RegExp(`${d.out} cannot be written, and it does not hold the image verified`));
    assert.deepEqual(r.left, ['notes.txt']);
  });

  test('ENOSPC: a clear error naming the output dir, and nothing of the pull left on the full disk', async () => {
    const d = dirs();
    const r = await pullFaulted(d, { setup: tiny(d.out, 256, 'notes.txt') });
    assert.equal(r.ok, false);
    assert.match(r.error, new RegExp(`no space left on the device that holds ${d.out}`));
    assert.deepEqual(r.left, ['notes.txt']);
  });

  test("EACCES (a dir of root's, pulled into as nobody): a clear error naming the output dir", async () => {
    const d = dirs();
    const r = await pullFaulted(d, { uid: NOBODY });
    assert.equal(r.ok, false);
    assert.match(r.error, new RegExp(`${d.out} cannot be written, and it does not hold the image verified`));
    assert.deepEqual(r.left, ['notes.txt']);
  });
});

describe('the tool cache', { skip: !canMount && 'mount namespaces need root' }, () => {
  for (const [fault, setup] of [
    ['EROFS', (tc: string) => readOnly(tc)],
    ['ENOSPC', (tc: string) => tiny(tc, 64)],
  ] as const) {
    test(`${fault}: a warning, and the image from the network`, async () => {
      const d = dirs();
      const r = await pullFaulted(d, { setup: setup(d.tc), toolCache: true });
      assertPulled(r, d);
      assert.ok(
        r.warnings.some(
          (w) => w.startsWith('tool cache: could not store the archive: ') && w.includes(fault),
        ),
        r.warnings.join('\n'),
      );
    });
  }

  test('EROFS with the entry there: served from it, the archive copied out', async () => {
    const d = dirs();
    await new ToolCache(d.tc).put(image.sha256, await writeArchive(d), '.tar.gz');
    const r = await pullFaulted(d, { setup: readOnly(d.tc), toolCache: true });
    assertPulled(r, d, 'tool-cache');
  });

  test("EACCES (a tool cache of root's, pulled as nobody): a warning, and the image from the network", async () => {
    const d = dirs(NOBODY);
    chownSync(d.tc, 0, 0);
    const r = await pullFaulted(d, { uid: NOBODY, toolCache: true });
    assertPulled(r, d);
    assert.ok(
      r.warnings.some((w) => w.startsWith('tool cache: could not store the archive: EACCES')),
      r.warnings.join('\n'),
    );
  });
});

describe('the Actions cache', { skip: !canMount && 'mount namespaces need root' }, () => {
  before(async () => {
    if (!canMount) return;
    Object.assign(process.env, service.env, { HOME: join(work, 'saver-home') });
    const d = dirs();
    const cache = createActionsCache(new MemoryLog(), undefined, guarded())!;
    await cache.save(image.sha256, await writeArchive(d), '.tar.gz');
    takeLibraryOutput();
  });

  for (const [fault, setup, uid] of [
    ['EROFS', (home: string) => readOnly(home), undefined],
    ['ENOSPC', (home: string) => tiny(home, 64), undefined],
    ['EACCES', () => '', NOBODY],
  ] as const) {
    test(`${fault} in HOME: warnings, and the image from the network`, async () => {
      const d = dirs(uid ?? 0);
      if (uid !== undefined) chownSync(d.home, 0, 0);
      const r = await pullFaulted(d, { setup: setup(d.home), uid, actionsCache: true });
      assertPulled(r, d);
      const said = r.warnings.join('\n');
      assert.match(said, /actions cache: (restore failed|entry .* exists but could not be restored)/);
      assert.match(said, /actions cache: (save failed|.* was not saved)/);
    });
  }
});

/** The image's archive, as a file in the case's dir. */
async function writeArchive(d: { out: string }): Promise<string> {
  const path = join(d.out, '..', 'archive.tar.gz');
  const res = await fetch(image.url);
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  assert.equal(sha256(readFileSync(path)), image.sha256);
  return path;
}
