/**
 * The measured side of the benchmark. bench/run.ts bundles this file (with our sources and the
 * dependencies) into plain JavaScript and runs `driver.mjs --once '<request json>'` in a fresh
 * process per measurement, which prints the result and its own peak RSS on fd 3.
 *
 * Bundled, because the TypeScript loader that runs bench/run.ts costs the code under test real
 * time: it turns on source-mapped stack traces, and under it node-tar's extraction ran a major
 * GC every few milliseconds and used about 25 % more CPU. A runner executes the ncc bundle, with
 * no loader; so does this. Operations are timed inside this process, after a forced GC, so
 * process start-up is not counted.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { MemoryLog } from '../__tests__/support/memory-log.js';
import { fetchText } from '../src/net/fetch-text.js';
import { ZLIB_OPTIONS } from '../src/unpack/decompress.js';
import { StreamExtractor } from '../src/unpack/extract.js';
import { pullImage, type ArchiveCache } from '../src/pull/pull.js';
import { ToolCache } from '../src/pull/tool-cache.js';
import { writeIncludeHints } from '../src/registry/include-hints.js';
import { loadRegistry } from '../src/registry/load.js';
import type { ImageEntry } from '../src/registry/types.js';
import { startFileServer } from '../__tests__/support/file-server.js';

export type Request =
  | {
      op: 'pull';
      entry: ImageEntry;
      outputDir: string;
      toolCacheDir?: string;
      actionsCache?: boolean;
    }
  | { op: 'floor'; archive: string }
  /** What a workflow gets from @actions/tool-cache: downloadTool, a SHA-256 of the file, extractTar. */
  | { op: 'toolcache-peer'; url: string; sha256: string; dir: string }
  | { op: 'extract-alone'; archive: string; dir: string }
  | { op: 'actions-cache-save'; sha256: string; archive: string; extension: string }
  | {
      op: 'registry';
      /** Dir of the published registry documents (default.toml includes the others). */
      fixtures: string;
      /** One more document for default.toml to include, so it has six. */
      extra: { name: string; text: string };
      latencyMs: number;
      rounds: number;
    }
  | { op: 'idle' };

export interface Timed {
  ms: number;
  /** CPU time of this process during the operation (user + system, all threads). */
  cpuMs: number;
  /** Share of the wall time the main thread was busy (0–1): near 1, it is the bottleneck. */
  mainBusy: number;
  /** Share of all CPUs' time the whole machine was busy (0–1), the file server included. */
  machineBusy: number;
  /** Garbage collections during the operation: full (mark-compact) and young-generation ones. */
  gc: { major: number; majorMs: number; minor: number; minorMs: number };
}

const RETRY = { retries: 2, baseDelayMs: 50, maxDelayMs: 200 };
/**
 * The Actions cache adapter's restores run the bundled tar guard, as the action's do. The driver
 * runs bundled from bench/work/, so the project's dist/ is two levels up.
 */
const CACHE_OPTIONS = {
  tarGuard: fileURLToPath(new URL('../../dist/tar-guard/index.js', import.meta.url)),
};
const gc = (globalThis as { gc?: () => void }).gc;

async function timed<T>(fn: () => Promise<T>): Promise<Timed & { value: T }> {
  // Start each measurement with a clean heap, so one run does not pay for the last one's garbage.
  gc?.();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const machine0 = machineTicks();
  const gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  // The observer is told of collections asynchronously: let the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const cpu = process.cpuUsage(cpu0);
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  const machine1 = machineTicks();
  const machineBusy =
    machine0 && machine1 ? 1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total) : NaN;
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainBusy,
    machineBusy,
    gc: gcFigures(gcs, t0, ms),
    value,
  };
}

/** Counts and sums the collections that started during the operation's `ms` after `t0`. */
function gcFigures(entries: PerformanceEntry[], t0: number, ms: number): Timed['gc'] {
  const figures = { major: 0, majorMs: 0, minor: 0, minorMs: 0 };
  for (const e of entries) {
    if (e.startTime < t0 || e.startTime > t0 + ms) continue;
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
      figures.major++;
      figures.majorMs += e.duration;
    } else if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
      figures.minor++;
      figures.minorMs += e.duration;
    }
  }
  return figures;
}

