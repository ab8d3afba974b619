// Image mirrors: sources tried before the registry's URL, each checked against the digest. The
// "origin" is a server on 127.0.0.1 standing for the release host; mirrors are other servers (or
// paths) that serve the same bytes, other bytes, a 404, or nothing at all.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPull } from '../../src/action/commands.js';
import { UserError } from '../../src/core/errors.js';
import { candidates, mirrorSecrets, parseMirrors } from '../../src/pull/mirrors.js';
import { pullImage } from '../../src/pull/pull.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { runCli } from '../support/cli-run.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { MemoryLog } from '../support/memory-log.js';
import { entry, FAST_RETRY, inputs } from '../support/registry-fixtures.js';
import { runAction } from '../support/run-action.js';

let origin: FileServer;
let mirror: FileServer;
let work: string;
let archive: Buffer;
let digest: string;
/** A port nothing listens on: a mirror that is down. */
let deadPort: number;

before(async () => {
  origin = await startFileServer();
  mirror = await startFileServer();
  work = tempDir('axi-mirrors-');
  archive = await makeArchive({ 'qemu-aarch64': 'kernel', 'rootfs.img': Buffer.alloc(8192, 5) });
  digest = sha256(archive);
  origin.set('/releases/v1/guest.tar.gz', archive);
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  deadPort = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r()));
});
after(async () => {
  await origin.close();
  await mirror.close();
  rmSync(work, { recursive: true, force: true });
});

const image = () =>
  entry({
    name: 'guest',
    version: '1',
    arch: 'aarch64',
    sha256: digest,
    url: `${origin.url}/releases/v1/guest.tar.gz`,
  });

let n = 0;
async function pull(mirrorLines: string, extra: { mirrorsOnly?: boolean } = {}) {
  const log = new MemoryLog();
  const before = { origin: origin.count('/releases/'), mirror: mirror.requests.length };
  const result = await pullImage({
    entry: image(),
    spec: { name: 'guest' },
    outputDir: join(work, `out-${++n}`),
    extract: true,
    retry: { ...FAST_RETRY, retries: 1 },
    log,
    mirrors: parseMirrors(mirrorLines),
    mirrorsOnly: extra.mirrorsOnly,
  }).then(
    (r) => ({ ok: true as const, r }),
    (err: Error) => ({ ok: false as const, err }),
  );
  return {
    ...result,
    log,
    originHits: origin.count('/releases/') - before.origin,
    mirrorPaths: mirror.requests.slice(before.mirror).map((q) => q.path),
  };
}

