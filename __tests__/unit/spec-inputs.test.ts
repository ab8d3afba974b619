import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_FALLBACK_REGISTRY, DEFAULT_MAX_SIZE, DEFAULT_REGISTRY } from '../../src/ops/settings.js';
import { parseInputs } from '../../src/action/inputs.js';
import { UserError } from '../../src/core/errors.js';
import { formatSpec, parseSpec, parseSpecList } from '../../src/registry/spec.js';
import { parseRegistry } from '../../src/registry/parse.js';

/** parseInputs over a map, as core.getInput would give them (absent inputs read as ''). */
const parse = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');

function inputError(values: Record<string, string>): string {
  try {
    parse(values);
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`accepted ${JSON.stringify(values)}`);
}

describe('image specs', () => {
  test('name, or name:version split at the colon', () => {
    assert.deepEqual(parseSpec('qemu_aarch64_linux'), { name: 'qemu_aarch64_linux' });
    assert.deepEqual(parseSpec('  qemu_aarch64_linux:0.0.22 '), {
      name: 'qemu_aarch64_linux',
      version: '0.0.22',
    });
    assert.deepEqual(parseSpec('roc-rk3568-pc_linux:1.0.0-rc.1+build'), {
      name: 'roc-rk3568-pc_linux',
      version: '1.0.0-rc.1+build',
    });
    assert.equal(formatSpec({ name: 'a', version: '1' }), 'a:1');
    assert.equal(formatSpec({ name: 'a' }), 'a');
  });

  test('malformed specs name the input and say what is expected', () => {
    for (const bad of ['name:', ':0.0.1', 'a:b:c', 'with space', 'bad/name', '-lead']) {
      assert.throws(
        () => parseSpec(bad, 'image'),
        (e: Error) =>
          e instanceof UserError &&
          e.setting === 'image' &&
          e.message.startsWith(`'${bad}' is not a valid image spec`),
        bad,
      );
    }
    assert.throws(() => parseSpec('   '), /^UserError: an image spec is empty/);
  });

  test('several specs, one per line; blank lines and comments are skipped', () => {
    const text = '\n  qemu_aarch64_linux\r\n# the x86 one, pinned\nqemu_x86_64_nimbos:0.0.22\n\n   \n';
    assert.deepEqual(parseSpecList(text), [
      { name: 'qemu_aarch64_linux' },
      { name: 'qemu_x86_64_nimbos', version: '0.0.22' },
    ]);
    assert.throws(() => parseSpecList('good\nbad spec\n'), /^UserError: 'bad spec'/);
  });
});

