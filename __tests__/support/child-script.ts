import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

const built = new Map<string, string>();
let dir: string | undefined;

/**
 * The child script `source` (a .ts file) as one plain JavaScript file that `node` starts without
 * a loader: built once per test process with esbuild, the TypeScript transform tsx uses too, so a
 * child starts in tens of milliseconds rather than the second tsx takes. Packages are bundled in
 * and the file sits in a temp dir every user can read, as the checkout and its node_modules may
 * be out of an unprivileged user's reach (a clone under root's home); so `import.meta` in the
 * bundled modules names that dir, not theirs. Removed when this process exits.
 */
export function childScript(source: string): string {
  let out = built.get(source);
  if (out) return out;
  // scripts/run-tests.mjs builds the usual ones once for every test file, with these options.
  const shared = process.env.AXI_TEST_CHILDREN;
  const prebuilt = shared && join(shared, relative(PROJECT, source).replace(/\.ts$/, '.mjs'));
  if (prebuilt && existsSync(prebuilt)) {
    built.set(source, prebuilt);
    return prebuilt;
  }
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'axi-test-children-'));
    chmodSync(made, 0o755);
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  out = join(dir, `${built.size}-${basename(source, '.ts')}.mjs`);
  buildSync({
    entryPoints: [source],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    keepNames: true,
    // node-tar and others are CommonJS inside: give the ESM bundle a require(). The text is split
    // so that scripts/run-tests.mjs, which rewrites `import.meta` in test sources, leaves it be.
    banner: {
      js: `import { createRequire } from 'node:module'; const require = createRequire(${'import.meta'}.url);`,
    },
    logLevel: 'error',
  });
  chmodSync(out, 0o644);
  built.set(source, out);
  return out;
}
