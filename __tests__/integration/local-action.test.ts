// `npm run local-action` for real: GitHub's @github/local-action runs the action's source with its
// own stand-ins for @actions/core and @actions/cache, against a registry on 127.0.0.1. Its cache
// stand-in has no isFeatureAvailable, so `cache: true` must end in a warning, not a failure.
// The tool is a devDependency; without it installed the test is skipped (it never downloads).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const bin = process.env.LOCAL_ACTION_BIN || resolve('node_modules/.bin/local-action');
const absent = existsSync(bin)
  ? false
  : `@github/local-action is not installed (${bin}); add the devDependency and run npm install`;
if (absent) console.log(`# skipping local-action test: ${absent}`);

test(
  'npm run local-action pulls the image with cache: true, the cache skipped with a warning',
  { skip: absent },
  async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-action.ts'], {
      env: { ...process.env, LOCAL_ACTION_BIN: bin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
    assert.equal(code, 0, plain);
    assert.match(plain, /::warning::actions cache: the cache library has no isFeatureAvailable; skipping/);
    assert.match(plain, /::set-output name=source::download/);
    assert.match(plain, /::set-output name=rootfs::\S+\/qemu_aarch64_demo\/rootfs\.img/);
    assert.doesNotMatch(plain, /::error::/);
    assert.match(plain, /local-action run succeeded/);
  },
);
