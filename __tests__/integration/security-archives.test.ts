// Hostile archives, pulled for real (served by a local HTTP server, extracted by pullImage) into
// an output dir that sits beside an `outside/` dir with files worth attacking. Each archive is
// written header by header (support/raw-tar.ts), so the test holds exactly the entries it names.
// After every pull, everything outside the output dir is compared with its state before, and
// the output dir must hold no tree and no temp leftovers for an archive that was refused.
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ChecksumError, UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { entryProblem, MAX_PATH_DEPTH } from '../../src/unpack/entry-safety.js';
import { MARKER_FILE, RECORD_FILE } from '../../src/storage/layout.js';
import { pullImage } from '../../src/pull/pull.js';
import { sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { rawTarGz, type RawEntry } from '../support/raw-tar.js';
import { entryFor, staged, readTree } from '../support/reliability.js';

const retry = { retries: 1, baseDelayMs: 5, maxDelayMs: 20 };

let server: FileServer;
let root: string;
before(async () => {
  server = await startFileServer();
  root = tempDir('axi-hostile-');
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

interface Sandbox {
  dir: string;
  out: string;
  outside: string;
  /** Everything but `out/`, as it was before the pull. */
  before: Record<string, string>;
}

let n = 0;
async function sandbox(): Promise<Sandbox> {
  const dir = join(root, `s${++n}`);
  const out = join(dir, 'out');
  const outside = join(dir, 'outside');
  await mkdir(out, { recursive: true });
  await mkdir(join(outside, 'victim-dir'), { recursive: true });
  await writeFile(join(outside, 'secret'), 'do not touch');
  await writeFile(join(outside, 'victim-dir', 'file'), 'do not touch either');
  return { dir, out, outside, before: await notOut(dir) };
}

async function notOut(dir: string): Promise<Record<string, string>> {
  const tree = await readTree(dir);
  return Object.fromEntries(Object.entries(tree).filter(([k]) => k !== 'out' && !k.startsWith('out/')));
}

async function assertNothingOutside(s: Sandbox): Promise<void> {
  assert.deepEqual(await notOut(s.dir), s.before, 'nothing outside the output dir changed');
  assert.deepEqual(await staged(s.out), [], 'no temp files left');
}

async function pullArchive(
  s: Sandbox,
  archive: Buffer,
  opts: { maxBytes?: number; digest?: string; sharedStore?: boolean } = {},
) {
  const path = `/a${++n}.tar.gz`;
  server.set(path, archive);
  const entry = entryFor(`${server.url}${path}`, archive);
  if (opts.digest) entry.sha256 = opts.digest;
  const log = new MemoryLog();
  const result = pullImage({
    entry,
    spec: { name: 'img' },
    outputDir: s.out,
    extract: true,
    retry,
    log,
    maxBytes: opts.maxBytes,
    sharedStore: opts.sharedStore,
  });
  return { result, log, entry };
}

type Refusal = [what: string, entries: (s: Sandbox) => RawEntry[], message: RegExp];

/** A test that the archive made of `entries` is refused with `message`, leaving nothing behind. */
function refusedTest(...[what, entries, message]: Refusal): void {
  test(what, async () => {
    const s = await sandbox();
    const { result } = await pullArchive(s, rawTarGz(entries(s)));
    await assert.rejects(result, (err: Error) => {
      assert.ok(err instanceof UserError, err.stack);
      assert.match(err.message, /^img:1\.0: refusing/);
      assert.match(err.message, message);
      return true;
    });
    await assertNothingOutside(s);
    assert.deepEqual(await readdir(s.out), [], 'no tree and no archive');
  });
}

const dir = (path: string): RawEntry => ({ type: 'dir', path });
const file = (path: string, body = 'x'): RawEntry => ({ type: 'file', path, body });
const sym = (path: string, target: string): RawEntry => ({ type: 'symlink', path, target });
const hard = (path: string, target: string): RawEntry => ({ type: 'hardlink', path, target });

describe('refused: the pull fails naming the entry, and nothing is written anywhere', () => {
  const cases: Refusal[] = [
    ['a name with ..', () => [file('ok'), file('../escaped')], /'\.\.\/escaped': path contains '\.\.'/],
    ['.. in the middle of a name', () => [file('a/../../escaped')], /path contains '\.\.'/],
    ['.. with backslashes', () => [file('..\\escaped')], /path contains '\.\.'/],
    [
      '.. in a long name carried by a pax header',
      () => [file(`${'x'.repeat(120)}/../../../escaped`)],
      /path contains '\.\.'/,
    ],
    ['an absolute name', (s) => [file(join(s.outside, 'abs-escaped'))], /absolute path/],
    ['a symlink to ..', () => [sym('l', '../outside')], /link points outside the image \('\.\.\/outside'\)/],
    ['a symlink to an absolute path', (s) => [sym('l', s.outside)], /link to absolute path/],
    ['the root itself as a symlink', () => [sym('.', '..')], /link points outside the image/],
    // `a/.` lands at `a` in the root, so `..` from there is the output dir.
    ['a symlink named a/.', () => [sym('a/.', '..')], /'a\/\.': link points outside the image/],
    [
      'a hard link to a file outside',
      () => [hard('h', '../outside/secret')],
      /link points outside the image/,
    ],
    [
      'a hard link to an absolute path',
      (s) => [hard('h', join(s.outside, 'secret'))],
      /link to absolute path/,
    ],
    [
      'a file written through a symlink inside the image',
      () => [dir('sub'), sym('l', 'sub'), file('l/f')],
      /'l\/f': it would be written or linked through the symbolic link 'l'/,
    ],
    [
      'a symlink that leaves through another symlink',
      () => [dir('d'), sym('d/b', '..'), sym('a', 'd/b/../..')],
      /'a': 'd\/b\/\.\.\/\.\.' leads outside the image through another link/,
    ],
    [
      'the same, with the links in the other order',
      () => [sym('a', 'd/b/../..'), dir('d'), sym('d/b', '..')],
      /'a': 'd\/b\/\.\.\/\.\.' leads outside the image through another link/,
    ],
    [
      'the same, then a file written through it',
      () => [dir('d'), sym('d/b', '..'), sym('a', 'd/b/../..'), file('a/outside/secret', 'pwned')],
      /refusing unsafe archive entry 'a\/outside\/secret'/,
    ],
    [
      "a hard link to a symlink, re-read from the hard link's own dir",
      () => [dir('sub'), sym('sub/x', '..'), hard('h', 'sub/x')],
      /'h': it would be written or linked through the symbolic link 'sub\/x'/,
    ],
    [
      'a hard link to a path below its own name',
      () => [hard('b', 'b/x')],
      /'b': its hard link target 'b\/x' is not a file the archive has already created/,
    ],
    ['a hard link to a dir', () => [dir('d'), hard('h', 'd')], /'h': its hard link target 'd' is not a file/],
    ['a file under a file', () => [file('f'), file('f/g')], /'f\/g': 'f' in its path is not a directory/],
    // node-tar already refuses `a -> b` then `b -> a` (b's target passes the link a); a link to
    // itself is the loop it lets through.
    ['a link to itself', () => [sym('a', './a')], /'a': symbolic links form a loop/],
  ];
  for (const refusal of cases) refusedTest(...refusal);

  test('a dir later replaced by a link leading outside: its mode and time are not applied through the link', async () => {
    const s = await sandbox();
    // `a` resolves to <sandbox>: d/b is the temp dir, d/b/.. the output dir, d/b/../.. its parent.
    const victim = s.dir;
    const before = await lstat(victim);
    const entries: RawEntry[] = [
      { type: 'dir', path: 'a', mode: 0o700 },
      dir('d'),
      sym('d/b', '..'),
      sym('a', 'd/b/../..'),
    ];
    const { result } = await pullArchive(s, rawTarGz(entries));
    await assert.rejects(result, /'a': 'd\/b\/\.\.\/\.\.' leads outside the image through another link/);
    const after = await lstat(victim);
    assert.equal((after.mode & 0o7777).toString(8), (before.mode & 0o7777).toString(8), 'mode unchanged');
    assert.equal(after.mtimeMs, before.mtimeMs, 'time unchanged');
    await assertNothingOutside(s);
  });

  test('an entry named like the marker, hard-linked to the kernel: the marker replaces it, the kernel is intact', async () => {
    const s = await sandbox();
    const entries: RawEntry[] = [
      file('qemu-aarch64', 'kernel bytes'),
      hard('.archive.sha256', 'qemu-aarch64'),
    ];
    const archive = rawTarGz(entries);
    const r = await (await pullArchive(s, archive)).result;
    assert.equal(await readFile(join(r.path, 'qemu-aarch64'), 'utf8'), 'kernel bytes');
    assert.equal(await readFile(join(r.path, '.archive.sha256'), 'utf8'), `${sha256(archive)}\n`);
    await assertNothingOutside(s);
  });

  test('the same archives from a tampered mirror (wrong digest) fail as a checksum mismatch, still writing nothing', async () => {
    const s = await sandbox();
    const hostile = rawTarGz([dir('d'), sym('d/b', '..'), sym('a', 'd/b/../..'), file('../escaped')]);
    const { result } = await pullArchive(s, hostile, { digest: 'e'.repeat(64) });
    await assert.rejects(result, ChecksumError);
    await assertNothingOutside(s);
    assert.deepEqual(await readdir(s.out), []);
  });
});

describe('neutralised: the pull succeeds without the dangerous part', () => {
  test('device nodes and FIFOs are skipped with a warning naming them', async () => {
    const s = await sandbox();
    const entries: RawEntry[] = [
      { type: 'chardev', path: 'null' },
      { type: 'blockdev', path: 'sda' },
      { type: 'fifo', path: 'pipe' },
      file('qemu-aarch64', 'kernel'),
    ];
    const { result, log } = await pullArchive(s, rawTarGz(entries));
    const r = await result;
    assert.deepEqual(Object.keys(await readTree(r.path)).sort(), [
      '.archive.fingerprint',
      '.archive.sha256',
      'qemu-aarch64',
    ]);
    assert.ok(
      log.warnings.some((w) => w.includes('skipped 3 device or special entries: null, sda, pipe')),
      log.warnings.join('\n'),
    );
    await assertNothingOutside(s);
  });

  test('setuid and setgid bits are dropped', async () => {
    const s = await sandbox();
    const entries: RawEntry[] = [
      { type: 'file', path: 'su', body: 'x', mode: 0o4755 },
      { type: 'file', path: 'sg', body: 'x', mode: 0o2755 },
    ];
    const r = await (await pullArchive(s, rawTarGz(entries))).result;
    for (const f of ['su', 'sg']) {
      const mode = (await lstat(join(r.path, f))).mode & 0o7777;
      assert.equal(mode & 0o6000, 0, `${f} has mode ${mode.toString(8)}`);
      assert.equal(mode & 0o100, 0o100, `${f} stays executable`);
    }
  });

  for (const shared of [false, true]) {
    test(`a symlink at output-dir/<name> pointing elsewhere: ${shared ? 'in the shared default store, replaced by a real dir' : "in a dir the user named, left as the user's and the pull refused"}; nothing written through it`, async () => {
      const s = await sandbox();
      const entries = [file('qemu-aarch64', 'kernel')];
      const archive = rawTarGz(entries);
      // The dir it points to even claims to hold this very image.
      await writeFile(join(s.outside, 'victim-dir', '.archive.sha256'), `${sha256(archive)}\n`);
      s.before = await notOut(s.dir);
      await symlink(join(s.outside, 'victim-dir'), join(s.out, 'img'));
      await symlink(join(s.outside, 'secret'), join(s.out, 'img.tar.gz'));

      const { result } = await pullArchive(s, archive, { sharedStore: shared });
      if (!shared) {
        await assert.rejects(result, (err: Error) => {
          assert.ok(err instanceof UserError);
          assert.match(err.message, /out\/img is in the way: it is not a directory/);
          return true;
        });
        assert.ok((await lstat(join(s.out, 'img'))).isSymbolicLink(), "the user's link is still there");
        await assertNothingOutside(s);
        return;
      }
      const r = await result;
      assert.equal(r.source, 'download', 'the marker behind the symlink was not trusted');
      assert.ok((await lstat(join(s.out, 'img'))).isDirectory(), 'img is a real dir');
      assert.ok((await lstat(join(s.out, 'img.tar.gz'))).isFile(), 'the archive is a real file');
      assert.equal(await readFile(join(s.out, 'img', 'qemu-aarch64'), 'utf8'), 'kernel');
      assert.equal(sha256(await readFile(join(s.out, 'img.tar.gz'))), sha256(archive));
      await assertNothingOutside(s);
    });
  }
});

// Each attack class node-tar's Unpack has had to fix, against this extractor. On Linux ext4 a
// backslash is part of a name and case and unicode forms are distinct names: there the archive
// must land literally, or be refused, and never write outside.
describe('the attack classes of node-tar CVEs', () => {
  const secret = (s: Sandbox): string => join(s.outside, 'secret').slice(1);
  const refused: Refusal[] = [
    [
      'CVE-2021-32803: a dir, then a symlink of the same name, then a file through it',
      () => [dir('d'), sym('d', 'sub'), dir('sub'), file('d/x', 'pwned')],
      /'d\/x': it would be written or linked through the symbolic link 'd'/,
    ],
    [
      'CVE-2021-32803: a dir, then a symlink of the same name leading outside',
      () => [dir('d'), file('d/ok'), sym('d', '../outside'), file('d/secret', 'pwned')],
      /'d': link points outside the image/,
    ],
    [
      'CVE-2021-32803: a dir, then a symlink of the same name, then a hard link through it',
      () => [file('sub/f'), dir('d'), sym('d', 'sub'), hard('d/h', 'sub/f')],
      /'d\/h': it would be written or linked through the symbolic link 'd'/,
    ],
    [
      'CVE-2021-32803: a dir with a trailing slash, then a symlink without, then a file through it',
      () => [dir('d/'), sym('d', 'sub'), dir('sub'), file('d/x', 'pwned')],
      /'d\/x': it would be written or linked through the symbolic link 'd'/,
    ],
    [
      'CVE-2021-32804: a name of repeated leading slashes',
      (s) => [file(`////${secret(s)}`, 'pwned')],
      /absolute path/,
    ],
    [
      'CVE-2021-32804: a name of two leading slashes',
      (s) => [file(`//${secret(s)}`, 'pwned')],
      /absolute path/,
    ],
    ['CVE-2021-32804: a drive-letter name with a backslash', () => [file('C:\\x', 'pwned')], /absolute path/],
    ['CVE-2021-32804: a drive-letter name with a slash', () => [file('c:/x', 'pwned')], /absolute path/],
    [
      'CVE-2021-32804: a symlink to a target of repeated leading slashes',
      (s) => [sym('l', `////${s.outside.slice(1)}`)],
      /link to absolute path '\/\/\/\//,
    ],
    [
      'CVE-2021-32804: a hard link to a target of repeated leading slashes',
      (s) => [hard('h', `////${secret(s)}`)],
      /link to absolute path '\/\/\/\//,
    ],
    [
      'CVE-2021-37701: a symlink named with a backslash, leading outside',
      () => [dir('a/x'), sym('a\\x', '../outside'), file('a/x/f', 'pwned')],
      /'a\\x': link points outside the image/,
    ],
    [
      'CVE-2021-37701: a dir, then a symlink differing in case leading outside',
      () => [dir('foo'), sym('FOO', '../outside'), file('foo/secret', 'pwned')],
      /'FOO': link points outside the image/,
    ],
    [
      'CVE-2021-37701: a symlink named with a backslash, then a file through it by that name',
      () => [dir('sub'), sym('a\\x', 'sub'), file('a\\x/f', 'pwned')],
      /'a\\x\/f': it would be written or linked through the symbolic link 'a\\x'/,
    ],
    [
      'CVE-2021-37712: a dir in NFC, then a symlink of its NFD form leading outside',
      () => [dir('\u00e1'), sym('a\u0301', '../outside'), file('\u00e1/secret', 'pwned')],
      /link points outside the image/,
    ],
    [
      'CVE-2021-37712: a dir in NFC, a symlink of its NFD form, then a file through the symlink',
      () => [dir('\u00e1'), sym('a\u0301', 'sub'), dir('sub'), file('a\u0301/f', 'pwned')],
      /it would be written or linked through the symbolic link 'a\u0301'/,
    ],
    [
      'CVE-2021-37712: a long dir name (pax header), then a symlink of the same name, then a file through it',
      () => [
        dir(`${'d'.repeat(150)}/e`),
        sym(`${'d'.repeat(150)}/e`, '../sub'),
        dir('sub'),
        file(`${'d'.repeat(150)}/e/f`),
      ],
      /it would be written or linked through the symbolic link 'd{150}\/e'/,
    ],
    ['CVE-2021-37713: a drive-relative name', () => [file('c:../escaped', 'pwned')], /absolute path/],
    [
      'CVE-2021-37713: a drive-relative name with backslashes',
      () => [file('C:..\\escaped', 'pwned')],
      /absolute path/,
    ],
    [
      'CVE-2021-37713: a drive-relative symlink target',
      () => [sym('l', 'c:../outside')],
      /link to absolute path 'c:\.\.\/outside'/,
    ],
    [
      'CVE-2021-37713: a drive-relative hard link target',
      () => [hard('h', 'c:../outside/secret')],
      /link to absolute path/,
    ],
    [
      'CVE-2024-28863: a name thousands of levels deep',
      () => [file(`${'a/'.repeat(50_000)}f`, 'deep')],
      new RegExp(`path is 50001 levels deep \\(the limit is ${MAX_PATH_DEPTH}\\)`),
    ],
    [
      'CVE-2024-28863: a dir chain one level past the limit',
      () => [dir('a/'.repeat(MAX_PATH_DEPTH + 1))],
      new RegExp(`path is ${MAX_PATH_DEPTH + 1} levels deep`),
    ],
    [
      'CVE-2024-28863: a symlink target thousands of levels deep',
      () => [sym('l', `${'a/'.repeat(50_000)}f`)],
      new RegExp(`link target is 50001 levels deep \\(the limit is ${MAX_PATH_DEPTH}\\)`),
    ],
  ];
  for (const refusal of refused) refusedTest(...refusal);

  /** The image's own entries, without the marker and record the pull adds. */
  const image = async (path: string): Promise<Record<string, string>> =>
    Object.fromEntries(
      Object.entries(await readTree(path)).filter(([k]) => k !== MARKER_FILE && k !== RECORD_FILE),
    );
  const text = (body: string): string => `file:${sha256(Buffer.from(body))}`;

  test('CVE-2021-37701: a backslash is part of a name: the symlink and the dir stay apart, the file lands in the dir', async () => {
    const s = await sandbox();
    const entries = [dir('a/x'), sym('a\\x', 'a'), file('a/x/f', 'kept')];
    const r = await (await pullArchive(s, rawTarGz(entries))).result;
    assert.deepEqual(await image(r.path), {
      a: 'dir',
      'a/x': 'dir',
      'a/x/f': text('kept'),
      'a\\x': 'link:a',
    });
    await assertNothingOutside(s);
  });

  test('CVE-2021-37701: names differing in case are distinct: the file lands in the dir, not through the symlink', async () => {
    const s = await sandbox();
    const entries = [dir('foo'), sym('FOO', 'bar'), dir('bar'), file('foo/f', 'kept')];
    const r = await (await pullArchive(s, rawTarGz(entries))).result;
    assert.deepEqual(await image(r.path), { foo: 'dir', 'foo/f': text('kept'), FOO: 'link:bar', bar: 'dir' });
    await assertNothingOutside(s);
  });

  test('CVE-2021-37712: NFC and NFD forms of a name are distinct: the file lands in the NFC dir', async () => {
    const s = await sandbox();
    const entries = [dir('\u00e1'), sym('a\u0301', 'other'), dir('other'), file('\u00e1/f', 'kept')];
    const r = await (await pullArchive(s, rawTarGz(entries))).result;
    assert.deepEqual(await image(r.path), {
      '\u00e1': 'dir',
      '\u00e1/f': text('kept'),
      á: 'link:other',
      other: 'dir',
    });
    await assertNothingOutside(s);
  });

  test('CVE-2024-28863: the limit is exact: a name or link target at it passes, one level more does not', () => {
    const at = `${'a/'.repeat(MAX_PATH_DEPTH - 1)}f`;
    assert.equal(entryProblem(at, { type: 'File' }), undefined);
    assert.equal(entryProblem(`./${at}/`, { type: 'Directory' }), undefined, "'.' and '' are no level");
    assert.equal(entryProblem('l', { type: 'SymbolicLink', linkpath: at }), undefined);
    assert.match(entryProblem(`a/${at}`, { type: 'File' }) ?? '', /levels deep/);
    assert.match(entryProblem('l', { type: 'SymbolicLink', linkpath: `a/${at}` }) ?? '', /levels deep/);
  });
});

describe('max-size caps what an archive may unpack to', () => {
  test('one file of 32 MiB of zeros (a 32 KiB download) stops at a 1 MiB cap', async () => {
    const s = await sandbox();
    const bomb = rawTarGz([{ type: 'file', path: 'zeros', size: 32 * 1024 * 1024 }]);
    assert.ok(bomb.length < 64 * 1024, `the bomb is small: ${bomb.length} bytes`);
    const { result } = await pullArchive(s, bomb, { maxBytes: 1024 * 1024 });
    await assert.rejects(result, /img:1\.0: unpacks to more than 1048576 bytes; stopped/);
    await assertNothingOutside(s);
    assert.deepEqual(await readdir(s.out), []);
  });

  test('many small files add up to the cap too', async () => {
    const s = await sandbox();
    const entries: RawEntry[] = Array.from({ length: 40 }, (_, i) => ({
      type: 'file' as const,
      path: `f${i}`,
      size: 64 * 1024,
    }));
    const { result } = await pullArchive(s, rawTarGz(entries), { maxBytes: 1024 * 1024 });
    await assert.rejects(result, /unpacks to more than 1048576 bytes/);
    assert.deepEqual(await readdir(s.out), []);
  });

  test('an archive right at the cap extracts', async () => {
    const s = await sandbox();
    const entries: RawEntry[] = [{ type: 'file', path: 'exact', size: 1024 * 1024 }];
    const r = await (await pullArchive(s, rawTarGz(entries), { maxBytes: 1024 * 1024 })).result;
    assert.equal((await lstat(join(r.path, 'exact'))).size, 1024 * 1024);
  });
});
