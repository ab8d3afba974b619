// scripts/lint-workflows.mjs in a scratch directory: shellcheck sees every bash run: block as the
// runner runs it (block, folded and quoted scalars; ${{ }} replaced), skips other shells, and
// the SHA-pin rule holds for .github/workflows only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../support/archives.js';

const SCRIPT = resolve('scripts/lint-workflows.mjs');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lintWith(workflows: Record<string, string>, examples: Record<string, string> = {}) {
  const root = tempDir('axi-lintwf-');
  dirs.push(root);
  mkdirSync(join(root, '.github/workflows'), { recursive: true });
  mkdirSync(join(root, 'examples'));
  for (const [name, text] of Object.entries(workflows))
    writeFileSync(join(root, '.github/workflows', name), text);
  for (const [name, text] of Object.entries(examples)) writeFileSync(join(root, 'examples', name), text);
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const job = (steps: string) => `name: t
on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
${steps}`;

test('clean workflows pass, and the count of checked run: blocks is given', () => {
  const r = lintWith(
    {},
    {
      'ok.yml': job(`      - run: echo "\${{ github.sha }}"
      - env:
          X: \${{ github.ref }}
        run: |
          a=(-device "virtio-blk-device,drive=hd0")
          echo "\${a[@]}" "$X"
`),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /shellcheck on 2 run: blocks/);
});

test('shellcheck findings in block, folded and quoted run: blocks fail the lint', () => {
  const r = lintWith(
    {},
    {
      'bad.yml': job(`      - run: |
          drive=(-device virtio-blk-device,drive=hd0)
          echo "\${drive[@]}"
      - run: >-
          for f in $(ls); do echo "$f"; done
      - run: 'echo $UNQUOTED'
`),
    },
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /examples\/bad\.yml:7:9: .*SC2054:warning:1:/);
  assert.match(r.stderr, /examples\/bad\.yml:10:9: .*SC2045/);
  assert.match(r.stderr, /examples\/bad\.yml:12:9: .*SC2086/);
});

test('steps in another shell are not given to shellcheck; defaults.run.shell is followed', () => {
  const r = lintWith(
    {},
    {
      'shells.yml': `name: t
on: push
defaults:
  run:
    shell: pwsh
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: Get-ChildItem $(ls)
      - shell: python
        run: print("hi")
      - shell: bash
        run: echo $UNQUOTED
`,
    },
  );
  assert.equal(r.code, 1);
  assert.match(r.stdout + r.stderr, /SC2086/);
  assert.doesNotMatch(r.stderr, /shells\.yml:10:/);
});

test('actions in .github/workflows must be pinned to a full SHA; examples may use tags', () => {
  const wf = job(`      - uses: actions/checkout@v7
`);
  const r = lintWith({ 'ci.yml': wf }, { 'ex.yml': wf });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\.github\/workflows\/ci\.yml:7: 'actions\/checkout@v7' is not pinned/);
  assert.doesNotMatch(r.stderr, /ex\.yml/);
});

test('actionlint is a current one: the runner labels of today are known, an unknown one is reported', () => {
  const on = (label: string): string => job('      - run: echo hi\n').replace('ubuntu-latest', label);
  // actionlint 1.6 did not know these images yet.
  const today = lintWith({}, { 'a.yml': on('ubuntu-24.04'), 'b.yml': on('ubuntu-24.04-arm') });
  assert.equal(today.code, 0, today.stderr);
  const unknown = lintWith({}, { 'c.yml': on('ubuntu-18.10') });
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /examples\/c\.yml:5:14: label "ubuntu-18\.10" is unknown\. .* \[runner-label\]/,
  );
});
