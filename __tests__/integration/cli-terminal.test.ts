// The CLI as a person sees it. Under a pseudo-terminal (util-linux's `script`), a pull shows a live
// progress line redrawn in place with `\r`; with pipes it shows none. Ctrl-C (SIGINT) mid-download
// exits 130 with one line and leaves no temp file behind. The image server trickles the archive,
// so the download lasts long enough to watch and to interrupt.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { childScript } from '../support/child-script.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { outputStaging, staged } from '../support/reliability.js';

let server: FileServer;
let registry: string;
const dirs: string[] = [];
const scratch = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux');
const noScript = hasScript ? false : "util-linux's `script` is not installed (Debian: bsdutils)";
if (noScript) console.log(`# skipping the pseudo-terminal test: ${noScript}`);

before(async () => {
  server = await startFileServer();
  // Random bytes do not compress: the archives are as big as their files.
  const image = await makeArchive({ 'qemu-aarch64': randomBytes(600 * 1024) });
  // About 2.5 s to watch.
  server.set('/img/slow.tar.gz', image, { trickle: { bytes: Math.ceil(image.length / 25), everyMs: 100 } });
  // Big enough that extraction has begun (the pull hands it 1 MiB batches) long before the end.
  const big = await makeArchive({ 'qemu-aarch64': randomBytes(4 * 1024 * 1024) });
  server.set('/img/slower.tar.gz', big, { trickle: { bytes: 64 * 1024, everyMs: 100 } });
  server.set(
    '/registry.toml',
    registryToml([
      { name: 'slow', version: '1.0.0', sha256: sha256(image), url: 'img/slow.tar.gz' },
      { name: 'slower', version: '1.0.0', sha256: sha256(big), url: 'img/slower.tar.gz' },
    ]),
  );
  registry = `${server.url}/registry.toml`;
});

after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function cliArgs(spec: string, dir: string): string[] {
  return [
    childScript(resolve('src/cli/index.ts')),
    'pull',
    spec,
    '--registry',
    registry,
    '--output-dir',
    dir,
  ];
}

function env(): NodeJS.ProcessEnv {
  const home = scratch('axi-term-home-');
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, TERM: 'xterm' };
}

/** Starts a child and collects stdout and stderr together, as a terminal shows them. */
function start(command: string, args: string[]): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(command, args, { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<Run>((r) => child.on('close', (code, signal) => r({ code, signal, out })));
  return { child, done };
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

test(
  'on a terminal, a pull redraws one progress line in place and clears it',
  { skip: noScript },
  async () => {
    const dir = scratch('axi-term-store-');
    // `script` gives the command a pseudo-terminal for stdin, stdout and stderr; with no terminal
    // of its own to copy the size from, the width is set, or the line would be cut short.
    const cli = [process.execPath, ...cliArgs('slow', dir)].map(quote).join(' ');
    const command = `stty cols 200 rows 40; exec ${cli}`;
    const { done } = start('script', ['-qec', command, '/dev/null']);
    const r = await done;
    assert.equal(r.code, 0, r.out);
    const draws = r.out.split('\r\x1b[K').filter((s) => s.startsWith('downloading slow.tar.gz: '));
    assert.ok(draws.length >= 2, `expected the line redrawn, got:\n${JSON.stringify(r.out)}`);
    for (const line of draws) {
      assert.match(
        line,
        /^downloading slow\.tar\.gz: [\d.]+ (B|KiB|MiB) of [\d.]+ KiB {2}\d+% {2}[\d.]+ (B|KiB|MiB)\/s {2}ETA (\d+:\d\d|--:--)$/,
      );
    }
    // The line is erased before the log goes on: the next line starts on a clean row.
    assert.ok(r.out.includes('\r\x1b[Kdownloaded '), JSON.stringify(r.out));
    assert.match(r.out, /image extracted to /);
  },
);

test('without a terminal, a pull prints log lines only, no live line', async () => {
  const dir = scratch('axi-term-store-');
  const { done } = start(process.execPath, cliArgs('slow', dir));
  const r = await done;
  assert.equal(r.code, 0, r.out);
  assert.ok(!r.out.includes('\r') && !r.out.includes('\x1b'), JSON.stringify(r.out));
  assert.match(r.out, /^downloaded [\d.]+ KiB in [\d.]+ s$/m);
});

test('Ctrl-C mid-download prints one line, exits 130 and leaves no temp files', async () => {
  const dir = scratch('axi-term-store-');
  const { child, done } = start(process.execPath, cliArgs('slower', dir));
  // Mid-download: the part file and the extraction dir are there. (Waiting for a state.)
  let exited = false;
  void done.then(() => (exited = true));
  const underWay = (): boolean => {
    const staging = outputStaging(dir);
    const work = existsSync(staging) ? readdirSync(staging) : [];
    const names = work.length === 1 ? readdirSync(join(staging, work[0]!)) : [];
    return names.some((n) => n.endsWith('-download')) && names.some((n) => n.endsWith('-tree'));
  };
  while (!exited && !underWay()) await delay(20);
  assert.ok(!exited, 'the pull ended before it could be interrupted');
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.out);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.at(-1), 'interrupted; nothing left behind');
  assert.equal(lines.filter((l) => /interrupted/.test(l)).length, 1, r.out);
  const left = await staged(dir);
  assert.deepEqual(left, [], `left behind: ${left.join(', ')}`);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('slower')),
    [],
    'no archive or image dir either',
  );
});
