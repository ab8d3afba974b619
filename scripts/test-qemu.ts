// `npm run test:qemu`: a real guest boots under QEMU from nothing but the action's outputs.
//
// It builds the tiny aarch64 test guest (__tests__/qemu/), serves it from an image registry and runs
// a GitHub Actions cache service, both on 127.0.0.1, and runs the bundled dist/index.js exactly
// as a runner would. Then it boots `qemu-system-aarch64` with the `kernel` and `rootfs` outputs
// and checks the guest's line on the serial console and QEMU's clean exit. Twice: a cold runner
// that downloads the image, and a fresh runner (new output dir, empty tool cache, new home) that
// must be served from the Actions cache the first run saved. Then once more with AxVisor's own
// QEMU config (qemu-config input): the guest boots with the arguments of the patched copy.
//
// It runs dist/index.js as committed: after changing src/, `npm run bundle` first.
// The closing line is `<n> passed, <m> failed`, plain, for CI to read; the exit status is non-zero
// on any failure. QEMU_TIMEOUT_S (default 60) bounds each boot.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseToml } from 'smol-toml';
import { registryToml, sha256, tempDir } from '../__tests__/support/archives.js';
import { startCacheService, type CacheService } from '../__tests__/support/cache-service.js';
import { startFileServer, type FileServer } from '../__tests__/support/file-server.js';
import { runAction, type ActionRun } from '../__tests__/support/run-action.js';

const IMAGE = 'qemu_aarch64_testguest';
const VERSION = '0.1.0';
const GUEST_LINE = 'axvisor-image test guest: hello from aarch64';
const BUILD_DIR = resolve('__tests__/qemu/build');
const ARCHIVE_PATH = `/releases/v${VERSION}/${IMAGE}.tar.gz`;
// The guest powers off in well under a second; the limit only guards against a hang.
const BOOT_LIMIT_MS = (Number(process.env.QEMU_TIMEOUT_S) || 60) * 1000;

// ---- Output ------------------------------------------------------------------------------------

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const green = paint('32');
const red = paint('31');
const bold = paint('1');
const dim = paint('2');

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const say = (line = ''): void => console.log(line);
const ok = (what: string): void => say(`  ${green('ok  ')}  ${what}`);
const bad = (what: string): void => say(`  ${red('FAIL')}  ${what.replace(/\n/g, '\n        ')}`);
const quote = (text: string, prefix = '  │ '): void => {
  for (const line of text.replace(/\s+$/, '').split('\n')) say(dim(`${prefix}${line}`));
};

/** A failed check ends the scenario it is part of; the message says what was expected. */
class CheckFailed extends Error {}

function check(cond: boolean, passText: string, failText = passText): void {
  if (!cond) {
    bad(failText);
    throw new CheckFailed(failText);
  }
  ok(passText);
}

// ---- Prerequisites -----------------------------------------------------------------------------

/** Builds the guest (the script skips an up-to-date build) and returns the archive's bytes. */
function buildGuest(): { archive: Buffer; kernel: Buffer; rootfs: Buffer; log: string } {
  const r = spawnSync('bash', ['__tests__/qemu/build-guest.sh', BUILD_DIR], { encoding: 'utf8' });
  if (r.status !== 0) {
    // build-guest.sh names the apt package of whatever tool is missing.
    throw new Error(
      `__tests__/qemu/build-guest.sh failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).trim()}`,
    );
  }
  return {
    archive: readFileSync(join(BUILD_DIR, `${IMAGE}.tar.gz`)),
    kernel: readFileSync(join(BUILD_DIR, 'qemu-aarch64')),
    rootfs: readFileSync(join(BUILD_DIR, 'rootfs.img')),
    log: r.stdout.trim(),
  };
}

function qemuVersion(): string {
  const r = spawnSync('qemu-system-aarch64', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      'qemu-system-aarch64 not found; install it with: apt-get install -y --no-install-recommends qemu-system-arm',
    );
  }
  return r.stdout.split('\n')[0]?.trim() ?? 'qemu-system-aarch64';
}

// ---- Booting -----------------------------------------------------------------------------------

interface Boot {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  console: string;
  stderr: string;
  ms: number;
}

