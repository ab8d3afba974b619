// The CLI as a user installs it: `npm pack` of this checkout (the committed bundles), the tarball
// installed offline into an empty prefix with a fresh npm cache, and the installed bin run against
// a registry on 127.0.0.1. The package has no runtime dependencies (dist/ bundles them), so the
// install needs no network.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';

let server: FileServer;
let bin: string;
const dirs: string[] = [];
const scratch = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};

before(async () => {
  server = await startFileServer();
  const image = await makeArchive({ 'qemu-aarch64': 'kernel' });
  server.set('/img/linux.tar.gz', image);
  server.set(
    '/registry.toml',
    registryToml([
      {
        name: 'qemu_aarch64_linux',
        version: '0.0.25',
        sha256: sha256(image),
        url: 'img/linux.tar.gz',
        description: 'Linux for QEMU aarch64',
      },
    ]),
  );

  const packed = scratch('axi-pack-');
  const prefix = scratch('axi-prefix-');
  // A fresh npm cache: nothing can come from an earlier install on this machine.
  const npmEnv = {
    ...process.env,
    npm_config_cache: scratch('axi-npm-cache-'),
    npm_config_update_notifier: 'false',
  };
  execFileSync('npm', ['pack', '--pack-destination', packed, '--ignore-scripts'], {
    env: npmEnv,
    stdio: 'pipe',
  });
  const tarballs = readdirSync(packed).filter((n) => n.endsWith('.tgz'));
  assert.equal(tarballs.length, 1, `npm pack made ${tarballs.join(', ') || 'nothing'}`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--offline',
      '--ignore-scripts',
      join(packed, tarballs[0]!),
    ],
    { env: npmEnv, stdio: 'pipe' },
  );
  bin = join(prefix, 'node_modules', '.bin', 'axvisor-image');
});

after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the installed bin; async, as the registry is served from this very process. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = scratch('axi-pack-home-');
  const child = spawn(bin, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.on('close', (status) => r({ status, stdout, stderr })));
}

test('the installed package holds the bundles and no dependencies', () => {
  const installed = join(bin, '..', '..', 'axvisor-image');
  assert.ok(existsSync(join(installed, 'dist', 'cli', 'index.js')));
  assert.ok(existsSync(join(installed, 'dist', 'index.js')));
  assert.ok(existsSync(join(installed, 'action.yml')));
  assert.ok(!existsSync(join(installed, 'src')), 'the sources are not shipped');
  assert.deepEqual(
    readdirSync(join(bin, '..', '..')).filter((n) => !n.startsWith('.')),
    ['axvisor-image'],
    'nothing but the package itself is installed',
  );
});

test('the installed axvisor-image answers --help', async () => {
  const r = await run(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /axvisor-image/);
  assert.match(r.stdout, /\bpull\b/);
  assert.match(r.stdout, /\bls\b/);
});

test('the installed axvisor-image lists a registry on 127.0.0.1', async () => {
  const r = await run([
    'ls',
    '--registry',
    `${server.url}/registry.toml`,
    '--output-dir',
    scratch('axi-pack-store-'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Name\s+Version\s+Architecture\s+Description$/m);
  assert.match(r.stdout, /^qemu_aarch64_linux\s+0\.0\.25\s+aarch64\s+Linux for QEMU aarch64$/m);
});

test('the release publishes the bundles to npm: a dry run of scripts/publish-npm.sh lists them, and a tag that is not the version is refused', () => {
  const { version } = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { encoding: 'utf8' }),
  ) as { version: string };
  // A checkout of the committed tree, as the release job has it; a registry nobody answers at,
  // so that nothing can be uploaded.
  const tree = scratch('axi-publish-');
  execFileSync('sh', ['-c', `git archive HEAD | tar -x -C "${tree}"`]);
  const env = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', NODE_AUTH_TOKEN: '' };
  const dry = spawnSync('bash', ['scripts/publish-npm.sh', `v${version}`, '--dry-run'], {
    cwd: tree,
    env,
    encoding: 'utf8',
  });
  assert.equal(dry.status, 0, dry.stderr);
  const said = dry.stderr + dry.stdout;
  for (const file of [
    'dist/index.js',
    'dist/tar-guard/index.js',
    'dist/cli/index.js',
    'action.yml',
    'README.md',
  ]) {
    assert.match(said, new RegExp(`\\b${file.replace(/[./]/g, '\\$&')}\\b`), file);
  }
  assert.doesNotMatch(said, /\bsrc\/|__tests__\//, 'sources and tests are not published');
  assert.match(said, new RegExp(`axvisor-image@${version.replace(/\./g, '\\.')}`));

  const wrong = spawnSync('bash', ['scripts/publish-npm.sh', 'v0.0.0-not-it', '--dry-run'], {
    cwd: tree,
    env,
    encoding: 'utf8',
  });
  assert.equal(wrong.status, 1);
  assert.equal(
    wrong.stderr.trim(),
    `publish-npm: the tag 'v0.0.0-not-it' is not v${version}, the version in package.json; bump it in the release commit`,
  );
});
