import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { MemoryLog } from '../support/memory-log.js';
import { chooseOutputDir } from '../../src/storage/output-dir.js';
import { makeArchive, registryToml, sha256, scratchDirs } from '../support/archives.js';
import { inputs } from '../support/registry-fixtures.js';
import { writeSnapshot } from '../../src/registry/snapshot.js';
import { pathToFileURL } from 'node:url';

const { scratch, removeAll } = scratchDirs();
after(removeAll);

const asRoot = process.getuid?.() === 0;

describe('the output dir must be this user’s', { skip: !asRoot && 'chown needs root here' }, () => {
  test('a default dir another user made is left alone: a per-user dir beside it, with a warning', async () => {
    const dir = join(scratch(), '.axvisor-images');
    mkdirSync(dir);
    chownSync(dir, 4242, 4242);
    const log = new MemoryLog();
    const chosen = await chooseOutputDir(dir, true, log);
    assert.equal(chosen, `${dir}-0`);
    assert.equal(statSync(chosen).uid, 0);
    assert.equal(statSync(chosen).mode & 0o022, 0);
    assert.ok(log.warnings.some((w) => w.includes('is owned by uid 4242') && w.includes(`${dir}-0`)));
  });

  test('a default dir that is a link, even to a dir of ours, is not followed', async () => {
    const base = scratch();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, '.axvisor-images'));
    const log = new MemoryLog();
    assert.equal(
      await chooseOutputDir(join(base, '.axvisor-images'), true, log),
      join(base, '.axvisor-images-0'),
    );
    assert.ok(log.warnings.some((w) => w.includes('is a symbolic link')));
  });

  test('when the per-user dir is taken too, a fresh private dir is used, with a warning naming it', async () => {
    const dir = join(scratch(), '.axvisor-images');
    mkdirSync(dir);
    mkdirSync(`${dir}-0`);
    chownSync(dir, 4242, 4242);
    chmodSync(`${dir}-0`, 0o777);
    const log = new MemoryLog();
    const chosen = await chooseOutputDir(dir, true, log);
    assert.match(chosen, new RegExp(`^${dir}-0-\\w{6}$`));
    assert.equal(statSync(chosen).mode & 0o777, 0o700);
    assert.equal(log.warnings.length, 1);
    assert.match(
      log.warnings[0]!,
      /^the default .* is owned by uid 4242.*, and .*-0 can be written by other users \(mode 0777\); using the new private dir .*-0-\w{6} for this run/,
    );
    assert.ok(log.warnings[0]!.includes(chosen));
  });

  test('a dir the user named is used as named, or the step fails naming output-dir', async () => {
    const mine = join(scratch(), 'mine');
    assert.equal(await chooseOutputDir(mine, false, new MemoryLog()), mine);
    const theirs = join(scratch(), 'theirs');
    mkdirSync(theirs);
    chownSync(theirs, 4242, 4242);
    await assert.rejects(
      chooseOutputDir(theirs, false, new MemoryLog()),
      /^UserError: .*theirs is owned by uid 4242/,
    );
    const open = join(scratch(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o1777);
    await assert.rejects(
      chooseOutputDir(open, false, new MemoryLog()),
      /can be written by other users \(mode 1777\)/,
    );
  });

  test("another user's registry snapshot is never the offline fallback; this user's own is", async () => {
    const out = scratch();
    const archive = await makeArchive({ kernel: 'k' });
    const file = join(scratch(), 'a.tar.gz');
    writeFileSync(file, archive);
    // A local registry (and fallback) that are gone now, and the snapshot of that same input.
    const registry = join(scratch(), 'gone.toml');
    const fallback = join(scratch(), 'gone-fallback.toml');
    const input = { registries: [pathToFileURL(registry).href], fallback: pathToFileURL(fallback).href };
    const text = registryToml([
      { name: 'guest', version: '1', sha256: sha256(archive), url: pathToFileURL(file).href },
    ]);
    const path = await writeSnapshot(out, input, [
      { url: input.registries[0]!, answered: input.registries[0]!, text },
    ]);
    const pull = (log: MemoryLog) =>
      runPull(
        inputs({
          image: 'guest',
          registry,
          'fallback-registry': fallback,
          'output-dir': out,
          extract: 'false',
        }),
        { log, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } },
      );
    chownSync(path, 4242, 4242);
    const log = new MemoryLog();
    await assert.rejects(pull(log), /no image registry could be read/);
    assert.ok(
      log.warnings.some(
        (w) => w === `${path} is not this user's own file, or others can write it; not using it`,
      ),
      log.warnings.join('\n'),
    );
    chownSync(path, 0, 0);
    const ok = await pull(new MemoryLog());
    assert.equal(ok.outputs['registry-source'], `${pathToFileURL(path).href} (snapshot)`);
  });
});
