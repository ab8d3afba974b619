// Runs the test suite with node's own test runner. Node 20's runner does not expand globs, so the
// files are listed here.
//   npm test                  everything: __tests__/unit and __tests__/integration
//   npm run test:unit         the quick subset (also `npm test -- --quick`): in-process tests only
//   npm test -- registry      only test files whose path contains "registry"
// Each test file is bundled first with esbuild (the transform tsx applies, packages left as
// imports), so its process starts without a loader: tsx cost most test files about half a
// second of CPU. `import.meta` keeps naming each source file, and stack traces map back to it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { undiciOnDemand } from './undici-on-demand.mjs';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['fixtures', 'support', 'qemu'].includes(entry.name)) found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(full);
    }
  }
  return found.sort();
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => a !== '--quick');
const files = findTests(quick ? join('__tests__', 'unit') : '__tests__').filter(
  (f) => filters.length === 0 || filters.some((s) => f.includes(s)),
);
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

/**
 * Replaces `import.meta.url`, `.dirname` and `.filename` with the source file's own, wherever the
 * text appears: code that writes it into a string for another file must split it.
 */
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (file) => {
      const text = await readFile(file.path, 'utf8');
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(file.path)))
        .replaceAll('import.meta.filename', JSON.stringify(file.path));
      return { contents, loader: 'ts' };
    });
  },
};

// The scripts tests run as child processes (see __tests__/support/child-script.ts, which builds
// any other itself), built once here rather than once per test file: whole bundles, in a dir
// every user can read.
const CHILDREN = [
  '__tests__/support/pull-child.ts',
  '__tests__/support/net-child.ts',
  '__tests__/support/nonroot-child.ts',
  'src/action/tar-guard.ts',
  'src/cli/index.ts',
];

// Inside the project, so that the packages resolve from its node_modules; one dir per run.
/** What both bundles share: ESM for this Node, one `.mjs` per entry, paths kept below the root. */
const ESM_BUNDLE = {
  outbase: '.',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${process.versions.node.split('.')[0]}`,
  keepNames: true,
};

const out = join('.tmp', `tests-${process.pid}`);
const children = mkdtempSync(join(tmpdir(), 'axi-test-children-'));
let status;
try {
  chmodSync(children, 0o755);
  await build({
    ...ESM_BUNDLE,
    entryPoints: CHILDREN,
    outdir: children,
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
    plugins: [undiciOnDemand],
  });
  for (const f of CHILDREN) chmodSync(join(children, f.replace(/\.ts$/, '.mjs')), 0o644);
  for (const d of ['__tests__', '__tests__/support', 'src', 'src/action', 'src/cli'])
    chmodSync(join(children, d), 0o755);
  await build({
    ...ESM_BUNDLE,
    entryPoints: files,
    outdir: out,
    packages: 'external',
    sourcemap: 'inline',
    keepNames: true,
    logLevel: 'error',
    plugins: [keepImportMeta],
  });
  // CI runs the suite under more than one Node; say which one this is.
  console.log(`# tests run under node ${process.version} (${process.execPath})`);
  // Four at a time: many tests wait on servers, timers and child processes, so two CPUs keep
  // four files busy (about a quarter faster than two at a time).
  const result = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      '--test-concurrency=4',
      '--test-timeout=300000',
      ...files.map((f) => join(out, f.replace(/\.ts$/, '.mjs'))),
    ],
    { stdio: 'inherit', env: { ...process.env, AXI_TEST_CHILDREN: children } },
  );
  status = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(children, { recursive: true, force: true });
}
process.exit(status ?? 1);
