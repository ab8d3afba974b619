import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTree } from './remove-tree.js';

/**
 * The temp names this project writes (layout.tempSibling), each carrying its writer's pid (the
 * capture group):
 * - `<file>.<pid>-<tag>.part`: a download, a cache copy or a snapshot being written;
 * - `.<dir>.partial-<pid>-<tag>`, `.<dir>.old-<pid>-<tag>`: an extraction or a tool cache entry
 *   being built, or a tree being replaced or evicted.
 * Nothing reads these names back as content: a run only ever trusts the final names, so a
 * leftover is garbage to collect, never a file to resume from.
 */
const TEMP_PATTERNS = [/\.(\d+)-[a-z0-9]+\.part$/, /^\..+\.(?:partial|old)-(\d+)-[a-z0-9]+$/];

/** The pid in a temp name this project writes, or undefined for any other name. */
export function tempOwner(name: string): number | undefined {
  for (const re of TEMP_PATTERNS) {
    const m = re.exec(name);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Removes temp files and dirs that a killed run left in `dir`. Only those whose writer is no
 * longer alive go, so a concurrent run's work in progress is left alone.
 *
 * "Alive" is judged in this process's pid namespace. Two containers sharing one directory
 * through a bind mount do not see each other's pids, so one may remove the other's temp file
 * while it is being written; the writer then fails on its final rename (a clear error, never a
 * wrong file), and the next run succeeds.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempOwner(name);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    try {
      await removeTree(join(dir, name));
    } catch {
      // Garbage nobody reads (another user's, say) must not fail the run that found it.
      continue;
    }
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