/** The command line a workflow would run, built from the two outputs only. */
function qemuArgs(kernel: string, rootfs: string): string[] {
  return [
    '-M',
    'virt',
    '-cpu',
    'cortex-a53',
    '-nographic',
    // Without it `virt` adds a virtio NIC whose option ROM needs the ipxe-qemu package.
    '-nic',
    'none',
    '-kernel',
    kernel,
    '-drive',
    `file=${rootfs},if=none,format=raw,id=hd0`,
    '-device',
    'virtio-blk-device,drive=hd0',
  ];
}

/** The QEMU process while one runs, so an interrupted run can stop it. */
let qemu: ChildProcess | undefined;

async function boot(args: string[]): Promise<Boot> {
  const start = performance.now();
  const child = spawn('qemu-system-aarch64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  qemu = child;
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, BOOT_LIMIT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => r([c, s]));
  }).finally(() => {
    clearTimeout(timer);
    qemu = undefined;
  });
  return {
    code,
    signal,
    timedOut,
    console: out.replace(/\r/g, ''),
    stderr: err,
    ms: performance.now() - start,
  };
}

// ---- Scenarios ---------------------------------------------------------------------------------

interface World {
  images: FileServer;
  cache: CacheService;
  registry: string;
  guest: ReturnType<typeof buildGuest>;
  digest: string;
  newDir(label: string): string;
}

interface Runner {
  outputDir: string;
  toolCache: string;
  home: string;
  runnerTemp: string;
}

/** A runner as a fresh machine would be: its own output dir, tool cache, home and temp dir. */
const freshRunner = (w: World, n: number): Runner => ({
  outputDir: w.newDir(`run${n}-output`),
  toolCache: w.newDir(`run${n}-toolcache`),
  home: w.newDir(`run${n}-home`),
  runnerTemp: w.newDir(`run${n}-runner-temp`),
});

async function pull(
  w: World,
  r: Runner,
  extra: Record<string, string> = {},
): Promise<{ run: ActionRun; ms: number }> {
  const start = performance.now();
  const run = await runAction({
    inputs: { image: IMAGE, registry: w.registry, 'output-dir': r.outputDir, ...extra },
    env: {
      ...w.cache.env,
      RUNNER_TOOL_CACHE: r.toolCache,
      RUNNER_TEMP: r.runnerTemp,
      // The Actions cache adapter stages under ~/.cache; a new machine has a new home.
      HOME: r.home,
    },
    runnerTemp: r.runnerTemp,
  });
  return { run, ms: performance.now() - start };
}

/** The action's log without the runner's workflow commands, as the job log would show it. */
function actionLog(run: ActionRun): string {
  return (
    run.stdout
      .split('\n')
      .filter((l) => !/^::(endgroup|debug|add-mask)::/.test(l))
      .map((l) => l.replace(/^::group::/, '▸ ').replace(/^::(warning|error)[^:]*::/, '$1: '))
      .join('\n')
      // The digest is checked below; in the log its first 12 digits are enough to read.
      .replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1…')
  );
}

const inside = (dir: string, file: string): boolean => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
};

/** Checks the action's outputs name the guest's files, in this runner's output dir. */
function checkOutputs(w: World, r: Runner, run: ActionRun): { kernel: string; rootfs: string } {
  const o = run.outputs;
  check(
    o.name === IMAGE && o.version === VERSION && o.arch === 'aarch64',
    `image ${o.name}:${o.version} (${o.arch})`,
  );
  check(
    o.sha256 === w.digest,
    `sha256 output is the archive's digest`,
    `sha256 output ${o.sha256} != ${w.digest}`,
  );
  const kernel = o.kernel ?? '';
  const rootfs = o.rootfs ?? '';
  check(
    inside(r.outputDir, kernel) && existsSync(kernel) && readFileSync(kernel).equals(w.guest.kernel),
    `kernel  ${kernel}`,
    `kernel output '${kernel}' is not the guest's kernel inside ${r.outputDir}`,
  );
  check(
    inside(r.outputDir, rootfs) && existsSync(rootfs) && readFileSync(rootfs).equals(w.guest.rootfs),
    `rootfs  ${rootfs}`,
    `rootfs output '${rootfs}' is not the guest's rootfs inside ${r.outputDir}`,
  );
  return { kernel, rootfs };
}

