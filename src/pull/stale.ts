import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempOwner } from '../storage/layout.js';
import { removeTree } from '../storage/remove-tree.js';

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
