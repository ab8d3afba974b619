// Builds the committed bundles with ncc: dist/index.js for the action, dist/tar-guard/index.js
// for its Actions cache restores, dist/cli/index.js for the command line (package.json "bin"). The bundles must be ESM (package.json "type": "module"), or
// ncc leaves stubs that fail at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneByte } from './one-byte.mjs';

const ncc = (entry, out, externals = []) =>
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      ...externals.flatMap((e) => ['-e', e]),
    ],
    { stdio: 'inherit' },
  );

rmSync('dist', { recursive: true, force: true });
// Nothing builds the ProxyAgent that undici is loaded for (src/bundle/undici-on-demand.cjs): left
// out of the bundles, its require would fail only if something ever did (undici-on-demand.test.ts).
ncc('src/action/index.ts', 'dist', ['undici/index.js']);
// Run by the `tar` that the Actions cache adapter puts first on PATH for a restore.
ncc('src/action/tar-guard.ts', 'dist/tar-guard');
ncc('src/cli/index.ts', 'dist/cli', ['undici/index.js']);

// ASCII only, so that V8 holds each bundle one byte wide (scripts/one-byte.mjs).
for (const file of readdirSync('dist', { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const path = join('dist', file);
  writeFileSync(path, oneByte(readFileSync(path, 'utf8')));
}

// `npx axvisor-image` runs the bin file directly, so its first line must be the shebang.
const cli = 'dist/cli/index.js';
const code = readFileSync(cli, 'utf8');
if (!code.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${code}`);
chmodSync(cli, 0o755);
