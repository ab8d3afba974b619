import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageEntry } from '../../src/registry/types.js';
import { RECORD_FILE, STAGING_DIR, STORE_DIR, TOOL_CACHE_DIR } from '../../src/storage/layout.js';
import { childScript } from './child-script.js';
import type { PullChildConfig } from './pull-child.js';

/** A registry entry for an archive served by a test server. */
export function entryFor(url: string, archive: Buffer, name = 'img', version = '1.0'): ImageEntry {
  return {
    name,
    version,
    description: `${name} test image`,
    sha256: createHash('sha256').update(archive).digest('hex'),
    arch: 'aarch64',
    url,
    source: 'test',
  };
}

/**
 * A tree as `path → what is there`: files by content digest, links by target, dirs by kind.
 * Two trees compare equal only when every file has the same bytes.
 */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await lstat(join(root, r));
      // The record holds inode numbers and times: that it is there is what can be compared.
      if (r === RECORD_FILE) out[r] = 'record';
      else if (st.isSymbolicLink()) out[r] = `link:${await readlink(join(root, r))}`;
      else if (st.isDirectory()) {
        out[r] = 'dir';
        await walk(r);
      } else if (st.isFile()) {
        out[r] = `file:${createHash('sha256')
          .update(await readFile(join(root, r)))
          .digest('hex')}`;
      } else out[r] = 'special';
    }
  };
  await walk('');
  return out;
}

/** The expected `readTree` of an extracted image made from `files`, marker and record included. */
export function expectedTree(files: Record<string, Buffer | string>, sha256: string): Record<string, string> {
  const out: Record<string, string> = {
    '.archive.sha256': digestOf(`${sha256}\n`),
    [RECORD_FILE]: 'record',
  };
  for (const [path, body] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) out[parts.slice(0, i).join('/')] = 'dir';
    out[path] = digestOf(body);
  }
  return out;
}

const digestOf = (b: Buffer | string): string => `file:${createHash('sha256').update(b).digest('hex')}`;

/** The private dir where the store stages its temp work for the output dir `out`. */
export const outputStaging = (out: string): string => join(out, STORE_DIR, STAGING_DIR);

/** The private dir where this user stages tool cache entries, for `RUNNER_TOOL_CACHE` = `tc`. */
export const toolCacheStaging = (tc: string): string =>
  join(tc, TOOL_CACHE_DIR, `${STORE_DIR}-${process.getuid?.() ?? 0}`, STAGING_DIR);

/** The runs' work dirs left in a staging dir (each named `<pid>-<random>`), sorted. */
export async function leftovers(staging: string): Promise<string[]> {
  return (await readdir(staging).catch(() => [] as string[])).sort();
}

/** What is left in the staging dir of the output dir `out`: nothing, once every run has ended. */
export const staged = (out: string): Promise<string[]> => stagedPaths(outputStaging(out));

/** Every path below `staging`, for a failing assertion's message. */
export async function stagedPaths(staging: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(staging, rel), { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) await walk(r);
    }
  };
  await walk('');
  return out.sort();
}

/**
 * Polls `check` until it holds. The deadline is a safety net for a broken build, not a
 * measurement: the test fails with `what` if the state never comes.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  deadlineMs = 30_000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The pid of a process that has exited (a killed run's temp names carry such pids). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

export interface ChildRun {
  pid: number;
  kill(): void;
  /** True once the process has exited (a test waiting for it to reach a point can give up). */
  hasExited(): boolean;
  /** What the process has printed on stdout so far. */
  output(): string;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** The parsed `RESULT` line, when the pull succeeded. */
  result(): Promise<{ source: string; path: string; archive: string }>;
}

const CHILD = fileURLToPath(new URL('./pull-child.ts', import.meta.url));

/** Runs __tests__/support/pull-child.ts in a process of its own. */
export function startPullChild(cfg: PullChildConfig): ChildRun {
  const child = spawn(process.execPath, [childScript(CHILD), JSON.stringify(cfg)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let over = false;
  child.on('close', () => (over = true));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    pid: child.pid ?? -1,
    kill: () => child.kill('SIGKILL'),
    hasExited: () => over,
    output: () => stdout,
    exited,
    async result() {
      const r = await exited;
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (r.code !== 0 || !line) {
        throw new Error(`pull child failed (code ${r.code}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
      }
      return JSON.parse(line.slice('RESULT '.length)) as { source: string; path: string; archive: string };
    },
  };
}