describe('action inputs', () => {
  test('defaults for everything but the image', () => {
    const i = parse({ image: 'qemu_aarch64_linux' });
    assert.equal(i.command, 'pull');
    assert.deepEqual(i.images, [{ name: 'qemu_aarch64_linux' }]);
    assert.deepEqual(i.registries, [DEFAULT_REGISTRY]);
    assert.equal(i.fallbackRegistry, DEFAULT_FALLBACK_REGISTRY);
    assert.equal(i.outputDir, join(tmpdir(), '.axvisor-images'));
    assert.equal(i.extract, true);
    assert.equal(i.cache, true);
    assert.equal(i.toolCache, true);
    assert.deepEqual(i.arch, []);
    assert.equal(i.filter, undefined);
    assert.equal(i.retries, 3);
    assert.equal(i.token, undefined);
    assert.equal(i.maxSize, DEFAULT_MAX_SIZE);
    assert.equal(i.concurrency, 3);
  });

  test('every input read and normalised', () => {
    const i = parse({
      command: 'pull',
      image: 'a\nb:2',
      registry: 'https://one.example/r.toml\n\n./local/reg.toml\n',
      'fallback-registry': 'none',
      'output-dir': 'rel/out',
      extract: 'False',
      cache: 'no',
      'tool-cache': '0',
      arch: 'aarch64, riscv64\nx86_64',
      retries: '0',
      token: '  t0k3n  ',
      'max-size': '1.5GiB',
      concurrency: '16',
    });
    assert.deepEqual(i.images, [{ name: 'a' }, { name: 'b', version: '2' }]);
    assert.deepEqual(i.registries, ['https://one.example/r.toml', './local/reg.toml']);
    assert.equal(i.fallbackRegistry, undefined);
    assert.equal(i.outputDir, resolve('rel/out'));
    assert.deepEqual([i.extract, i.cache, i.toolCache], [false, false, false]);
    assert.deepEqual(i.arch, ['aarch64', 'riscv64', 'x86_64']);
    assert.equal(i.retries, 0);
    assert.equal(i.token, 't0k3n');
    assert.equal(i.maxSize, Math.floor(1.5 * 1024 ** 3));
    assert.equal(i.concurrency, 16);
  });

  test('sizes: plain bytes and k/M/G/T suffixes', () => {
    const size = (s: string) => parse({ image: 'a', 'max-size': s }).maxSize;
    assert.equal(size('1000'), 1000);
    assert.equal(size('500M'), 500 * 1024 ** 2);
    assert.equal(size('20G'), 20 * 1024 ** 3);
    assert.equal(size('2 TiB'), 2 * 1024 ** 4);
    assert.equal(size('4kb'), 4096);
  });

  test('the filter is a regex, or a substring when the text is not a valid regex', () => {
    const f = (s: string) => parse({ command: 'list', filter: s }).filter!;
    assert.ok(f('^qemu_.*_linux$').test('qemu_aarch64_linux'));
    assert.ok(!f('^qemu_.*_linux$').test('qemu_aarch64_arceos'));
    assert.ok(f('linux(').test('my_linux(x)'));
    assert.ok(!f('linux(').test('linux'));
  });

  test('a bad boolean names the input', () => {
    for (const name of ['extract', 'cache', 'tool-cache']) {
      assert.equal(
        inputError({ image: 'a', [name]: 'maybe' }),
        `input '${name}': 'maybe' is not a boolean (use true or false)`,
      );
    }
  });

  test('retries out of range or not a number names the input', () => {
    for (const bad of ['-1', '21', 'abc', '1.5', '1e1']) {
      assert.equal(
        inputError({ image: 'a', retries: bad }),
        `input 'retries': '${bad}' is not a whole number from 0 to 20`,
      );
    }
    assert.equal(parse({ image: 'a', retries: ' 20 ' }).retries, 20);
    assert.match(
      inputError({ image: 'a', concurrency: '0' }),
      /^input 'concurrency': '0' is not a whole number from 1 to 16$/,
    );
  });

  test('a bad spec names the input image', () => {
    assert.match(
      inputError({ image: 'qemu_aarch64_linux\nnot a spec' }),
      /^input 'image': 'not a spec' is not a valid image spec/,
    );
  });

  test('pull without an image says the input is required, with an example', () => {
    const msg = inputError({});
    assert.match(msg, /^input 'image' is required for command 'pull'/);
    assert.match(msg, /qemu_aarch64_linux/);
    assert.match(inputError({ image: '\n# only a comment\n' }), /^input 'image' is required/);
    // list and warm do not need one.
    assert.deepEqual(parse({ command: 'list' }).images, []);
  });

  test('a bad max-size names the input', () => {
    for (const bad of ['lots', '10X', '-5M', 'G']) {
      assert.match(
        inputError({ image: 'a', 'max-size': bad }),
        new RegExp(`^input 'max-size': '${bad}' is not a size`),
      );
    }
  });

  test('an unknown command names the input', () => {
    assert.equal(
      inputError({ command: 'fetch', image: 'a' }),
      "input 'command': 'fetch' is not one of pull, list, warm",
    );
  });
});

describe('names too long for the file system', () => {
  const name = (n: number): string => 'a'.repeat(n);

  test('a spec whose name and version pass 200 characters names the input, not ENAMETOOLONG', () => {
    assert.deepEqual(parseSpec(name(200)), { name: name(200) });
    assert.deepEqual(parseSpec(`${name(150)}:${'1'.repeat(49)}`), {
      name: name(150),
      version: '1'.repeat(49),
    });
    for (const [spec, length] of [
      [name(201), 201],
      [name(250), 250],
      [`${name(150)}:${'1'.repeat(50)}`, 201],
      [`a:${'1'.repeat(300)}`, 302],
    ] as const) {
      assert.throws(
        () => parseSpec(spec, 'image'),
        (e: Error) =>
          e instanceof UserError &&
          e.setting === 'image' &&
          e.message ===
            `'${spec.slice(0, 40)}…' is too long an image spec: the name and version together may have at most 200 characters (this one has ${length}), as files are named after them`,
        spec,
      );
    }
    assert.match(
      inputError({ image: `ok\n${name(250)}` }),
      /^input 'image': 'a{40}…' is too long an image spec/,
    );
  });

  test('a registry entry with such a name is an invalid entry; the others still load', () => {
    const entry = (n: string, v: string): string =>
      `[[images]]\nname = "${n}"\nversion = "${v}"\nsha256 = "${'0'.repeat(64)}"\narch = "aarch64"\nurl = "https://example.invalid/x.tar.gz"\n`;
    const reg = parseRegistry(
      [entry('fine', '1.0'), entry(name(197), '1.0'), entry(name(196), '1.0')].join('\n'),
      'https://example.invalid/reg.toml',
    );
    assert.deepEqual(
      reg.images.map((i) => i.name),
      ['fine', name(196)],
    );
    assert.equal(reg.invalid.length, 1);
    assert.equal(reg.invalid[0]!.name, name(197));
    assert.match(
      reg.invalid[0]!.problem,
      /fields 'name' and 'version' at .* are too long: together they may have at most 200 characters/,
    );
  });
});
