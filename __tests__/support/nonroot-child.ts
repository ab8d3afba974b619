// Steps of the unprivileged-user tests, run by __tests__/support/as-user.ts in a process of the user
// under test: permissions that stop a non-root owner do not stop root, which CI runs as.
// Usage: node --import tsx __tests__/support/nonroot-child.ts '<json Step>'
// Prints `RESULT <json>` on success; fails with the error message on stderr otherwise.
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, open, readdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseCommandLine } from '../../src/cli/args.js';
import { remove } from '../../src/cli/commands.js';
import { MemoryLog } from './memory-log.js';
import type { ImageSpec } from '../../src/registry/spec.js';
import { asInputError } from '../../src/action/errors.js';
import { prepareOutputDir } from '../../src/storage/output-dir.js';
import { chooseOutputDir } from '../../src/storage/output-dir.js';
import { defaultOutputDir } from '../../src/ops/settings.js';
import { pullImage } from '../../src/pull/pull.js';
import { removeTree } from '../../src/storage/remove-tree.js';
import { ToolCache } from '../../src/pull/tool-cache.js';
import type { ImageEntry } from '../../src/registry/types.js';
import { readIncludeHints, writeIncludeHints } from '../../src/registry/include-hints.js';
import type { SnapshotInput } from '../../src/registry/snapshot.js';

/** A tree to make as this user: entries in order, dir modes applied at the end, deepest first. */
export type TreeEntry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; body?: string }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'fifo'; path: string };

export type Step =
  /** Without `outputDir`, into the default one, chosen as the faces choose it. */
  | { step: 'pull'; entry: ImageEntry; spec: ImageSpec; outputDir?: string; toolCacheDir?: string }
  | { step: 'rm'; outputDir: string; spec: string }
  | { step: 'tree'; root: string; entries: TreeEntry[] }
  | { step: 'remove-tree'; path: string }
  | { step: 'probe'; paths: string[] }
  /** Rewrites a file in place by its name, as a guest or a job would. */
  | { step: 'write'; path: string; body: string }
  | { step: 'choose-output-dir'; dir: string; isDefault: boolean }
  | { step: 'prepare-output-dir'; dir: string }
  /** Keeps, then (a separate step) reads back, the include list of a registry input. */
  | { step: 'write-include-hints'; root: string; input: SnapshotInput; urls: string[] }
  | { step: 'read-include-hints'; root: string; input: SnapshotInput };

/** What `lstat` says of each path to this user: its permission bits, or the error code. */
export type Probe = Record<string, number | string>;

async function probe(paths: string[]): Promise<Probe> {
  const out: Probe = {};
  for (const p of paths) {
    out[p] = await lstat(p).then(
      (st) => st.mode & 0o7777,
      (err: NodeJS.ErrnoException) => err.code ?? 'error',
    );
  }
  return out;
}

async function makeTree(root: string, entries: TreeEntry[]): Promise<void> {
  const dirs: { abs: string; mode: number }[] = [];
  for (const e of entries) {
    const abs = join(root, e.path);
    await mkdir(dirname(abs), { recursive: true });
    if (e.type === 'dir') {
      await mkdir(abs, { recursive: true });
      dirs.push({ abs, mode: e.mode });
    } else if (e.type === 'file') {
      await writeFile(abs, e.body ?? '');
      await chmod(abs, e.mode);
    } else if (e.type === 'fifo') {
      execFileSync('mkfifo', [abs]);
    } else {
      await symlink(e.target, abs);
    }
  }
  dirs.sort((a, b) => b.abs.split('/').length - a.abs.split('/').length);
  for (const d of dirs) await chmod(d.abs, d.mode);
}

async function run(cfg: Step): Promise<unknown> {
  switch (cfg.step) {
    case 'pull': {
      const log = new MemoryLog();
      const outputDir = cfg.outputDir ?? (await chooseOutputDir(defaultOutputDir(), true, log));
      const r = await pullImage({
        entry: cfg.entry,
        spec: cfg.spec,
        outputDir,
        sharedStore: cfg.outputDir === undefined,
        extract: true,
        toolCache: cfg.toolCacheDir ? new ToolCache(cfg.toolCacheDir) : undefined,
        retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20 },
        log,
      });
      await r.saved;
      return {
        source: r.source,
        path: r.path,
        archive: r.archive,
        files: r.files.files,
        warnings: log.lines.filter((l) => l.level === 'warn').map((l) => l.message),
        chosen: outputDir,
        outputDir: (await readdir(outputDir)).sort(),
      };
    }
    case 'rm': {
      const printed: string[] = [];
      const inv = parseCommandLine(['rm', cfg.spec, '--output-dir', cfg.outputDir]);
      await remove(inv, new MemoryLog(), { print: (t) => printed.push(t) });
      return { printed, outputDir: (await readdir(cfg.outputDir)).sort() };
    }
    case 'tree':
      await makeTree(cfg.root, cfg.entries);
      return {};
    case 'remove-tree':
      await removeTree(cfg.path);
      return {};
    case 'probe':
      return probe(cfg.paths);
    case 'write': {
      const fh = await open(cfg.path, 'r+');
      await fh.write(cfg.body, 0);
      await fh.close();
      return {};
    }
    case 'prepare-output-dir':
      return prepareOutputDir(cfg.dir).then(
        ({ writable }) => (writable ? 'accepted' : 'accepted, read-only'),
        (e: Error) => {
          const named = asInputError(e) as Error;
          return `${named.name}: ${named.message}`;
        },
      );
    case 'write-include-hints':
      await writeIncludeHints(cfg.root, cfg.input, cfg.urls);
      return {};
    case 'read-include-hints':
      return readIncludeHints(cfg.root, cfg.input);
    case 'choose-output-dir': {
      const log = new MemoryLog();
      const chosen = await chooseOutputDir(cfg.dir, cfg.isDefault, log);
      return { chosen, warnings: log.lines.filter((l) => l.level === 'warn').map((l) => l.message) };
    }
  }
}

try {
  const result = await run(JSON.parse(process.argv[2] ?? '{}') as Step);
  process.stdout.write(
    `RESULT ${JSON.stringify({ uid: process.getuid?.(), umask: process.umask(), result })}\n`,
  );
} catch (err) {
  process.stderr.write(`FAILED ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}
