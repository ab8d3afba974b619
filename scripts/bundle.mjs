// Builds the committed bundles with ncc: dist/index.js for the action. The bundle must be ESM
// (package.json "type": "module"), or ncc leaves stubs that fail at run time.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const ncc = (entry, out) =>
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });

rmSync('dist', { recursive: true, force: true });
ncc('src/action/index.ts', 'dist');