function checkBoot(b: Boot): void {
  if (b.console.trim()) quote(b.console, '  │ serial: ');
  else say(dim('  │ serial: (nothing)'));
  if (b.stderr.trim()) quote(b.stderr, '  │ stderr: ');
  check(!b.timedOut, 'QEMU exited by itself', `QEMU still running after ${secs(BOOT_LIMIT_MS)}; killed it`);
  check(
    b.console.split('\n').some((l) => l.trim() === GUEST_LINE),
    `the guest printed '${GUEST_LINE}'`,
    `the guest's line '${GUEST_LINE}' is not on the serial console`,
  );
  check(
    b.code === 0,
    `QEMU exit status 0 (booted in ${secs(b.ms)})`,
    `QEMU exit status ${b.code ?? b.signal}`,
  );
}

async function runAndBoot(
  w: World,
  r: Runner,
  expect: (run: ActionRun, archiveRequests: number) => void,
): Promise<void> {
  say(dim(`  runner: output-dir ${r.outputDir}`));
  say(dim(`          RUNNER_TOOL_CACHE ${r.toolCache} (empty)`));
  const before = w.images.count(ARCHIVE_PATH);
  const { run, ms } = await pull(w, r);
  quote(actionLog(run), '  │ action: ');
  if (run.stderr.trim()) quote(run.stderr, '  │ action stderr: ');
  check(run.code === 0, `action exited 0 (${secs(ms)})`, `action exited ${run.code}`);
  expect(run, w.images.count(ARCHIVE_PATH) - before);
  const { kernel, rootfs } = checkOutputs(w, r, run);
  say(dim(`  $ qemu-system-aarch64 ${qemuArgs('"$kernel"', '"$rootfs"').join(' ')}`));
  checkBoot(await boot(qemuArgs(kernel, rootfs)));
}

/** AxVisor's QEMU config for aarch64, unchanged, as a checkout of AxVisor holds it. */
const AXVISOR_QEMU_CONFIG = resolve('__tests__/fixtures/axvisor/.github/workflows/qemu-aarch64.toml');

/**
 * The action given AxVisor's QEMU config: the guest boots with the arguments of the patched copy
 * as they are (`-kernel` added, which ostool passes itself), its disk on the job's own copy.
 */
async function bootFromAxVisorConfig(w: World): Promise<void> {
  const r = freshRunner(w, 3);
  const original = readFileSync(AXVISOR_QEMU_CONFIG, 'utf8');
  const { run, ms } = await pull(w, r, { 'qemu-config': AXVISOR_QEMU_CONFIG });
  quote(actionLog(run), '  │ action: ');
  check(run.code === 0, `action exited 0 (${secs(ms)})`, `action exited ${run.code}`);
  const patched = run.outputs['qemu-config'] ?? '';
  check(
    inside(r.runnerTemp, patched) && existsSync(patched),
    `qemu-config ${patched}`,
    `qemu-config output '${patched}' is not a file in RUNNER_TEMP`,
  );
  check(readFileSync(AXVISOR_QEMU_CONFIG, 'utf8') === original, "AxVisor's config itself is unchanged");
  const args = (parseToml(readFileSync(patched, 'utf8')) as { args: string[] }).args;
  const drive = args[args.indexOf('-drive') + 1] ?? '';
  const copy = /file=(.*)$/.exec(drive)?.[1] ?? '';
  check(
    inside(r.runnerTemp, copy) && readFileSync(copy).equals(w.guest.rootfs),
    `the drive is this job's copy of the rootfs: ${copy}`,
    `the drive '${drive}' is not a copy of the rootfs in RUNNER_TEMP`,
  );
  const full = [...args, '-kernel', run.outputs.kernel ?? ''];
  say(dim(`  $ qemu-system-aarch64 ${full.join(' ')}`));
  checkBoot(await boot(full));
}

