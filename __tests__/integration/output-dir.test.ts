// An unusable output dir fails first, naming the input and what is wrong with it, never with
// raw errno text; and a path that grows too long below it while extracting says so as well.
import { STORE_DIR } from '../../src/storage/layout.js';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { asInputError } from '../../src/action/errors.js';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { explainDiskError, prepareOutputDir } from '../../src/storage/output-dir.js';
import { isRoot, step, userDir } from '../support/as-user.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

const ERRNO = /\bE[A-Z]{3,}\b|errno|syscall/;

let root: string;
before(() => {
  root = tempDir('axi-output-dir-');
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The UserError `prepareOutputDir` rejects with. */
async function rejection(path: string, input?: string): Promise<string> {
  const err = await prepareOutputDir(path, input).then(
    () => assert.fail(`${path} was accepted`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UserError, String(err));
  assert.doesNotMatch(err.message, ERRNO);
  // As the action shows it, naming the input.
  return (asInputError(err) as Error).message;
}

/** As `rejection`, but as an unprivileged user (nobody) when the tests run as root. */
async function rejectionAsUser(path: string): Promise<string> {
  if (!isRoot) return rejection(path);
  const line = await step<string>({ step: 'prepare-output-dir', dir: path }, userDir());
  assert.ok(line.startsWith('UserError: '), line);
  assert.doesNotMatch(line, ERRNO);
  return line.slice('UserError: '.length);
}

describe('prepareOutputDir', () => {
  test('creates a missing dir with its parents, and accepts an existing one', async () => {
    const dir = join(root, 'a', 'b', 'c');
    await prepareOutputDir(dir);
    assert.ok(statSync(dir).isDirectory());
    await prepareOutputDir(dir);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a regular file', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    assert.equal(await rejection(file), `input 'output-dir': ${file} exists and is not a directory`);
  });

  test('a path under a regular file', async () => {
    const file = join(root, 'another-file');
    writeFileSync(file, 'x');
    const path = join(file, 'images');
    assert.equal(
      await rejection(path),
      `input 'output-dir': ${path} cannot be created: part of the path is a file, not a directory`,
    );
  });

  test('a directory this job cannot write is a read-only store; one it cannot create a dir in is refused', async () => {
    // Root may write anywhere: the check then runs in a process of an unprivileged user.
    const base = join(root, 'perm');
    mkdirSync(base, { mode: 0o755 });
    chmodSync(root, 0o755);
    const dir = join(base, 'read-only');
    mkdirSync(dir, { mode: 0o555 });
    const asUser = isRoot
      ? await step<string>({ step: 'prepare-output-dir', dir }, userDir())
      : await prepareOutputDir(dir).then(({ writable }) => (writable ? 'accepted' : 'accepted, read-only'));
    assert.equal(asUser, 'accepted, read-only');
    assert.equal(
      await rejectionAsUser(join(dir, 'below')),
      `input 'output-dir': ${join(dir, 'below')} cannot be created: a directory above it does not let this job write to it`,
    );
  });

  test("the root, the home dir, the workspace and the runner's temp and tool cache dirs themselves are refused", async () => {
    const env = {
      GITHUB_WORKSPACE: join(root, 'ws'),
      RUNNER_TEMP: join(root, 'temp'),
      RUNNER_TOOL_CACHE: join(root, 'tools'),
    };
    mkdirSync(env.RUNNER_TOOL_CACHE);
    // A link to one of them is the same place.
    symlinkSync(env.RUNNER_TOOL_CACHE, join(root, 'tools-link'));
    const refused = async (path: string): Promise<string> => {
      const err = await prepareOutputDir(path, 'output-dir', env).then(
        () => assert.fail(`${path} was accepted`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof UserError, String(err));
      return (asInputError(err) as Error).message;
    };
    assert.match(await refused('/'), /^input 'output-dir': \/ is the root directory: images would be mixed/);
    assert.match(await refused(homedir()), / is the home directory:/);
    assert.match(await refused(`${env.GITHUB_WORKSPACE}/`), / is the workspace \(GITHUB_WORKSPACE\):/);
    assert.match(await refused(env.RUNNER_TEMP), / is the runner's temp dir \(RUNNER_TEMP\):/);
    assert.match(
      await refused(join(root, 'tools-link')),
      / is the runner's tool cache \(RUNNER_TOOL_CACHE\):/,
    );
    assert.equal(existsSync(env.GITHUB_WORKSPACE), false, 'nothing is created');
    // Below them is fine.
    await prepareOutputDir(join(env.RUNNER_TEMP, 'images'), 'output-dir', env);
    await prepareOutputDir(join(env.GITHUB_WORKSPACE, 'images'), 'output-dir', env);
  });

  test('too long a path, or a name in it longer than the file system takes', async () => {
    const long = join(root, 'x'.repeat(200), 'y'.repeat(200)).padEnd(3900, '/z');
    assert.match(
      await rejection(long),
      /^input 'output-dir': \S+ is too long a path: .* \(at most 3839 bytes\)$/,
    );
    assert.equal(existsSync(join(root, 'x'.repeat(200))), false, 'nothing is created');

    const name = join(root, 'n'.repeat(300));
    assert.equal(
      await rejection(name, 'output'),
      `input 'output': ${name} cannot be created: a name in the path is longer than 255 bytes`,
    );
  });

  test('explainDiskError names the input for ENAMETOOLONG and ENOSPC, and leaves other errors alone', () => {
    const long = Object.assign(new Error('ENAMETOOLONG: name too long, open'), {
      code: 'ENAMETOOLONG',
      path: '/out/a/b',
    });
    const explained = explainDiskError(long, '/out');
    assert.ok(explained instanceof UserError);
    assert.equal(explained.setting, 'output-dir');
    assert.equal(
      explained.message,
      'a path below /out is too long for the file system (8 bytes: /out/a/b); choose a shorter output dir',
    );
    const full = new UserError('img:1: no space left on the device while extracting', {
      cause: Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    });
    const said = explainDiskError(full, '/out');
    assert.ok(said instanceof UserError);
    assert.equal(said.setting, 'output-dir');
    assert.equal(
      said.message,
      'no space left on the device that holds /out (img:1: no space left on the device while extracting); free some space or choose an output dir on a larger disk',
    );
    const other = Object.assign(new Error('EIO'), { code: 'EIO' });
    assert.equal(explainDiskError(other, '/out'), other);
  });
});

describe('a pull into an unusable output dir', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
    // Deep enough that below a long output dir, a path in it passes what Linux takes.
    const deep = Array.from({ length: 4 }, (_, i) => `${i}`.repeat(120)).join('/');
    const archive = await makeArchive({ [`${deep}/kernel`]: 'k' });
    server.set('/img/deep.tar.gz', archive);
    server.set(
      '/reg.toml',
      registryToml([{ name: 'deep', version: '1.0', sha256: sha256(archive), url: 'img/deep.tar.gz' }]),
    );
  });
  after(() => server.close());

  const pull = (outputDir: string): Promise<unknown> =>
    runPull(
      inputs({
        registry: `${server.url}/reg.toml`,
        'output-dir': outputDir,
        image: 'deep',
        'tool-cache': 'false',
        cache: 'false',
      }),
      { log: new MemoryLog(), retry: FAST_RETRY },
    ).then(
      () => assert.fail('the pull succeeded'),
      (e: unknown) => e,
    );

  test('a regular file fails before anything is fetched', async () => {
    const file = join(root, 'pull-file');
    writeFileSync(file, 'x');
    const before = server.count('/');
    const err = await pull(file);
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `input 'output-dir': ${file} exists and is not a directory`);
    assert.equal(server.count('/'), before, 'not even the registry was fetched');
  });

  test('a path that grows too long while extracting names the input, and leaves nothing half-written', async () => {
    // Long, but short enough to pass the up-front check; the archive's paths take it over.
    let out = root;
    while (Buffer.byteLength(out) < 3600) out = join(out, 'd'.repeat(200));
    const err = await pull(out);
    assert.ok(err instanceof UserError, String(err));
    assert.match(err.message, /^input 'output-dir': a path below \S+ is too long for the file system/);
    assert.doesNotMatch(err.message.replace(/\(.*\)/, ''), ERRNO);
    assert.deepEqual(
      readdirSync(out).filter((n) => n !== STORE_DIR),
      [],
    );
  });
});
