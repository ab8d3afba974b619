// The command line as a user runs it: a real registry and image server on 127.0.0.1, files on
// disk. The source's `main` runs in this process with a clean environment and its console
// output captured (support/cli-run.ts); the last test runs the bundle as a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_REGISTRY } from '../../src/ops/settings.js';
import { snapshotPath } from '../../src/registry/snapshot.js';
import { REGISTRY_SNAPSHOTS_DIR, STORE_DIR } from '../../src/storage/layout.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { runCli, type CliRun as Run } from '../support/cli-run.js';
import { startFileServer, type FileServer } from '../support/file-server.js';

let server: FileServer;
let registry: string;
let linux: Buffer;
const dirs: string[] = [];

/** Runs the CLI with a clean environment (no runner variables unless given); `bin` runs that executable instead. */
function cli(args: string[], env: Record<string, string> = {}, bin?: string): Promise<Run> {
  const home = tempDir('axi-cli-home-');
  dirs.push(home);
  const clean = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, ...env };
  if (!bin) return runCli(args, clean);
  const child = spawn(bin, args, { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.on('close', (code) => r({ code: code ?? -1, stdout, stderr })));
}

function storage(): string {
  const d = tempDir('axi-cli-store-');
  dirs.push(d);
  return d;
}

const at = (dir: string): string[] => ['--registry', registry, '--output-dir', dir];

before(async () => {
  server = await startFileServer();
  linux = await makeArchive({ 'qemu-aarch64': 'kernel', 'rootfs.img': Buffer.alloc(4096, 7) });
  const nimbos = await makeArchive({ 'qemu-x86_64': 'nimbos kernel' });
  server.set('/img/linux-0.0.25.tar.gz', linux);
  server.set('/img/linux-0.0.24.tar.gz', linux);
  server.set('/img/nimbos.tar.gz', nimbos);
  server.set('/img/tampered.tar.gz', linux, { faults: [{ body: Buffer.from(linux).fill(1, 100, 120) }] });
  server.set(
    '/registry.toml',
    registryToml([
      {
        name: 'qemu_aarch64_linux',
        version: '0.0.24',
        sha256: sha256(linux),
        url: `${server.url}/img/linux-0.0.24.tar.gz`,
        released_at: '2026-03-01T00:00:00Z',
        description: 'Linux for QEMU aarch64 (old)',
      },
      {
        name: 'qemu_aarch64_linux',
        version: '0.0.25',
        sha256: sha256(linux),
        url: `${server.url}/img/linux-0.0.25.tar.gz`,
        released_at: '2026-04-03T01:28:26Z',
        description: 'Linux for QEMU aarch64',
      },
      {
        name: 'qemu_x86_64_nimbos',
        version: '0.0.25',
        arch: 'x86_64',
        sha256: sha256(nimbos),
        url: `${server.url}/img/nimbos.tar.gz`,
        description: 'NimbOS for QEMU x86_64',
      },
      {
        name: 'tampered',
        version: '1.0',
        sha256: sha256(linux),
        url: `${server.url}/img/tampered.tar.gz`,
        description: 'served with other bytes',
      },
    ]),
  );
  registry = `${server.url}/registry.toml`;
});

after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('ls: one row per name with "N versions"; -v one row per version; a pattern filters', async () => {
  const dir = storage();
  const ls = await cli(['ls', ...at(dir)]);
  assert.equal(ls.code, 0, ls.stderr);
  assert.equal(
    ls.stdout,
    [
      'Name                Version     Architecture  Description',
      '------------------  ----------  ------------  -----------------------',
      'qemu_aarch64_linux  2 versions  aarch64       Linux for QEMU aarch64',
      'qemu_x86_64_nimbos  0.0.25      x86_64        NimbOS for QEMU x86_64',
      'tampered            1.0         aarch64       served with other bytes',
      '',
    ].join('\n'),
  );
  assert.equal(ls.stderr, '');

  const verbose = await cli(['ls', '-v', 'linux', ...at(dir)]);
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.equal(
    verbose.stdout,
    [
      'Name                Version  Architecture  Description',
      '------------------  -------  ------------  ----------------------------',
      'qemu_aarch64_linux  0.0.24   aarch64       Linux for QEMU aarch64 (old)',
      'qemu_aarch64_linux  0.0.25   aarch64       Linux for QEMU aarch64',
      '',
    ].join('\n'),
  );

  const regex = await cli([...at(dir), 'ls', '^qemu_.*_(nimbos|arceos)$']);
  assert.equal(regex.code, 0);
  assert.deepEqual(
    regex.stdout
      .split('\n')
      .slice(2, -1)
      .map((l) => l.split(/\s+/)[0]),
    ['qemu_x86_64_nimbos'],
  );

  const none = await cli(['ls', 'zephyr', ...at(dir)]);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, "no image name matches 'zephyr' (4 images in the registry)\n");
});