/** All CPUs' busy and idle ticks from /proc/stat (Linux); undefined elsewhere. */
function machineTicks(): { idle: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle ones.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { idle: fields[3]! + fields[4]!, total };
  } catch {
    return undefined;
  }
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'pull': {
      const log = new MemoryLog();
      let actionsCache: ArchiveCache | undefined;
      if (req.actionsCache) {
        // Loaded on first use, as the action loads it (src/action/lazy-cache.ts): a pull without
        // the Actions cache does not carry its library.
        actionsCache = (await import('../src/action/actions-cache.js')).createActionsCache(
          log,
          undefined,
          CACHE_OPTIONS,
        );
        if (!actionsCache)
          throw new Error('the Actions cache is not available: is the cache service env set?');
      }
      const r = await timed(() =>
        pullImage({
          entry: req.entry,
          spec: { name: req.entry.name },
          outputDir: req.outputDir,
          extract: true,
          toolCache: req.toolCacheDir ? new ToolCache(req.toolCacheDir) : undefined,
          actionsCache,
          retry: RETRY,
          log,
        }),
      );
      // A save started by the pull finishes in the background; it is not part of the pull.
      await r.value.saved;
      return {
        ms: r.ms,
        cpuMs: r.cpuMs,
        mainBusy: r.mainBusy,
        machineBusy: r.machineBusy,
        gc: r.gc,
        source: r.value.source,
        warnings: log.warnings,
      };
    }
    case 'floor': {
      // The least a plain in-process pull would cost: Node's gunzip, with nothing written.
      const r = await timed(() =>
        pipeline(
          createReadStream(req.archive, { highWaterMark: 1024 * 1024 }),
          zlib.createGunzip(ZLIB_OPTIONS),
          new Writable({
            highWaterMark: 4 * 1024 * 1024,
            write: (_chunk, _enc, cb) => cb(),
          }),
        ),
      );
      return { ms: r.ms, cpuMs: r.cpuMs, mainBusy: r.mainBusy, machineBusy: r.machineBusy, gc: r.gc };
    }
    case 'toolcache-peer': {
      // Loaded before the clock starts, as our own modules are.
      const tc = await import('@actions/tool-cache');
      const r = await timed(async () => {
        const file = await tc.downloadTool(req.url, join(req.dir, 'archive.tar.gz'));
        const hash = createHash('sha256');
        await pipeline(createReadStream(file), hash);
        const digest = hash.digest('hex');
        if (digest !== req.sha256) throw new Error(`tool-cache peer: digest ${digest}, not ${req.sha256}`);
        await tc.extractTar(file, join(req.dir, 'tree'));
      });
      return { ms: r.ms, cpuMs: r.cpuMs, mainBusy: r.mainBusy, machineBusy: r.machineBusy, gc: r.gc };
    }
    case 'extract-alone': {
      // Our extractor fed straight from the file: no hash, no copy of the archive.
      const r = await timed(async () => {
        await mkdir(req.dir, { recursive: true });
        const ex = await StreamExtractor.create(join(req.dir, 'tree'), {
          log: new MemoryLog(),
          label: 'bench',
        });
        for await (const chunk of createReadStream(req.archive, { highWaterMark: 1024 * 1024 })) {
          await ex.write(chunk as Buffer);
        }
        await ex.finish();
      });
      return { ms: r.ms, cpuMs: r.cpuMs, mainBusy: r.mainBusy, machineBusy: r.machineBusy, gc: r.gc };
    }
    case 'actions-cache-save': {
      const log = new MemoryLog();
      const cache = (await import('../src/action/actions-cache.js')).createActionsCache(
        log,
        undefined,
        CACHE_OPTIONS,
      );
      if (!cache) throw new Error('the Actions cache is not available: is the cache service env set?');
      await cache.save(req.sha256, req.archive, req.extension);
      const found = await cache.exists(req.sha256);
      if (!found) throw new Error(`the Actions cache save did not take: ${log.warnings.join('; ')}`);
      return { warnings: log.warnings };
    }
    case 'registry':
      return registryRounds(req);
    case 'idle':
      return {};
  }
}

/**
 * Serves the real published registry (default.toml and its includes, plus one more include so
 * there are six) with a fixed latency on every answer, and times a full resolution against one
 * fetch of one document. Interleaved, so both see the same conditions.
 */
async function registryRounds(req: Extract<Request, { op: 'registry' }>): Promise<unknown> {
  const server = await startFileServer();
  try {
    const upstream =
      'https://raw.githubusercontent.com/arceos-hypervisor/axvisor-guest/refs/heads/main/registry/';
    const base = `${server.url}/registry/`;
    for (const name of (await readdir(req.fixtures)).filter((n) => n.endsWith('.toml'))) {
      server.set(
        `/registry/${name}`,
        (await readFile(join(req.fixtures, name), 'utf8')).replaceAll(upstream, base),
      );
    }
    const root = server.files.get('/registry/default.toml');
    if (!root) throw new Error(`no default.toml in ${req.fixtures}`);
    server.set(
      '/registry/default.toml',
      `${root.body.toString('utf8')}\n[[includes]]\nurl = "${base}${req.extra.name}"\n`,
    );
    server.set(`/registry/${req.extra.name}`, req.extra.text);
    server.latencyMs = req.latencyMs;
    const one: number[] = [];
    const full: number[] = [];
    const again: number[] = [];
    let documents = 0;
    let images = 0;
    // An output dir holding what the last load's includes led to, as a repeat step finds it.
    const hintRoot = await mkdtemp(join(tmpdir(), 'axi-bench-hints-'));
    const registries = [`${base}default.toml`];
    for (let i = 0; i < req.rounds; i++) {
      const a = await timed(() => fetchText(`${base}default.toml`, { retry: RETRY, log: new MemoryLog() }));
      one.push(a.ms);
      const before = server.requests.length;
      const b = await timed(() => loadRegistry({ registries, retry: RETRY, log: new MemoryLog() }));
      full.push(b.ms);
      documents = server.requests.length - before;
      images = b.value.images.length;
      await writeIncludeHints(
        hintRoot,
        b.value.input,
        b.value.documents.map((d) => d.url),
      );
      const c = await timed(() => loadRegistry({ registries, retry: RETRY, log: new MemoryLog(), hintRoot }));
      again.push(c.ms);
    }
    await rm(hintRoot, { recursive: true, force: true });
    return { one, full, again, documents, images };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--once');
  if (at < 0) throw new Error("usage: driver.mjs --once '<request json>' (bench/run.ts runs it)");
  const result = await handle(JSON.parse(process.argv[at + 1] ?? '') as Request);
  writeSync(3, JSON.stringify({ result, maxRssKiB: process.resourceUsage().maxRSS }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
