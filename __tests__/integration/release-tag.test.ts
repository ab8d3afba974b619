// scripts/move-major-tag.sh, which the release workflow runs, against a scratch repository and a
// bare "remote": the major tag it derives from a release tag, where it moves it, and what it
// refuses to move.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../support/archives.js';

const SCRIPT = resolve('scripts/move-major-tag.sh');
const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.invalid',
};

let root: string;
let work: string;
let remote: string;

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...GIT_ENV, HOME: root } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function git(...args: string[]): string {
  const r = run('git', args, work);
  assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}
function moveTag(...args: string[]) {
  return run(SCRIPT, args, work);
}
/** The commit a tag on the bare remote points at, or '' when it has no such tag. */
function remoteTag(name: string): string {
  const r = run('git', ['rev-parse', '-q', '--verify', `refs/tags/${name}^{commit}`], remote);
  return r.code === 0 ? r.stdout.trim() : '';
}
function commit(message: string): string {
  writeFileSync(join(work, 'file.txt'), `${message}\n`);
  git('add', 'file.txt');
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}
/** A commit with an annotated release tag, pushed to the remote as a release would be. */
function release(tag: string): string {
  const sha = commit(`release ${tag}`);
  git('tag', '-a', '-m', tag, tag);
  git('push', '-q', 'origin', 'HEAD:refs/heads/main', `refs/tags/${tag}`);
  return sha;
}

before(() => {
  root = tempDir('axi-release-');
  remote = join(root, 'remote.git');
  work = join(root, 'work');
  mkdirSync(work);
  assert.equal(run('git', ['init', '-q', '--bare', remote], root).code, 0);
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', remote);
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('the major tag of a release tag (--check)', () => {
  for (const [tag, major] of [
    ['v1.2.3', 'v1'],
    ['v1.0.0', 'v1'],
    ['v0.4.1', 'v0'],
    ['v12.0.10', 'v12'],
  ]) {
    test(`${tag} -> ${major}`, () => {
      const r = moveTag('--check', tag!);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), major);
    });
  }

  for (const tag of ['v1.2.3-rc.1', 'v2.0.0-beta', 'v1.0.0-0']) {
    test(`${tag} is refused as a pre-release`, () => {
      const r = moveTag('--check', tag);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /is a pre-release/);
      assert.equal(r.stdout, '');
    });
  }

  for (const tag of [
    '1.2.3',
    'v1.2',
    'v1',
    'v1.2.3.4',
    'v01.2.3',
    'v1.2.3+build.5',
    'latest',
    'V1.2.3',
    '',
  ]) {
    test(`'${tag}' is refused as not vX.Y.Z`, () => {
      const r = moveTag('--check', tag);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /is not a release tag vX\.Y\.Z/);
    });
  }

  test('no tag at all is a usage error', () => {
    const r = moveTag();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage:/);
  });
});

describe('moving the major tag on a remote', () => {
  let v100 = '';
  let v110 = '';

  test('the first release creates v1 at its commit', () => {
    v100 = release('v1.0.0');
    const r = moveTag('v1.0.0');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`v1: \\(new\\) -> ${v100} \\(v1\\.0\\.0\\)`));
    assert.equal(remoteTag('v1'), v100);
    // A lightweight tag on the commit itself, not a tag object.
    assert.equal(run('git', ['cat-file', '-t', 'refs/tags/v1'], remote).stdout.trim(), 'commit');
  });

  test('a dry run says what it would move and moves nothing', () => {
    v110 = release('v1.1.0');
    const r = moveTag('--dry-run', 'v1.1.0');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`v1: ${v100} -> ${v110} \\(v1\\.1\\.0\\)`));
    assert.match(r.stdout, /dry run/);
    assert.equal(remoteTag('v1'), v100);
  });

  test('the next release moves v1 forward, and only v1', () => {
    const r = moveTag('v1.1.0');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(remoteTag('v1'), v110);
    assert.equal(remoteTag('v1.0.0'), v100);
    assert.equal(remoteTag('v1.1.0'), v110);
  });

  test('running it again for the same release changes nothing', () => {
    const r = moveTag('v1.1.0');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /v1 is already at/);
    assert.equal(remoteTag('v1'), v110);
  });

  test('a patch release of an older line (v1.0.1 after v1.1.0) leaves v1 where it is', () => {
    git('checkout', '-q', '-b', 'release-1.0', 'v1.0.0');
    const v101 = commit('fix on 1.0');
    git('tag', '-a', '-m', 'v1.0.1', 'v1.0.1');
    git('push', '-q', 'origin', 'refs/tags/v1.0.1');
    git('checkout', '-q', 'main');
    const r = moveTag('v1.0.1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /v1\.0\.1 is not the newest v1 release \(v1\.1\.0 is\): v1 stays where it is/);
    assert.equal(remoteTag('v1'), v110);
    assert.notEqual(remoteTag('v1'), v101);
  });

  test('a pre-release tag in the repository is refused and moves nothing', () => {
    commit('rc');
    git('tag', 'v1.2.0-rc.1');
    const r = moveTag('v1.2.0-rc.1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /v1\.2\.0-rc\.1 is a pre-release: only a release vX\.Y\.Z moves v1/);
    assert.equal(remoteTag('v1'), v110);
  });

  test('pre-release tags do not count as newer releases', () => {
    const v120 = release('v1.2.0');
    const r = moveTag('v1.2.0');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(remoteTag('v1'), v120);
  });

  test('a release tag that is not in the repository is refused', () => {
    const before = remoteTag('v1');
    const r = moveTag('v1.9.9');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /v1\.9\.9 is not a tag in this repository/);
    assert.equal(remoteTag('v1'), before);
  });

  test('a new major creates v2 and leaves v1 alone', () => {
    const v1 = remoteTag('v1');
    const v200 = release('v2.0.0');
    const r = moveTag('v2.0.0');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(remoteTag('v2'), v200);
    assert.equal(remoteTag('v1'), v1);
  });

  test('v10 is not confused with v1', () => {
    const v1 = remoteTag('v1');
    const v1000 = release('v10.0.0');
    const r = moveTag('v10.0.0');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(remoteTag('v10'), v1000);
    assert.equal(remoteTag('v1'), v1);
  });
});
