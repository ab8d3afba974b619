import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Temp names carry the writer's pid: `<archive>.<pid>-<tag>.part`, `.<dir>.partial-<pid>-<tag>`. */
const TEMP_RE = /(?:\.(\d+)-[a-z0-9]+\.part$)|(?:^\..+\.(?:partial|old)-(\d+)-[a-z0-9]+$)/;

/**
 * Removes temp files and dirs that a killed run left in `dir`. Only those whose writer is no
 * longer alive go, so a concurrent run's work in progress is left alone.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    const pid = Number(m?.[1] ?? m?.[2]);
    if (!m || pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
