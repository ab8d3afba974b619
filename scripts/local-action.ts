// `npm run local-action`: the action's source under GitHub's @github/local-action, which stubs
// @actions/core and @actions/cache. It starts an image registry on 127.0.0.1 with a small guest
// image, writes a dotenv from .env.example with the registry's URL and scratch dirs filled in,
// and runs `local-action run . src/action/main.ts <dotenv>` (local-action takes the source, not
// the bundle, and calls the module's exported `run`). local-action exits 0 even when the action
// fails, so this script reads its log: it fails unless the image was downloaded and verified.
//
// It runs $LOCAL_ACTION_BIN if set, else node_modules/.bin/local-action when installed, else
// `npx --yes` at the pinned version.
// `--keep` leaves the scratch dir in place for a look at what the action wrote.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeArchive, registryToml, sha256, tempDir } from '../__tests__/support/archives.js';
import { startFileServer } from '../__tests__/support/file-server.js';

/** The version `npx` fetches when the devDependency is not installed. */
export const LOCAL_ACTION_VERSION = '7.0.1';

const root = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');

const image = await makeArchive({
  'qemu-aarch64': randomBytes(64 * 1024),
  'rootfs.img': Buffer.concat([Buffer.from('DEMO ROOTFS\n'), Buffer.alloc(1024 * 1024)]),
});
const server = await startFileServer();
server.set('/releases/qemu_aarch64_demo.tar.gz', image);
server.set(
  '/registry/default.toml',
  registryToml([
    {
      name: 'qemu_aarch64_demo',
      version: '0.1.0',
      sha256: sha256(image),
      url: '../releases/qemu_aarch64_demo.tar.gz',
      description: 'Demo guest for QEMU aarch64',
    },
  ]),
);

const work = tempDir('axi-local-action-');
for (const d of ['cache', 'temp', 'tool-cache', 'home', 'images']) mkdirSync(join(work, d));
writeFileSync(join(work, 'summary.md'), '');
const dotenv = join(work, '.env');
writeFileSync(
  dotenv,
  readFileSync(join(root, '.env.example'), 'utf8')
    .replaceAll('__REGISTRY__', `${server.url}/registry/default.toml`)
    .replaceAll('__OUTPUT_DIR__', join(work, 'images'))
    .replaceAll('__WORKSPACE__', work),
);

const installed = process.env.LOCAL_ACTION_BIN || join(root, 'node_modules', '.bin', 'local-action');
const [command, ...prefix] = existsSync(installed)
  ? [installed]
  : ['npx', '--yes', `@github/local-action@${LOCAL_ACTION_VERSION}`];
// local-action stubs @actions/* at the paths `npm ls` prints. With node_modules a symlink (a
// shared install), node would load them by their real paths and the stubs would not apply.
const env = { ...process.env };
if (lstatSync(join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --preserve-symlinks`.trim();
}
const args = [...prefix, 'run', '.', 'src/action/main.ts', dotenv];
console.log(`$ ${[command, ...args].join(' ')}`);

let log = '';
const code = await new Promise<number>((done) => {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const both = (chunk: Buffer, to: NodeJS.WriteStream): void => {
    log += chunk.toString();
    to.write(chunk);
  };
  child.stdout.on('data', (c: Buffer) => both(c, process.stdout));
  child.stderr.on('data', (c: Buffer) => both(c, process.stderr));
  child.on('error', (err) => {
    console.error(`cannot run ${command}: ${err.message}`);
    done(127);
  });
  child.on('close', (c) => done(c ?? 1));
});
await server.close();

// local-action colours its lines; the checks read them plain.
// eslint-disable-next-line no-control-regex
const plain = log.replace(/\u001b\[[0-9;]*m/g, '');
const problems = [
  code !== 0 && `local-action exited ${code}`,
  /::error::/.test(plain) && 'the action reported an error (::error:: above)',
  !/::set-output name=source::download\b/.test(plain) && "no 'source' output of 'download'",
  !existsSync(join(work, 'images', 'qemu_aarch64_demo', 'rootfs.img')) && 'no extracted rootfs.img',
].filter((p): p is string => typeof p === 'string');
if (keep) console.log(`\nscratch dir kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`\nlocal-action run failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('\nlocal-action run succeeded: image downloaded, verified and extracted');
