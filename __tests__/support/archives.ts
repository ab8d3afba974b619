import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create } from 'tar';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Makes a real tar archive of the given files (path → content) with node-tar, compressed as
 * asked. xz and zstd go through the system commands, as the published images were made.
 */
export async function makeArchive(
  files: Record<string, string | Buffer>,
  compression: 'gzip' | 'xz' | 'zstd' | 'none' = 'gzip',
): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'axi-src-'));
  try {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
    const out = join(dir, '..', `${dir.split('/').pop()}.tar`);
    await create(
      { cwd: dir, file: out, gzip: compression === 'gzip', portable: true },
      Object.keys(files).sort(),
    );
    let bytes: Buffer = readFileSync(out);
    rmSync(out, { force: true });
    if (compression === 'xz') bytes = run('xz', ['-c'], bytes);
    if (compression === 'zstd') bytes = run('zstd', ['-c', '-q'], bytes);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Makes a tar archive with GNU tar from a shell recipe run in a scratch dir, for hostile
 * layouts node-tar refuses to create (absolute names, `..`, links pointing out, devices).
 * The recipe must write `out.tar` in the scratch dir.
 */
export function makeHostileTar(recipe: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'axi-hostile-'));
  try {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', recipe], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`recipe failed: ${r.stderr}`);
    return readFileSync(join(dir, 'out.tar'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], input: Buffer): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

/** A registry document for the given entries, as the published ones are written. */
export function registryToml(
  images: {
    name: string;
    version: string;
    sha256: string;
    url: string;
    arch?: string;
    released_at?: string;
    description?: string;
  }[],
  includes: string[] = [],
): string {
  const parts = includes.map((u) => `[[includes]]\nurl = "${u}"\n`);
  for (const i of images) {
    parts.push(
      [
        '[[images]]',
        `name = "${i.name}"`,
        `version = "${i.version}"`,
        `description = "${i.description ?? `${i.name} test image`}"`,
        `sha256 = "${i.sha256}"`,
        `arch = "${i.arch ?? 'aarch64'}"`,
        `url = "${i.url}"`,
        ...(i.released_at ? [`released_at = "${i.released_at}"`] : []),
        '',
      ].join('\n'),
    );
  }
  return parts.join('\n');
}

export function tempDir(prefix = 'axi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A maker of temp dirs that are all removed by `removeAll` (a test file's `after`). */
export function scratchDirs(): { scratch: () => string; removeAll: () => void } {
  const made: string[] = [];
  return {
    scratch: () => {
      const d = tempDir();
      made.push(d);
      return d;
    },
    removeAll: () => {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
