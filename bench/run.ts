/**
 * `npm run bench`: how fast a pull is, against what the same machine can do without us.
 *
 * Everything is local: deterministic images (bench/image.ts) generated into bench/work/ and
 * kept there, a file server on 127.0.0.1 in its own process, the local Actions cache service
 * with the real @actions/cache adapter. The code under test runs bundled, without the
 * TypeScript loader, in a child process (bench/driver.ts says why). Each figure is the median of
 * interleaved runs, and each ratio is the median of per-round ratios against a baseline measured
 * in the same round, so a noisy neighbour slows both sides of a ratio alike.
 *
 * Flags: `--rounds N` (default 5), `--quick` (3 rounds, no 1 GB image), `--write-docs` (replace
 * the results section of docs/benchmarks.md), `--keep` (leave bench/work/runs for inspection).
 * See docs/benchmarks.md for how to read the output.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statfsSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: a plain ESM script without types
import { undiciOnDemand } from '../scripts/undici-on-demand.mjs';
import * as prettier from 'prettier';
import { registryToml } from '../__tests__/support/archives.js';
import { startCacheService, type CacheService } from '../__tests__/support/cache-service.js';
import { UPSTREAM_REGISTRY_BASE } from '../__tests__/support/registry-fixtures.js';
import type { ImageEntry } from '../src/registry/types.js';
import type { Request } from './driver.js';
import { ensureImage, type GeneratedImage, type ImageSpec } from './image.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench', 'work');
const RUNS = join(WORK, 'runs');
const MB = 1_000_000;

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const quick = flag('--quick');
const roundsAt = argv.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Math.max(1, Number(argv[roundsAt + 1])) : quick ? 3 : 5;

/**
 * Shaped like the published guest images: a kernel, a big rootfs.img and a few small files.
 * ~150 MB compressed holding ~430 MB, as in the issue; ~1 GB compressed for the memory figure;
 * and an archive of many small files only, where the cost per file shows.
 */
const SMALL: ImageSpec = {
  name: 'img150',
  kernelMiB: 24,
  zeroMiB: 200,
  randomMiB: 80,
  textMiB: 100,
  smallFiles: 32,
  gzipLevel: 6,
};
const LARGE: ImageSpec = {
  name: 'img1g',
  kernelMiB: 24,
  zeroMiB: 600,
  randomMiB: 700,
  textMiB: 520,
  smallFiles: 32,
  gzipLevel: 6,
};
const MANY: ImageSpec = {
  name: 'files1500',
  kernelMiB: 0,
  zeroMiB: 0,
  randomMiB: 0,
  textMiB: 0,
  smallFiles: 1500,
  gzipLevel: 6,
};

/** The slower link of the whole-process cold pull: loopback, paced by the bench's server. */
const LINK = { mbPerS: 50, latencyMs: 20 };

/** The environment a runner gives `node dist/index.js` for a pull of the bench image. */
function actionEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GITHUB_OUTPUT: '/dev/null',
    INPUT_IMAGE: 'bench-small',
    'INPUT_FALLBACK-REGISTRY': 'none',
  };
}

/**
 * The published registry's shape: default.toml and the five documents it includes
 * (__tests__/fixtures/registry), plus a sixth naming the bench image, all by relative URLs, so
 * that any server serving them side by side answers them. Returns the files.
 */
async function writeRegistry(dir: string, sha256: string): Promise<string[]> {
  const fixtures = join(ROOT, '__tests__', 'fixtures', 'registry');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of (await readdir(fixtures)).filter((n) => n.endsWith('.toml'))) {
    let text = (await readFile(join(fixtures, name), 'utf8')).replaceAll(UPSTREAM_REGISTRY_BASE, '');
    if (name === 'default.toml') text += '\n[[includes]]\nurl = "bench-images.toml"\n';
    files.push(join(dir, name));
    await writeFile(files.at(-1)!, text);
  }
  files.push(join(dir, 'bench-images.toml'));
  await writeFile(
    files.at(-1)!,
    registryToml([{ name: 'bench-small', version: '1.0.0', sha256, url: `${SMALL.name}.tar.gz` }]),
  );
  return files;
}

interface Target {
  name: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---- processes --------------------------------------------------------------------------------

/**
 * Runs each request in a fresh process of the bundled driver, as a runner runs the action: a
 * process that has already pulled once is slower at the next pull (about 50 % more CPU here:
 * V8's optimised code for the stream internals is shared, and goes polymorphic), so a long-lived
 * driver would measure its own history. Times are taken inside the process, so start-up is not
 * counted; the peak RSS comes with every result.
 */
class Driver {
  constructor(
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    /** The library under test logs to stdout (@actions/core's `::debug::` lines): kept out of the report. */
    private readonly logFd: number,
  ) {}

