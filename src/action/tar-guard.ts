// Stands in for `tar` on PATH while @actions/cache restores one of our entries (actions-cache.ts
// writes a wrapper that runs this file). An extraction runs only once every member of the entry
// is known to be `<sha256>/` or `<sha256>/archive<ext>` (unpack/cache-entry.ts); anything else
// exits 2 before a byte is written, and the library reports a failed restore.
// argv: <real tar> <sha256> <the library's tar arguments...>
import { spawn } from 'node:child_process';
import { cacheEntryProblem } from '../unpack/cache-entry.js';

const [realTar, sha256, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  if (!realTar || !sha256) return refuse('usage: tar-guard <tar> <sha256> <tar arguments>');
  let run = args;
  if (args.some((a) => /^-[A-Za-z]*x[A-Za-z]*$/.test(a))) {
    // The library passes `-xf <archive> -P -C <dir> …`: any other form is not checked, so not run.
    const at = args.findIndex((a) => /^-[A-Za-z]*f$/.test(a));
    const archive = at >= 0 ? args[at + 1] : undefined;
    if (!archive) return refuse(`unexpected tar arguments: ${args.join(' ')}`);
    const problem = await cacheEntryProblem(archive, sha256);
    if (problem) return refuse(`refusing to unpack this cache entry: ${problem}`);
    // The names were checked; without -P, GNU tar's own guards against leaving the dir stay on.
    run = args.filter((a) => a !== '-P');
  }
  return new Promise((resolve) => {
    const child = spawn(realTar, run, { stdio: 'inherit' });
    child.on('error', (err) => resolve(refuse(`${realTar}: ${err.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function refuse(message: string): number {
  process.stderr.write(`axvisor-image: ${message}\n`);
  return 2;
}

process.exitCode = await main();