describe('mirror lines', () => {
  test('a prefix rewrite and templates: the places tried, in order, the registry URL last', () => {
    const mirrors = parseMirrors(
      [
        '# the lab cache, content-addressed',
        'http://cache.lab:8080/{sha256}',
        '',
        `${origin.url}/releases/ => https://mirror.example/gh/`,
        'https://other.example/{name}/{version}/{arch}/{file}',
        'https://never.example/ => https://unused.example/',
        'http://tools.lab/{sha256}/archive{ext}',
      ].join('\n'),
    );
    assert.deepEqual(
      candidates(image(), mirrors).map((c) => [c.url, c.mirror]),
      [
        [`http://cache.lab:8080/${digest}`, true],
        ['https://mirror.example/gh/v1/guest.tar.gz', true],
        ['https://other.example/guest/1/aarch64/guest.tar.gz', true],
        [`http://tools.lab/${digest}/archive.tar.gz`, true],
        [image().url, false],
      ],
    );
    assert.deepEqual(
      candidates(image(), mirrors, true).map((c) => c.mirror),
      [true, true, true, true],
    );
  });

  test('a line that cannot be a mirror is an error naming the setting and the line, never the line itself', () => {
    const cases: [string, RegExp][] = [
      [
        'https://user:s3cret@cache.lab/latest',
        /^line 2: a mirror is 'PREFIX => REPLACEMENT' or a URL with placeholders/,
      ],
      [
        'https://user:s3cret@cache.lab/{hash}',
        /^line 2: unknown placeholder \{hash\} \(known: \{sha256\}, \{name\}/,
      ],
      ['https://a.example/ =>', /^line 2: a rewrite needs a URL prefix on each side of '=>'/],
      ['ftp://user:s3cret@a.example/{sha256}', /^line 2: the template must be an http\(s\) or file URL/],
      ['https://a.example/ => not a url', /^line 2: the replacement after => is not a URL/],
    ];
    for (const [line, message] of cases) {
      assert.throws(
        () => parseMirrors(`# first\n${line}`, 'mirrors'),
        (err: Error) => {
          assert.ok(err instanceof UserError);
          assert.equal(err.setting, 'mirrors');
          assert.match(err.message, message);
          assert.ok(!err.message.includes('s3cret'), err.message);
          return true;
        },
      );
    }
  });

  test('the credentials a mirror URL carries are what the runner is told to mask', () => {
    const mirrors = parseMirrors(
      'https://bot:p%40ss@cache.lab/{sha256}?token=t0k3n\nhttps://a.example/ => https://u:v@b.example/',
    );
    assert.deepEqual(mirrorSecrets(mirrors).sort(), ['bot', 'p@ss', 't0k3n', 'u', 'v'].sort());
  });
});

describe('pulling through mirrors', () => {
  test('the first mirror that has the bytes serves them; the registry URL is not asked', async () => {
    mirror.set(`/cas/${digest}`, archive);
    const r = await pull(`${mirror.url}/cas/{sha256}`);
    assert.ok(r.ok, r.ok ? '' : r.err.message);
    assert.equal(r.r.source, 'download');
    assert.equal(r.r.sourceUrl, `${mirror.url}/cas/${digest}`);
    assert.equal(r.originHits, 0);
    assert.ok(r.log.infos.includes(`served by the mirror ${mirror.url}/cas/${digest}`));
  });

  test('a mirror that answers 404, one that is down, one that serves other bytes: warnings, in order, then the registry URL', async () => {
    mirror.set('/tampered/guest.tar.gz', Buffer.from('not the archive'));
    const lines = [
      `${mirror.url}/missing/{file}`,
      `http://127.0.0.1:${deadPort}/{sha256}`,
      `${mirror.url}/tampered/{file}`,
    ].join('\n');
    const r = await pull(lines);
    assert.ok(r.ok, r.ok ? '' : r.err.message);
    assert.equal(r.r.sourceUrl, image().url);
    assert.equal(r.originHits, 1);
    assert.deepEqual(r.mirrorPaths, ['/missing/guest.tar.gz', '/tampered/guest.tar.gz']);
    const tries = r.log.warnings.filter((w) => w.startsWith('mirror '));
    assert.equal(tries.length, 3, r.log.warnings.join('\n'));
    assert.match(
      tries[0]!,
      /^mirror http:\/\/127\.0\.0\.1:\d+\/missing\/guest\.tar\.gz: image archive not found: .* answered HTTP 404; trying the mirror http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{64}$/,
    );
    assert.match(
      tries[1]!,
      new RegExp(
        `^mirror http://127\\.0\\.0\\.1:${deadPort}/${digest}: .*ECONNREFUSED.*; trying the mirror .*/tampered/guest\\.tar\\.gz$`,
      ),
    );
    assert.match(
      tries[2]!,
      /^mirror .*\/tampered\/guest\.tar\.gz: SHA-256 mismatch for .*; trying the registry's URL http:/,
    );
  });

  test("mirrors only: the registry URL is never asked, and the last mirror's failure fails the pull", async () => {
    mirror.set('/tampered2/guest.tar.gz', Buffer.from('not the archive either'));
    const r = await pull(`${mirror.url}/missing/{file}\n${mirror.url}/tampered2/{file}`, {
      mirrorsOnly: true,
    });
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : r.err.message,
      /^SHA-256 mismatch for http:\/\/127\.0\.0\.1:\d+\/tampered2\/guest\.tar\.gz/,
    );
    assert.equal(r.originHits, 0);
    const none = await pull('https://elsewhere.example/ => https://mirror.example/', { mirrorsOnly: true });
    assert.equal(none.ok, false);
    assert.match(
      none.ok ? '' : none.err.message,
      /^no mirror has a URL for guest:1 .* and only mirrors may be used$/,
    );
  });

  test('a mirror on the local disk (a file template) serves like any other', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(work, 'cas'));
    writeFileSync(join(work, 'cas', digest), archive);
    const r = await pull(`file://${join(work, 'cas')}/{sha256}`);
    assert.ok(r.ok, r.ok ? '' : r.err.message);
    assert.equal(r.r.sourceUrl, `file://${join(work, 'cas', digest)}`);
    assert.equal(r.originHits, 0);
  });
});