  async run<T>(req: Request): Promise<{ result: T; maxRssKiB: number }> {
    // Not `fork()`: it would pass on our own `--import tsx`. The result comes back on fd 3.
    const child = spawn(process.execPath, ['--expose-gc', this.script, '--once', JSON.stringify(req)], {
      env: this.env,
      stdio: ['ignore', this.logFd, 'inherit', 'pipe'],
    });
    let out = '';
    (child.stdio[3] as Readable).on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    if (code !== 0) throw new Error(`the bench driver failed on '${req.op}' (exit ${code}); see above`);
    return JSON.parse(out) as { result: T; maxRssKiB: number };
  }

  async request<T>(req: Request): Promise<T> {
    return (await this.run<T>(req)).result;
  }
}

/** Wall time of one process, start to exit; it must exit 0 and report no `::error::`. */
function commandMs(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code === 0 && !out.includes('::error::')) res(ms);
      else rej(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}`));
    });
  });
}

async function startServer(script: string, files: string[]): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [script, ...files], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) res((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => rej(new Error(`the file server exited (${code})`)));
  });
  return { url, stop: () => child.stdin.end() };
}

// ---- disk -------------------------------------------------------------------------------------

let runSeq = 0;
/**
 * A new empty dir for one measured run. Earlier runs' trees are deleted first and the page cache
 * is flushed (`sync`), outside the timing: every run starts from the same disk state, and the
 * writeback of the last run's gigabyte does not land on this one. Disk use stays at one run.
 */
async function freshDir(kind: string): Promise<string> {
  await rm(RUNS, { recursive: true, force: true });
  execFileSync('sync');
  const dir = join(RUNS, `${kind}-${++runSeq}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

// ---- measurements -----------------------------------------------------------------------------

interface Timed {
  ms: number;
  cpuMs: number;
  mainBusy: number;
  machineBusy: number;
  gc: { major: number; majorMs: number; minor: number; minorMs: number };
}
interface PullResult extends Timed {
  source: string;
  warnings: string[];
}

/** "12 full GCs (180 ms), 3 young (2 ms)": full ones are the costly kind (docs/benchmarks.md). */
function gcText(gc: Timed['gc']): string {
  return `${gc.major} full GCs (${gc.majorMs.toFixed(0)} ms), ${gc.minor} young (${gc.minorMs.toFixed(0)} ms)`;
}

function medianGc(gcs: Timed['gc'][]): Timed['gc'] {
  return {
    major: median(gcs.map((g) => g.major)),
    majorMs: median(gcs.map((g) => g.majorMs)),
    minor: median(gcs.map((g) => g.minor)),
    minorMs: median(gcs.map((g) => g.minorMs)),
  };
}

function entryFor(img: GeneratedImage, name: string, url: string): ImageEntry {
  return {
    name,
    version: '1.0.0',
    description: 'bench image',
    sha256: img.sha256,
    arch: 'aarch64',
    url,
    source: 'bench',
  };
}

function expectSource(r: PullResult, want: string, what: string): void {
  if (r.source !== want) {
    throw new Error(
      `${what}: expected source '${want}', got '${r.source}' (warnings: ${r.warnings.join('; ')})`,
    );
  }
}

/** `curl -o` + `sha256sum` + `tar -xzf`, as a workflow step would do it, timed from outside. */
async function shellSequence(url: string, sha256: string): Promise<number> {
  const dir = await freshDir('shell');
  const script =
    'set -e; curl -sS --fail -o "$1/a.tar.gz" "$2"; sha256sum "$1/a.tar.gz"; mkdir "$1/x"; tar -xzf "$1/a.tar.gz" -C "$1/x"';
  const t0 = performance.now();
  const out = execFileSync('bash', ['-c', script, 'bash', dir, url], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (!out.startsWith(sha256)) throw new Error(`shell sequence: unexpected digest ${out}`);
  return ms;
}

async function main(): Promise<void> {
  const started = performance.now();
  await mkdir(WORK, { recursive: true });
  await rm(RUNS, { recursive: true, force: true });
  const fsStat = statfsSync(WORK);
  const freeGB = (fsStat.bavail * fsStat.bsize) / 1e9;
  const needGB = quick ? 2 : 8;
  if (freeGB < needGB)
    throw new Error(`bench/work needs about ${needGB} GB free; ${freeGB.toFixed(1)} GB left`);
  for (const tool of ['curl', 'sha256sum', 'tar', 'sync']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`the baseline needs '${tool}' on PATH`);
    }
  }