const scenarios: { name: string; title: string; run: (w: World) => Promise<void> }[] = [
  {
    name: 'cold runner',
    title: 'download, verify, extract, save to the Actions cache, boot',
    run: (w) =>
      runAndBoot(w, freshRunner(w, 1), (run, archiveRequests) => {
        const o = run.outputs;
        check(
          o.source === 'download' && o['cache-hit'] === 'false',
          `source=download, cache-hit=false`,
          `expected source=download, cache-hit=false; got source=${o.source}, cache-hit=${o['cache-hit']}`,
        );
        check(
          archiveRequests >= 1,
          `the image server served the archive (${archiveRequests} request${archiveRequests === 1 ? '' : 's'})`,
          'the image server saw no archive request',
        );
        const saved = w.cache.findEntries(`axvisor-image-${w.digest}`);
        check(
          saved.length === 1,
          `Actions cache entry axvisor-image-${w.digest.slice(0, 12)}… saved (${saved[0]?.sizeBytes ?? 0} bytes)`,
          `no Actions cache entry axvisor-image-${w.digest} was saved`,
        );
      }),
  },
  {
    name: 'fresh runner',
    title: 'new output dir, empty tool cache: served from the Actions cache, boot',
    run: (w) =>
      runAndBoot(w, freshRunner(w, 2), (run, archiveRequests) => {
        const o = run.outputs;
        check(
          o.source === 'actions-cache' && o['cache-hit'] === 'true',
          `source=actions-cache, cache-hit=true`,
          `expected source=actions-cache, cache-hit=true; got source=${o.source}, cache-hit=${o['cache-hit']}`,
        );
        check(
          archiveRequests === 0,
          'the image server saw no archive request',
          `the image server saw ${archiveRequests} archive request(s)`,
        );
      }),
  },
  {
    name: "AxVisor's QEMU config",
    title: 'qemu-config: boot with the arguments of the patched copy of qemu-aarch64.toml',
    run: bootFromAxVisorConfig,
  },
];

// ---- Main --------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = performance.now();
  const root = tempDir('axi-qemu-');
  let images: FileServer | undefined;
  let cache: CacheService | undefined;
  let passed = 0;
  let failed = 0;

  // An interrupted run still removes what it made; the servers go with the process.
  const interrupted = (signal: NodeJS.Signals): void => {
    qemu?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    if (cache) rmSync(cache.dir, { recursive: true, force: true });
    say(`\ninterrupted (${signal})\n${passed} passed, ${scenarios.length - passed} failed`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  say(bold('axvisor-image: a real guest boots under QEMU from the action outputs'));
  say();
  try {
    let world: World;
    say(bold('Setup'));
    try {
      if (!existsSync('dist/index.js'))
        throw new Error('dist/index.js is missing: run `npm run bundle` first');
      const guest = buildGuest();
      const digest = sha256(guest.archive);
      quote(guest.log, '  │ build-guest.sh: ');
      ok(
        `guest archive ${relative('.', join(BUILD_DIR, `${IMAGE}.tar.gz`))} (${guest.archive.length} bytes)`,
      );
      ok(qemuVersion());

      images = await startFileServer();
      images.set(ARCHIVE_PATH, guest.archive);
      images.set(
        '/registry/default.toml',
        registryToml([
          {
            name: IMAGE,
            version: VERSION,
            arch: 'aarch64',
            sha256: digest,
            // Relative, as the published registries may write it: resolved against this file.
            url: `..${ARCHIVE_PATH}`,
            description: 'axvisor-image QEMU test guest (aarch64, bare metal)',
          },
        ]),
      );
      const registry = `${images.url}/registry/default.toml`;
      ok(`image registry ${registry}`);
      cache = await startCacheService();
      ok(`Actions cache service ${cache.url}`);
      let n = 0;
      world = {
        images,
        cache,
        registry,
        guest,
        digest,
        newDir: (label) => {
          const d = join(root, `${String(++n).padStart(2, '0')}-${label}`);
          mkdirSync(d);
          return d;
        },
      };
    } catch (err) {
      bad(`setup: ${err instanceof Error ? err.message : String(err)}`);
      failed = scenarios.length;
      say(red(`not run: ${scenarios.map((s) => s.name).join(', ')}`));
      return 1;
    }

    for (const [i, s] of scenarios.entries()) {
      say();
      say(bold(`[${i + 1}/${scenarios.length}] ${s.name}: ${s.title}`));
      const t = performance.now();
      try {
        await s.run(world);
        passed++;
        say(`${green('PASS')}  ${s.name} (${secs(performance.now() - t)})`);
      } catch (err) {
        failed++;
        if (!(err instanceof CheckFailed))
          bad(err instanceof Error ? (err.stack ?? err.message) : String(err));
        say(`${red('FAIL')}  ${s.name} (${secs(performance.now() - t)})`);
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await images?.close();
    await cache?.close();
    rmSync(root, { recursive: true, force: true });
    say();
    say(dim(`total ${secs(performance.now() - started)}`));
    // Plain, uncoloured: CI reads this line.
    say(`${passed} passed, ${failed} failed`);
  }
}

process.exitCode = await main();