test('pull extracts into the storage dir; a second pull finds it there and downloads nothing', async () => {
  const dir = storage();
  const first = await cli(['pull', 'qemu_aarch64_linux', ...at(dir)]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const extracted = join(dir, 'qemu_aarch64_linux');
  assert.match(first.stdout, new RegExp(`^image extracted to ${extracted} \\(downloaded\\)$`, 'm'));
  assert.match(first.stdout, new RegExp(`^  kernel: ${join(extracted, 'qemu-aarch64')}$`, 'm'));
  assert.match(first.stdout, new RegExp(`^  rootfs: ${join(extracted, 'rootfs.img')}$`, 'm'));
  assert.equal(readFileSync(join(extracted, 'qemu-aarch64'), 'utf8'), 'kernel');
  assert.deepEqual(readFileSync(join(dir, 'qemu_aarch64_linux.tar.gz')), linux);
  assert.equal(server.count('/img/linux-0.0.25'), 1);
  // The registry's own snapshot; images.toml is the Rust tool's, which syncs from another registry.
  assert.equal(snapshots(dir).length, 1);
  assert.ok(!existsSync(join(dir, 'images.toml')));

  const second = await cli(['pull', 'qemu_aarch64_linux', ...at(dir)]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /\(already there\)$/m);
  assert.equal(server.count('/img/linux-0.0.25'), 1, 'no second download');
});

test('pull -o DIR --no-extract keeps only the verified archive, named by the spec', async () => {
  const dir = storage();
  const target = join(storage(), 'images');
  const run = await cli(['pull', 'qemu_aarch64_linux:0.0.24', '-o', target, '--no-extract', ...at(dir)]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    new RegExp(`^image archive ready at ${join(target, 'qemu_aarch64_linux-0.0.24.tar.gz')}`, 'm'),
  );
  assert.deepEqual(readdirSync(target), ['qemu_aarch64_linux-0.0.24.tar.gz']);
  // The registry snapshot stays in the storage dir.
  assert.equal(snapshots(dir).length, 1);
});

test('RUNNER_TOOL_CACHE is used: a pull into another dir copies from it instead of downloading', async () => {
  const toolCache = storage();
  const one = await cli(['pull', 'qemu_x86_64_nimbos', ...at(storage())], { RUNNER_TOOL_CACHE: toolCache });
  assert.equal(one.code, 0, one.stderr);
  assert.ok(readdirSync(join(toolCache, 'axvisor-image')).length === 1);
  const downloads = server.count('/img/nimbos');
  const two = await cli(['pull', 'qemu_x86_64_nimbos', ...at(storage())], { RUNNER_TOOL_CACHE: toolCache });
  assert.equal(two.code, 0, two.stderr);
  assert.match(two.stdout, /\(from the tool cache\)$/m);
  assert.equal(server.count('/img/nimbos'), downloads);
});

test('rm removes the archive and the extracted dir; nothing to remove is not an error', async () => {
  const dir = storage();
  assert.equal((await cli(['pull', 'qemu_aarch64_linux', ...at(dir)])).code, 0);
  assert.equal((await cli(['pull', 'qemu_aarch64_linux:0.0.24', ...at(dir)])).code, 0);

  const rm = await cli(['rm', 'qemu_aarch64_linux', ...at(dir)]);
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal(
    rm.stdout,
    `removed ${join(dir, 'qemu_aarch64_linux')}/\nremoved ${join(dir, 'qemu_aarch64_linux.tar.gz')}\n`,
  );
  // The versioned pull is another spec and stays.
  assert.deepEqual(readdirSync(dir).sort(), [
    STORE_DIR,
    'qemu_aarch64_linux-0.0.24',
    'qemu_aarch64_linux-0.0.24.tar.gz',
  ]);

  const again = await cli(['rm', 'qemu_aarch64_linux', ...at(dir)]);
  assert.equal(again.code, 0);
  assert.equal(again.stdout, `qemu_aarch64_linux: nothing to remove in ${dir}\n`);

  const missingDir = await cli(['rm', 'x', '--output-dir', join(dir, 'does-not-exist')]);
  assert.equal(missingDir.code, 0, missingDir.stderr);
});

test('sync saves the registry for this input, by default in <tmpdir>/.axvisor-images, and leaves images.toml to the Rust tool', async () => {
  const tmp = storage();
  const run = await cli(['sync', '--registry', registry], { TMPDIR: tmp });
  assert.equal(run.code, 0, run.stderr);
  const dir = join(tmp, '.axvisor-images');
  const saved = snapshotPath(dir, { registries: [registry] });
  assert.equal(
    run.stdout,
    [
      `synced 4 images from ${registry} (registry)`,
      `  saved for this registry input: ${saved}`,
      `  images.toml and .last_sync left as they are: the Rust tool syncs from ${DEFAULT_REGISTRY}, and this run's first registry is ${registry}`,
      '',
    ].join('\n'),
  );
  const toml = readFileSync(saved, 'utf8');
  assert.match(toml, /qemu_x86_64_nimbos/);
  assert.ok(!existsSync(join(dir, 'images.toml')) && !existsSync(join(dir, '.last_sync')));

  // A sync that reads nothing fails, rather than settling for the saved copy.
  const before = statSync(saved).mtimeMs;
  const broken = await cli(['sync', '--registry', `${server.url}/missing.toml`, '--retries', '0'], {
    TMPDIR: tmp,
  });
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /^error: no image registry could be read: .*missing\.toml.*404/m);
  assert.equal(statSync(saved).mtimeMs, before);
});