  const machine = machineInfo();
  log(`${machine.cpu}, ${machine.nproc} CPUs, node ${machine.node}; ${ROUNDS} rounds`);
  if (machine.loadAvg1 > machine.nproc / 2) {
    log(
      `warning: load average ${machine.loadAvg1} on ${machine.nproc} CPUs: something else is running, figures will be noisy`,
    );
  }

  log('images: generating or reusing bench/work/*.tar.gz');
  const small = await ensureImage(WORK, SMALL);
  const large = quick ? undefined : await ensureImage(WORK, LARGE);
  const many = await ensureImage(WORK, MANY);
  for (const img of [small, large, many]) {
    if (img)
      log(
        `  ${img.path}: ${(img.bytes / MB).toFixed(0)} MB holding ${(img.contentBytes / MB).toFixed(0)} MB in ${img.files} files`,
      );
  }

  log('bundling the code under test (no TypeScript loader at run time)');
  for (const [entry, out] of [
    ['bench/driver.ts', 'driver.mjs'],
    ['bench/serve.ts', 'serve.mjs'],
  ] as const) {
    // Dependencies included, as in the action's ncc bundle: loaded from node_modules file by
    // file (@actions/cache brings the Azure SDK), they put the idle driver at 82 MB of RSS
    // against 61 MB bundled on Node 20, 97 against 80 on Node 24; the action, one file, does
    // not pay that. Their CommonJS needs `require`.
    await build({
      entryPoints: [join(ROOT, entry)],
      outfile: join(WORK, out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: {
        js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
      },
      logLevel: 'warning',
      // As in the action's bundle: undici is evaluated only if something builds a ProxyAgent.
      plugins: [undiciOnDemand],
    });
  }
  const driverJs = join(WORK, 'driver.mjs');

  // The published registry's shape for the whole-process figures: seven documents to read.
  const registryFiles = await writeRegistry(join(WORK, 'registry'), small.sha256);
  const served = [small, large, many].flatMap((image) => (image ? [image.path] : []));
  const server = await startServer(join(WORK, 'serve.mjs'), [...served, ...registryFiles]);
  // The same files over a slower link: 50 MB/s, 20 ms before every answer.
  const link = await startServer(join(WORK, 'serve.mjs'), [
    '--latency-ms',
    String(LINK.latencyMs),
    '--rate-mb',
    String(LINK.mbPerS),
    small.path,
    ...registryFiles,
  ]);
  const cacheService: CacheService = await startCacheService();
  const home = join(WORK, 'home');
  const toolCacheDir = join(WORK, 'tool-cache');
  await rm(home, { recursive: true, force: true });
  await rm(toolCacheDir, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  // HOME moves the adapter's staging dir (~/.cache/axvisor-image) into bench/work.
  const env: NodeJS.ProcessEnv = { ...process.env, ...cacheService.env, HOME: home, NODE_OPTIONS: '' };
  const logFd = openSync(join(WORK, 'driver.log'), 'w');
  const driver = new Driver(driverJs, env, logFd);
  const smallEntry = entryFor(small, 'bench-small', `${server.url}/${SMALL.name}.tar.gz`);

  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  const rows: [string, string][] = [];
  const target = (name: string, value: number, limit: number, unit: string): Target => {
    const t = { name, value, limit, unit, pass: value <= limit };
    targets.push(t);
    return t;
  };
  const mark = (t: Target): string => (t.pass ? 'PASS' : 'MISS');

  try {
    // 1 + 2. Cold pull against the shell sequence, an @actions/tool-cache peer and the
    // in-process gunzip floor.
    log(
      `cold pull of ${SMALL.name}: ${ROUNDS} rounds of shell sequence, cold pull, gunzip floor, tool-cache peer`,
    );
    const cold: PullResult[] = [];
    const shell: number[] = [];
    const floor: Timed[] = [];
    const peer: Timed[] = [];
    const vsShell: number[] = [];
    const vsPeer: number[] = [];
    const vsFloor: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const order = ['shell', 'pull', 'floor', 'peer'];
      // Rotate the order so no side always runs right after the same other side.
      for (let k = 0; k < i % order.length; k++) order.push(order.shift()!);
      let s = 0;
      let p: PullResult | undefined;
      let f: Timed | undefined;
      let tc: Timed | undefined;
      for (const what of order) {
        if (what === 'shell') s = await shellSequence(smallEntry.url, small.sha256);
        if (what === 'peer') {
          tc = await driver.request<Timed>({
            op: 'toolcache-peer',
            url: smallEntry.url,
            sha256: small.sha256,
            dir: await freshDir('peer'),
          });
        }
        if (what === 'pull') {
          p = await driver.request<PullResult>({
            op: 'pull',
            entry: smallEntry,
            outputDir: await freshDir('cold'),
          });
          expectSource(p, 'download', 'cold pull');
        }
        if (what === 'floor') {
          execFileSync('sync');
          f = await driver.request<Timed>({ op: 'floor', archive: small.path });
        }
      }
      shell.push(s);
      cold.push(p!);
      floor.push(f!);
      peer.push(tc!);
      vsShell.push(p!.ms / s);
      vsPeer.push(p!.ms / tc!.ms);
      vsFloor.push(p!.ms / f!.ms);
      log(
        `  round ${i + 1}: shell ${s.toFixed(0)} ms, tool-cache peer ${tc!.ms.toFixed(0)} ms, pull ${p!.ms.toFixed(0)} ms (CPU ${p!.cpuMs.toFixed(0)} ms, main thread ${(p!.mainBusy * 100).toFixed(0)}% busy, machine ${(p!.machineBusy * 100).toFixed(0)}% busy, ${gcText(p!.gc)}), floor ${f!.ms.toFixed(0)} ms (${gcText(f!.gc)})`,
      );
    }
    const coldMs = median(cold.map((r) => r.ms));
    const t1 = target('cold pull / shell sequence', median(vsShell), 0.45, '×');
    const t1b = target('cold pull / @actions/tool-cache peer', median(vsPeer), 0.45, '×');
    // Reported, no longer a target (docs/benchmarks.md, "Targets withdrawn").
    const pullVsFloor = median(vsFloor);
    results.cold = {
      image: { name: SMALL.name, bytes: small.bytes, contentBytes: small.contentBytes, files: small.files },
      pullMs: cold.map((r) => round(r.ms)),
      pullCpuMs: cold.map((r) => round(r.cpuMs)),
      pullMainThreadBusy: cold.map((r) => round(r.mainBusy, 2)),
      pullMachineBusy: cold.map((r) => round(r.machineBusy, 2)),
      pullGc: cold.map((r) => r.gc),
      floorGc: floor.map((r) => r.gc),
      shellMs: shell.map((x) => round(x)),
      toolCachePeerMs: peer.map((r) => round(r.ms)),
      toolCachePeerCpuMs: peer.map((r) => round(r.cpuMs)),
      floorMs: floor.map((r) => round(r.ms)),
      medianPullMs: round(coldMs),
      medianShellMs: round(median(shell)),
      medianToolCachePeerMs: round(median(peer.map((r) => r.ms))),
      medianFloorMs: round(median(floor.map((r) => r.ms))),
      pullVsShell: round(t1.value, 3),
      pullVsToolCachePeer: round(t1b.value, 3),
      pullVsFloor: round(pullVsFloor, 3),
    };
    rows.push(
      [
        'cold pull (download + verify + extract)',
        `${coldMs.toFixed(0)} ms (CPU ${median(cold.map((r) => r.cpuMs)).toFixed(0)} ms, machine ${(median(cold.map((r) => r.machineBusy)) * 100).toFixed(0)}% busy)`,
      ],
      ['… garbage collection in the cold pull', gcText(medianGc(cold.map((r) => r.gc)))],
      ['shell: curl -o, sha256sum, tar -xzf', `${median(shell).toFixed(0)} ms`],
      [
        '@actions/tool-cache peer: downloadTool, SHA-256, extractTar',
        `${median(peer.map((r) => r.ms)).toFixed(0)} ms`,
      ],
      ['in-process floor: gunzip to nowhere', `${median(floor.map((r) => r.ms)).toFixed(0)} ms`],
      [`cold / shell (target ≤ 0.45)`, `${t1.value.toFixed(2)}× ${mark(t1)}`],
      [`cold / tool-cache peer (target ≤ 0.45)`, `${t1b.value.toFixed(2)}× ${mark(t1b)}`],
      [`cold / floor (reported)`, `${pullVsFloor.toFixed(2)}×`],
    );

    // The cold pull on a real link: the action as a process, against the bare transfer.
    log(
      `a ${LINK.mbPerS} MB/s link with ${LINK.latencyMs} ms per request: ${ROUNDS} rounds of curl -o /dev/null and the cold pull as a process`,
    );
    const bareLink: number[] = [];
    const pullLink: number[] = [];
    const linkRatios: number[] = [];
    const linkUrl = `${link.url}/${SMALL.name}.tar.gz`;
    for (let i = 0; i < ROUNDS; i++) {
      const pair: number[] = [];
      for (const what of i % 2 ? ['pull', 'curl'] : ['curl', 'pull']) {
        if (what === 'curl') {
          pair[0] = await commandMs('curl', ['-sS', '--fail', '-o', '/dev/null', linkUrl], {});
        } else {
          const runEnv = {
            ...actionEnv(await freshDir('link-home')),
            INPUT_REGISTRY: `${link.url}/default.toml`,
            'INPUT_OUTPUT-DIR': await freshDir('link-out'),
            // No Actions cache service here: asking it would load its library first.
            INPUT_CACHE: 'false',
          };
          pair[1] = await commandMs(process.execPath, [join(ROOT, 'dist', 'index.js')], runEnv);
        }
      }
      bareLink.push(pair[0]!);
      pullLink.push(pair[1]!);
      linkRatios.push(pair[1]! / pair[0]!);
      log(`  round ${i + 1}: curl ${pair[0]!.toFixed(0)} ms, pull ${pair[1]!.toFixed(0)} ms`);
    }
    const tLink = target(
      `cold pull as a process on a ${LINK.mbPerS} MB/s link / curl`,
      median(linkRatios),
      1.05,
      '×',
    );
    results.link = {
      mbPerS: LINK.mbPerS,
      latencyMs: LINK.latencyMs,
      curlMs: bareLink.map((x) => round(x)),
      pullMs: pullLink.map((x) => round(x)),
      pullVsCurl: round(tLink.value, 3),
    };
    rows.push(
      [
        `${LINK.mbPerS} MB/s link, ${LINK.latencyMs} ms per request: curl -o /dev/null`,
        `${median(bareLink).toFixed(0)} ms`,
      ],
      [
        '… cold pull as a process (`node dist/index.js`, registry of 7 documents)',
        `${median(pullLink).toFixed(0)} ms`,
      ],
      [`… pull / curl (target ≤ 1.05)`, `${tLink.value.toFixed(3)}× ${mark(tLink)}`],
    );

    // 3. Peak RSS of a cold pull, each in a fresh process.
    log('peak RSS of a cold pull, one fresh process each');
    const idle = await driver.run<unknown>({ op: 'idle' });
    const rssSmall = await driver.run<PullResult>({
      op: 'pull',
      entry: smallEntry,
      outputDir: await freshDir('rss-small'),
    });
    expectSource(rssSmall.result, 'download', 'RSS pull (small)');
    const memory: Record<string, unknown> = {
      idleMB: round((idle.maxRssKiB * 1024) / MB),
      smallMB: round((rssSmall.maxRssKiB * 1024) / MB),
      smallPullMs: round(rssSmall.result.ms),
    };
    rows.push(['peak RSS: the driver process idle', `${memory.idleMB as number} MB`]);
    rows.push([
      `peak RSS: cold pull of ${(small.bytes / MB).toFixed(0)} MB image`,
      `${memory.smallMB as number} MB`,
    ]);
    let largeEntry: ImageEntry | undefined;
    let largeDir: string | undefined;
    if (large) {
      largeEntry = entryFor(large, 'bench-large', `${server.url}/${LARGE.name}.tar.gz`);
      largeDir = await freshDir('rss-large');
      const rssLarge = await driver.run<PullResult>({
        op: 'pull',
        entry: largeEntry,
        outputDir: largeDir,
      });
      expectSource(rssLarge.result, 'download', 'RSS pull (large)');
      const t3 = target('peak RSS, cold pull of the 1 GB image', (rssLarge.maxRssKiB * 1024) / MB, 200, 'MB');
      // Flat with image size: the 1 GB pull may not peak much above the 147 MB one.
      const t3b = target(
        'peak RSS of the 1 GB pull / the 147 MB pull',
        rssLarge.maxRssKiB / rssSmall.maxRssKiB,
        1.2,
        '×',
      );
      memory.largeMB = round(t3.value);
      memory.largePullMs = round(rssLarge.result.ms);
      memory.largePullGc = rssLarge.result.gc;
      memory.largeImage = { bytes: large.bytes, contentBytes: large.contentBytes };
      rows.push([
        `peak RSS: cold pull of ${(large.bytes / MB).toFixed(0)} MB image (target ≤ 200 MB)`,
        `${t3.value.toFixed(0)} MB ${mark(t3)} (pull took ${(rssLarge.result.ms / 1000).toFixed(1)} s, ${gcText(rssLarge.result.gc)})`,
      ]);
      rows.push([
        `… against the ${(small.bytes / MB).toFixed(0)} MB image's peak (target ≤ 1.2)`,
        `${t3b.value.toFixed(2)}× ${mark(t3b)}`,
      ]);
      // The tree stays for the marker-hit figure of the large image below.
    }
    results.memory = memory;

    // 4. Warm pulls.
    log('warm pulls: output dir marker, tool cache, Actions cache');
    const warm: Record<string, unknown> = {};
    if (largeEntry && largeDir) {
      const hits: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const r = await driver.request<PullResult>({ op: 'pull', entry: largeEntry, outputDir: largeDir });
        expectSource(r, 'local', 'repeat pull (large)');
        hits.push(r.ms);
      }
      const t = target('repeat pull into the same dir, 1 GB image', median(hits), 10, 'ms');
      warm.markerLargeMs = hits.map((x) => round(x, 1));
      rows.push([
        `repeat pull, same dir, 1 GB image (target ≤ 10 ms)`,
        `${t.value.toFixed(1)} ms ${mark(t)}`,
      ]);

      // What a guest leaves behind: a few bytes written into its rootfs. The next pull finds the
      // change and extracts the tree again from the archive beside it, downloading nothing.
      const repairs: number[] = [];
      for (let i = 0; i < Math.min(ROUNDS, 3); i++) {
        const fd = openSync(join(largeDir, largeEntry.name, 'rootfs.img'), 'r+');
        writeSync(fd, 'guest journal', 4096);
        closeSync(fd);
        execFileSync('sync');
        const r = await driver.request<PullResult>({ op: 'pull', entry: largeEntry, outputDir: largeDir });
        expectSource(r, 'local', 'repair of a changed tree (large)');
        repairs.push(r.ms);
      }
      warm.repairLargeMs = repairs.map((x) => round(x, 1));
      rows.push([
        `repair of a changed tree, 1 GB image (rootfs written to; extracted again from the archive at hand)`,
        `${median(repairs).toFixed(0)} ms`,
      ]);
    }

    const markerDir = await freshDir('marker');
    expectSource(
      await driver.request<PullResult>({ op: 'pull', entry: smallEntry, outputDir: markerDir }),
      'download',
      'marker setup',
    );
    const markerHits: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await driver.request<PullResult>({ op: 'pull', entry: smallEntry, outputDir: markerDir });
      expectSource(r, 'local', 'repeat pull');
      markerHits.push(r.ms);
    }
    const t4a = target('repeat pull into the same dir, 150 MB image', median(markerHits), 10, 'ms');
    warm.markerMs = markerHits.map((x) => round(x, 1));
    rows.push([
      `repeat pull, same dir, ${(small.bytes / MB).toFixed(0)} MB image (target ≤ 10 ms)`,
      `${t4a.value.toFixed(1)} ms ${mark(t4a)}, ${(t4a.value / coldMs).toFixed(3)}× cold`,
    ]);