describe('the faces', () => {
  let registry: string;
  before(() => {
    registry = `${origin.url}/registry.toml`;
    origin.set('/registry.toml', registryToml([image()]));
    mirror.set(`/lab/${digest}`, archive);
  });

  test('the action: credentials are masked in the log, the outputs and the summary, and the runner is told to mask them', async () => {
    const withCreds = `http://bot:s3cret@${mirror.host}/lab/{sha256}`;
    const run = await runAction({
      inputs: {
        image: 'guest',
        registry,
        'fallback-registry': 'none',
        'output-dir': join(work, 'action'),
        cache: 'false',
        'tool-cache': 'false',
        mirrors: withCreds,
      },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs['source-url'], `http://${mirror.host}/lab/${digest}`);
    assert.match(
      run.summary,
      new RegExp(`download from http://${mirror.host.replace(/\./g, '\\.')}/lab/${digest}`),
    );
    const shown = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
    const masked = shown.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    assert.ok(
      !masked.some((l) => l.includes('s3cret')),
      masked.filter((l) => l.includes('s3cret')).join('\n'),
    );
    assert.ok(run.stdout.includes('::add-mask::s3cret'));
  });

  test('the action reads AXVISOR_IMAGE_MIRRORS when the input is empty', async () => {
    const log = new MemoryLog();
    const before = origin.count('/releases/');
    const { outputs } = await runPull(
      inputsWithEnv(
        {
          image: 'guest',
          registry,
          'output-dir': join(work, 'env-action'),
          cache: 'false',
          'tool-cache': 'false',
        },
        { AXVISOR_IMAGE_MIRRORS: `${mirror.url}/lab/{sha256}` },
      ),
      { log, retry: FAST_RETRY },
    );
    assert.equal(outputs['source-url'], `${mirror.url}/lab/${digest}`);
    assert.equal(origin.count('/releases/'), before);
  });

  test('the CLI: --mirror, else AXVISOR_IMAGE_MIRRORS; a bad line there is a usage error naming the variable', async () => {
    const base = { PATH: process.env.PATH ?? '', HOME: work, TMPDIR: work };
    const viaEnv = await runCli(
      ['pull', 'guest', '--registry', registry, '--output-dir', join(work, 'cli-env')],
      {
        ...base,
        AXVISOR_IMAGE_MIRRORS: `${mirror.url}/lab/{sha256}`,
      },
    );
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.match(viaEnv.stdout, new RegExp(`\\(downloaded from ${mirror.url}/lab/${digest}\\)`));

    // The flag wins over the environment.
    const viaFlag = await runCli(
      [
        'pull',
        'guest',
        '--registry',
        registry,
        '--output-dir',
        join(work, 'cli-flag'),
        '--mirror',
        `${mirror.url}/lab/{sha256}`,
      ],
      { ...base, AXVISOR_IMAGE_MIRRORS: 'https://broken/{nope}' },
    );
    assert.equal(viaFlag.code, 0, viaFlag.stderr);

    const bad = await runCli(['pull', 'guest', '--registry', registry], {
      ...base,
      AXVISOR_IMAGE_MIRRORS: 'https://broken/{nope}',
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^axvisor-image: AXVISOR_IMAGE_MIRRORS: line 1: unknown placeholder \{nope\}/);
    // Commands that download nothing do not read it.
    const ls = await runCli(['ls', '--registry', registry, '--output-dir', join(work, 'cli-ls')], {
      ...base,
      AXVISOR_IMAGE_MIRRORS: 'https://broken/{nope}',
    });
    assert.equal(ls.code, 0, ls.stderr);
  });
});

/** Action inputs as `inputs` makes them, read with `env` as the process environment. */
function inputsWithEnv(values: Record<string, string>, env: Record<string, string>) {
  const saved = process.env.AXVISOR_IMAGE_MIRRORS;
  Object.assign(process.env, env);
  try {
    return inputs(values);
  } finally {
    if (saved === undefined) delete process.env.AXVISOR_IMAGE_MIRRORS;
    else process.env.AXVISOR_IMAGE_MIRRORS = saved;
  }
}