test('failures of the work exit 1: an unknown image, a checksum mismatch', async () => {
  const dir = storage();
  const unknown = await cli(['pull', 'qemu_aarch64_linx', ...at(dir)]);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /^error: image spec: no image named 'qemu_aarch64_linx'.*closest names: qemu_aarch64_linux/m,
  );

  const tampered = await cli(['pull', 'tampered', ...at(dir)]);
  assert.equal(tampered.code, 1, tampered.stdout);
  assert.match(tampered.stderr, /^error: SHA-256 mismatch for .*tampered\.tar\.gz/m);
  assert.ok(!existsSync(join(dir, 'tampered.tar.gz')));
  assert.ok(!existsSync(join(dir, 'tampered')));
});

test('usage errors exit 2 with a message and a pointer to the help', async () => {
  const dir = storage();
  const cases: [string[], RegExp][] = [
    [['pull', 'qemu aarch64'], /^axvisor-image: 'qemu aarch64' is not a valid image spec/],
    [['pull', 'linux:'], /^axvisor-image: 'linux:' is not a valid image spec: the version after ':'/],
    [['frobnicate'], /^axvisor-image: unknown command 'frobnicate'/],
    [['pull'], /^axvisor-image: 'pull' needs an image spec/],
    [['sync', 'extra'], /^axvisor-image: 'sync' takes no operands, not 'extra'/],
    [['pull', 'x', '-v'], /^axvisor-image: option -v\/--verbose does not apply to 'pull'/],
    [['ls', '--bogus'], /^axvisor-image: Unknown option '--bogus'/],
    [['ls', '--retries', 'many'], /^axvisor-image: --retries: 'many' is not a whole number/],
    [[], /^axvisor-image: fetch, verify and extract/],
  ];
  const runs = await Promise.all(cases.map(([args]) => cli([...args, '--output-dir', dir])));
  for (const [i, [args, message]] of cases.entries()) {
    const run = runs[i] as Run;
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '');
  }
  assert.deepEqual(readdirSync(dir), [], 'nothing ran');
  const pointer = await cli(['pull', 'a b']);
  assert.match(pointer.stderr, /Run 'axvisor-image pull --help' for usage\./);
});

test('--help, -h and help <command> print the help and exit 0', async () => {
  const main = await cli(['--help']);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /^Usage: axvisor-image <command> \[options\]$/m);
  const commands = ['ls', 'pull', 'rm', 'sync'];
  const runs = await Promise.all(commands.map((command) => cli([command, '-h'])));
  for (const [i, command] of commands.entries()) {
    const run = runs[i] as Run;
    assert.equal(run.code, 0, command);
    assert.match(run.stdout, new RegExp(`^Usage: axvisor-image ${command} `, 'm'));
  }
  const viaHelp = await cli(['help', 'download']);
  assert.equal(viaHelp.code, 0);
  assert.match(viaHelp.stdout, /^Usage: axvisor-image pull <spec>\.\.\./m);
  // Help never needs a valid command line otherwise: pull without a spec.
  assert.equal((await cli(['pull', '--help'])).code, 0);
});

test('the bundle dist/cli/index.js runs as an executable (shebang) and lists images', async () => {
  const bin = resolve('dist/cli/index.js');
  assert.match(readFileSync(bin, 'utf8').split('\n')[0] ?? '', /^#!\/usr\/bin\/env node$/);
  const run = await cli(['ls', ...at(storage())], {}, bin);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^qemu_aarch64_linux {2}2 versions {2}aarch64 {7}Linux for QEMU aarch64$/m);
  const bad = await cli(['rm'], {}, bin);
  assert.equal(bad.code, 2);
});

test('--version (and -V) prints the version of the package, from the source and from the bundle', async () => {
  const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string };
  for (const args of [['--version'], ['-V'], ['pull', '--version']]) {
    const run = await cli(args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `axvisor-image ${version}\n`);
  }
  const bundled = await cli(['--version'], {}, resolve('dist/cli/index.js'));
  assert.equal(bundled.stdout, `axvisor-image ${version}\n`);
});

/** The registry snapshots in `dir`'s store (beside each, the list of what its includes led to). */
function snapshots(dir: string): string[] {
  return readdirSync(join(dir, STORE_DIR, REGISTRY_SNAPSHOTS_DIR)).filter((f) => f.endsWith('.toml'));
}