    // The same repeat pull as a runner runs it: `node dist/index.js` from start to exit, the
    // registry (the published one's shape, seven documents) fetched over http, against a
    // process that does nothing.
    log('start-up: repeat pull as a whole process (dist/index.js) vs node -e 0');
    const startupEnv = {
      ...actionEnv(await freshDir('startup-home')),
      INPUT_REGISTRY: `${server.url}/default.toml`,
      'INPUT_OUTPUT-DIR': markerDir,
    };
    const bare: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < ROUNDS * 3; i++) {
      // Alternate which goes first, so neither always follows the other.
      for (const what of i % 2 ? ['pull', 'bare'] : ['bare', 'pull']) {
        if (what === 'bare') bare.push(await commandMs(process.execPath, ['-e', '0'], startupEnv));
        else whole.push(await commandMs(process.execPath, [join(ROOT, 'dist', 'index.js')], startupEnv));
      }
    }
    const over = median(whole) - median(bare);
    const t4s = target('repeat pull as a whole process, over node -e 0', over, 100, 'ms');
    warm.startup = { nodeMs: bare.map((x) => round(x, 1)), pullMs: whole.map((x) => round(x, 1)) };
    rows.push([
      `start-up: repeat pull as a process, over \`node -e 0\` (target ≤ 100 ms)`,
      `${over.toFixed(0)} ms ${mark(t4s)} (${median(whole).toFixed(0)} ms against ${median(bare).toFixed(0)} ms)`,
    ]);

    // Fill the tool cache the way a job does: a download with the tool cache on.
    expectSource(
      await driver.request<PullResult>({
        op: 'pull',
        entry: smallEntry,
        outputDir: await freshDir('tc-setup'),
        toolCacheDir,
      }),
      'download',
      'tool cache setup',
    );
    const tcHits: PullResult[] = [];
    const alone: Timed[] = [];
    const tcVsAlone: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const pair: [PullResult?, Timed?] = [];
      for (const what of i % 2 ? ['alone', 'hit'] : ['hit', 'alone']) {
        if (what === 'hit') {
          pair[0] = await driver.request<PullResult>({
            op: 'pull',
            entry: smallEntry,
            outputDir: await freshDir('tc'),
            toolCacheDir,
          });
          expectSource(pair[0], 'tool-cache', 'tool cache hit');
        } else {
          pair[1] = await driver.request<Timed>({
            op: 'extract-alone',
            archive: small.path,
            dir: await freshDir('alone'),
          });
        }
      }
      tcHits.push(pair[0]!);
      alone.push(pair[1]!);
      tcVsAlone.push(pair[0]!.ms / pair[1]!.ms);
      log(
        `  round ${i + 1}: tool cache hit ${pair[0]!.ms.toFixed(0)} ms, extract alone ${pair[1]!.ms.toFixed(0)} ms`,
      );
    }
    const tcMs = median(tcHits.map((r) => r.ms));
    const t4b = target('tool cache hit / extract alone', median(tcVsAlone), 1.2, '×');
    warm.toolCacheMs = tcHits.map((r) => round(r.ms));
    warm.extractAloneMs = alone.map((r) => round(r.ms));
    warm.toolCacheVsExtractAlone = round(t4b.value, 3);
    rows.push(
      [
        'tool cache hit (hash + link + extract)',
        `${tcMs.toFixed(0)} ms, ${(tcMs / coldMs).toFixed(2)}× cold`,
      ],
      ['extract alone: file → gunzip → our extractor', `${median(alone.map((r) => r.ms)).toFixed(0)} ms`],
      ['tool cache hit / extract alone (target ≤ 1.2)', `${t4b.value.toFixed(2)}× ${mark(t4b)}`],
    );

    await driver.request({
      op: 'actions-cache-save',
      sha256: small.sha256,
      archive: small.path,
      extension: '.tar.gz',
    });
    const acHits: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await driver.request<PullResult>({
        op: 'pull',
        entry: smallEntry,
        outputDir: await freshDir('ac'),
        actionsCache: true,
      });
      expectSource(r, 'actions-cache', 'Actions cache hit');
      acHits.push(r.ms);
    }
    const acMs = median(acHits);
    warm.actionsCacheMs = acHits.map((x) => round(x));
    rows.push([
      'Actions cache hit (local service, real adapter)',
      `${acMs.toFixed(0)} ms, ${(acMs / coldMs).toFixed(2)}× cold`,
    ]);
    results.warm = warm;

    // Not a target: the cost per file, where node-tar's extraction differs most from tar's.
    log(`many small files: ${many.files} files, our extractor vs tar -xzf, both from the local archive`);
    const manyOurs: number[] = [];
    const manyTar: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const what of i % 2 ? ['tar', 'ours'] : ['ours', 'tar']) {
        const dir = await freshDir(`many-${what}`);
        if (what === 'ours') {
          manyOurs.push((await driver.request<Timed>({ op: 'extract-alone', archive: many.path, dir })).ms);
        } else {
          const t0 = performance.now();
          execFileSync('tar', ['-xzf', many.path, '-C', dir]);
          manyTar.push(performance.now() - t0);
        }
      }
    }
    results.manyFiles = {
      files: many.files,
      bytes: many.bytes,
      contentBytes: many.contentBytes,
      extractMs: manyOurs.map((x) => round(x)),
      tarMs: manyTar.map((x) => round(x)),
    };
    rows.push([
      `extract ${many.files} small files (${(many.contentBytes / MB).toFixed(0)} MB): ours / tar -xzf`,
      `${median(manyOurs).toFixed(0)} ms / ${median(manyTar).toFixed(0)} ms (${((median(manyOurs) - median(manyTar)) / many.files).toFixed(2)} ms more per file)`,
    ]);

    // 5. Registry resolution with latency.
    log('registry resolution: default.toml with 6 includes, 100 ms latency per answer');
    const reg = await driver.request<{
      one: number[];
      full: number[];
      again: number[];
      documents: number;
      images: number;
    }>({
      op: 'registry',
      fixtures: join(ROOT, '__tests__', 'fixtures', 'registry'),
      extra: {
        name: 'bench.toml',
        text: registryToml([
          { name: 'bench-small', version: '1.0.0', sha256: small.sha256, url: smallEntry.url },
        ]),
      },
      latencyMs: 100,
      rounds: ROUNDS,
    });
    const oneMs = median(reg.one);
    const fullMs = median(reg.full);
    const t5 = target('registry with 6 includes, in round trips', fullMs / oneMs, 3, 'RTT');
    const againMs = median(reg.again);
    results.registry = {
      ...reg,
      medianOneMs: round(oneMs),
      medianFullMs: round(fullMs),
      medianAgainMs: round(againMs),
      roundTrips: round(t5.value, 2),
      roundTripsAgain: round(againMs / oneMs, 2),
    };
    rows.push(
      ['one registry fetch at 100 ms latency', `${oneMs.toFixed(0)} ms`],
      [
        `resolve default.toml + ${reg.documents - 1} includes (${reg.images} images)`,
        `${fullMs.toFixed(0)} ms`,
      ],
      ['… in round trips (target ≤ 3)', `${t5.value.toFixed(2)} ${mark(t5)}`],
      [
        '… again, with what its includes led to last time in the output dir',
        `${againMs.toFixed(0)} ms, ${(againMs / oneMs).toFixed(2)} round trips`,
      ],
    );
  } finally {
    closeSync(logFd);
    server.stop();
    link.stop();
    await cacheService.close();
    if (!flag('--keep')) {
      await rm(RUNS, { recursive: true, force: true });
      await rm(toolCacheDir, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    }
  }

  const totalS = (performance.now() - started) / 1000;
  const table = markdownTable(rows);
  const summary = targets.map(
    (t) =>
      `${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${fmt(t.value)} ${t.unit} (target ≤ ${t.limit} ${t.unit})`,
  );
  console.log(`\n${table}\n`);
  for (const line of summary) console.log(line);
  console.log(
    `\n${targets.filter((t) => t.pass).length}/${targets.length} targets met; bench took ${totalS.toFixed(0)} s`,
  );

  const out = {
    date: new Date().toISOString(),
    machine: { ...machine, loadAvg1After: round(loadavg()[0]!, 2) },
    rounds: ROUNDS,
    seconds: round(totalS),
    targets: targets.map((t) => ({ ...t, value: round(t.value, 3) })),
    ...results,
  };
  await writeFile(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  log('wrote bench/results.json');
  if (flag('--write-docs')) await writeDocs(machine, table, summary, out.date);
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(2);
}

function markdownTable(rows: [string, string][]): string {
  return ['| measure | result |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
}

interface Machine {
  cpu: string;
  nproc: number;
  node: string;
  kernel: string;
  memGB: number;
  filesystem: string;
  /** 1-minute load average when the bench started: above nproc/2, other work skews the figures. */
  loadAvg1: number;
}

function machineInfo(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let filesystem = 'unknown';
  try {
    filesystem =
      execFileSync('df', ['--output=fstype', WORK], { encoding: 'utf8' }).split('\n')[1]?.trim() ??
      filesystem;
  } catch {
    // df without -T: leave it unknown
  }
  return {
    cpu,
    nproc: availableParallelism(),
    node: process.version,
    kernel: release(),
    memGB: round(totalmem() / 1e9, 1),
    filesystem,
    loadAvg1: round(loadavg()[0]!, 2),
  };
}

const DOCS_BEGIN = '<!-- bench:results:begin -->';
const DOCS_END = '<!-- bench:results:end -->';

/** Replaces the results section of docs/benchmarks.md with this run's table. */
async function writeDocs(m: Machine, table: string, summary: string[], date: string): Promise<void> {
  const path = join(ROOT, 'docs', 'benchmarks.md');
  const doc = await readFile(path, 'utf8');
  const a = doc.indexOf(DOCS_BEGIN);
  const b = doc.indexOf(DOCS_END);
  if (a < 0 || b < a) throw new Error(`${path} has no ${DOCS_BEGIN} … ${DOCS_END} section`);
  const section = [
    DOCS_BEGIN,
    '',
    `Run ${date.slice(0, 10)} on ${m.cpu}, ${m.nproc} CPUs (nproc), ${m.memGB} GB RAM, ${m.filesystem}, Linux ${m.kernel}, node ${m.node}; ${ROUNDS} rounds; load average ${m.loadAvg1} at the start.`,
    '',
    table,
    '',
    '```',
    ...summary,
    '```',
    '',
  ].join('\n');
  // Formatted as `npm run lint` expects, so a refreshed page passes `prettier --check`.
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  await writeFile(path, await prettier.format(doc.slice(0, a) + section + doc.slice(b), options));
  log(`updated ${path}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
