// Property-based tests (fast-check): the spec parser, the registry validator and the archive
// path checks, each against generated input rather than hand-picked cases. The seed is fixed, so
// a run is reproducible; a failure prints the smallest input that breaks the property.
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { formatSpec, parseSpec } from '../../src/registry/spec.js';
import { entryProblem } from '../../src/unpack/entry-safety.js';
import { StreamExtractor } from '../../src/unpack/extract.js';
import { parseRegistry } from '../../src/registry/parse.js';
import { LineIndex } from '../../src/registry/lines.js';
import { tempDir } from '../support/archives.js';
import { rawTar, type RawEntry } from '../support/raw-tar.js';
import { readTree } from '../support/reliability.js';

const SEED = 20260403;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;
const nameArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$/);
const versionArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,10}$/);
const spaceArb = fc.constantFrom('', ' ', '\t', '  ');

describe('parseSpec', () => {
  test('any text: a UserError naming the input, or a valid spec that prints back as the text', () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc
        .tuple(nameArb, fc.constantFrom(':', '::', ': ', '/', ' ', ''), fc.string({ maxLength: 8 }))
        .map(([a, s, b]) => a + s + b),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        let spec;
        try {
          spec = parseSpec(text, 'image');
        } catch (err) {
          assert.ok(err instanceof UserError, String(err));
          assert.equal((err as UserError).setting, 'image');
          return;
        }
        assert.match(spec.name, NAME_RE);
        if (spec.version !== undefined) assert.match(spec.version, VERSION_RE);
        assert.equal(formatSpec(spec), text.trim());
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('every valid name and name:version, padded with spaces, parses to exactly its parts', () => {
    fc.assert(
      fc.property(nameArb, fc.option(versionArb), spaceArb, spaceArb, (name, version, pre, post) => {
        const text = `${pre}${version === null ? name : `${name}:${version}`}${post}`;
        assert.deepEqual(parseSpec(text), version === null ? { name } : { name, version });
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('parseRegistry', () => {
  const BASE = 'https://registry.example/registry/v1.toml';
  interface Gen {
    name: string;
    version: string;
    description: string;
    sha256: string;
    arch: string;
    url: string;
    released_at?: string;
  }
  const entryArb: fc.Arbitrary<Gen> = fc.record(
    {
      name: nameArb,
      version: versionArb,
      description: fc.string({ unit: 'grapheme', maxLength: 20 }),
      sha256: fc.stringMatching(/^[0-9a-fA-F]{64}$/),
      arch: fc.constantFrom('aarch64', 'x86_64', 'riscv64', 'loongarch64'),
      url: fc.oneof(
        fc.stringMatching(/^[a-z0-9_-]{1,8}(\/[a-z0-9_-]{1,8}){0,2}\.tar\.(gz|xz|zst)$/),
        fc.stringMatching(/^https:\/\/[a-z]{1,8}\.example\/[a-z0-9_-]{1,8}\.tar\.gz$/),
      ),
      released_at: fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().replace('.000Z', 'Z')),
    },
    { requiredKeys: ['name', 'version', 'description', 'sha256', 'arch', 'url'] },
  );
  /** A TOML basic string: JSON's escapes are TOML's, except that TOML wants DEL escaped too. */
  const str = (s: string): string => JSON.stringify(s).replace(/\u007f/g, '\\u007F');

  /** Writes the entries with the fields in a generated order; returns the text and line numbers. */
  function write(entries: Gen[], orders: number[][], gaps: number[]) {
    const lines: string[] = [];
    const headers: number[] = [];
    const fieldLines: Record<string, number>[] = [];
    entries.forEach((e, i) => {
      for (let g = 0; g < (gaps[i] ?? 0); g++) lines.push(g % 2 ? '' : '# a comment');
      lines.push('[[images]]');
      headers.push(lines.length);
      const fields = Object.entries(e);
      const order = orders[i] ?? [];
      const at: Record<string, number> = {};
      for (const k of fields.map((_, j) => j).sort((a, b) => (order[a] ?? 0) - (order[b] ?? 0))) {
        const [key, value] = fields[k]!;
        lines.push(`${key} = ${value.startsWith('\u0000raw:') ? value.slice(5) : str(value)}`);
        at[key] = lines.length;
      }
      fieldLines.push(at);
    });
    return { text: lines.join('\n') + '\n', headers, fieldLines };
  }
  const layoutArb = (n: number) =>
    fc.tuple(
      fc.array(fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 7, maxLength: 7 }), {
        minLength: n,
        maxLength: n,
      }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    );
  const docArb = fc
    .array(entryArb, { minLength: 1, maxLength: 6 })
    .chain((entries) => fc.tuple(fc.constant(entries), layoutArb(entries.length)));

  test('valid entries round-trip: every field as written, URLs resolved, digests lowercased', () => {
    fc.assert(
      fc.property(docArb, ([entries, [orders, gaps]]) => {
        const { text, headers } = write(entries, orders, gaps);
        const reg = parseRegistry(text, BASE);
        assert.deepEqual(reg.invalid, []);
        assert.deepEqual(
          reg.images,
          entries.map((e, i) => ({
            name: e.name,
            version: e.version,
            description: e.description,
            sha256: e.sha256.toLowerCase(),
            arch: e.arch,
            url: new URL(e.url, BASE).href,
            ...(e.released_at ? { releasedAt: new Date(e.released_at).toISOString() } : {}),
            source: `${BASE}:${headers[i]}`,
          })),
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  const RAW = '\u0000raw:';
  const wrongType = fc
    .constantFrom('42', '-1.5', 'true', '[]', '["a"]', '{ x = 1 }', '1979-05-27T07:32:00Z')
    .map((v) => RAW + v);
  const badValue: Record<string, fc.Arbitrary<string>> = {
    name: fc.oneof(wrongType, fc.constantFrom('', ' x', 'a/b', '../x', '-x', 'a:b', 'ä')),
    version: fc.oneof(wrongType, fc.constantFrom('', '1 0', ':1', '1/2', '.1')),
    description: wrongType,
    sha256: fc.oneof(wrongType, fc.constantFrom('', 'abc', 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65))),
    arch: fc.oneof(wrongType, fc.constantFrom('', 'x y', 'x/y')),
    url: fc.oneof(
      fc.constantFrom(RAW + '42', RAW + 'true', RAW + '[]'),
      fc.constantFrom('ftp://h/x.tar.gz', 'javascript:alert(1)', 'data:,x', 'http://[::1'),
    ),
    released_at: fc.oneof(
      fc.constantFrom(RAW + '42', RAW + 'true', RAW + '[]', RAW + '1979-05-27', RAW + '1979-05-27T07:32:00'),
      fc.constantFrom('', 'yesterday', '2026-04-03', '2026-04-03T01:28:26', '2026-13-01T00:00:00Z'),
    ),
  };
  const fieldArb = fc.constantFrom(...Object.keys(badValue));
  const invalidArb = docArb.chain(([entries, layout]) =>
    fc.tuple(
      fc.constant(entries),
      fc.constant(layout),
      fc.integer({ min: 0, max: entries.length - 1 }),
      fieldArb.chain((f) => fc.tuple(fc.constant(f), badValue[f]!)),
    ),
  );

  test('one invalid field: that entry alone is rejected, the message names the field and its line', () => {
    fc.assert(
      fc.property(invalidArb, ([entries, [orders, gaps], index, [field, value]]) => {
        const broken = entries.map((e, i) => (i === index ? { ...e, [field]: value } : e));
        const { text, headers, fieldLines } = write(broken, orders, gaps);
        const reg = parseRegistry(text, BASE);
        assert.equal(reg.invalid.length, 1, `${field} = ${value}`);
        assert.equal(reg.images.length, entries.length - 1);
        const bad = reg.invalid[0]!;
        assert.equal(bad.where, `${BASE}:${headers[index]}`);
        const line = `${BASE}:${fieldLines[index]![field]}`;
        assert.ok(
          bad.problem.includes(`field '${field}' at ${line} `) ||
            bad.problem.startsWith(`registry ${line}: URL`) ||
            bad.problem.startsWith(`registry ${line}: '`),
          `${field} = ${JSON.stringify(value)}: ${bad.problem}`,
        );
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('one missing required field: rejected, naming the field and the entry line', () => {
    const required = ['name', 'version', 'sha256', 'arch', 'url'];
    fc.assert(
      fc.property(
        docArb,
        fc.constantFrom(...required),
        fc.nat(),
        ([entries, [orders, gaps]], field, pick) => {
          const index = pick % entries.length;
          const broken = entries.map((e, i) => {
            if (i !== index) return e;
            const copy: Partial<Gen> = { ...e };
            delete copy[field as keyof Gen];
            return copy as Gen;
          });
          const { text, headers } = write(broken, orders, gaps);
          const reg = parseRegistry(text, BASE);
          assert.deepEqual(
            reg.invalid.map((b) => b.problem),
            [`missing field '${field}' in [[images]] at ${BASE}:${headers[index]}`],
          );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

/**
 * Mode and modification time of everything under `box` but the image (`out/img`) and the output
 * dir's own time, which a pull changes by design: what a link followed by chmod or utimes
 * would change.
 */
async function outsideMeta(box: string): Promise<Record<string, string>> {
  const meta: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(join(box, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === 'out/img' || r.startsWith('out/.img')) continue;
      const st = await lstat(join(box, r));
      meta[r] = `${(st.mode & 0o7777).toString(8)} ${r === 'out' ? '' : st.mtimeMs}`;
      if (st.isDirectory()) await walk(r);
    }
  };
  await walk('');
  return meta;
}

describe('LineIndex', () => {
  // The plain reading it must agree with: split at `\n` (dropping a `\r` before it), then a
  // header is a line that starts with `[[name]]`, blanks allowed around the name.
  const reference = (text: string): Map<string, number[]> => {
    const found = new Map<string, number[]>();
    text.split(/\r?\n/).forEach((l, i) => {
      const m = /^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]/.exec(l);
      if (m?.[1]) found.set(m[1], [...(found.get(m[1]) ?? []), i + 1]);
    });
    return found;
  };
  const fragment = fc.constantFrom(
    '[[images]]',
    '[[includes]]',
    '  [[ images ]]',
    '\t[[images]] # c',
    '[[',
    ']]',
    '[',
    'images',
    '\n',
    '\r\n',
    '\r',
    ' ',
    '\t',
    '\u2028',
    'name = "x"',
    '# [[images]]',
    'x = "[[images]]"',
    '[[ima ges]]',
    '[images]',
    '[[images]\n]',
    '[[\nimages]]',
  );

  test('any text: the same header lines as splitting it into lines', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const want = reference(text);
        const index = new LineIndex(text);
        for (const table of ['images', 'includes', 'ima']) {
          const lines = want.get(table) ?? [];
          for (let i = 0; i <= lines.length; i++)
            assert.equal(index.nth(table, i), lines[i], JSON.stringify(text));
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('archive entry paths', () => {
  const ROOT = resolve('/__image__');
  const inside = (p: string): boolean => p === ROOT || p.startsWith(ROOT + sep);
  const segment = fc.constantFrom('a', 'b', '..', '.', '', 'c:', 'C:', '..\\x', 'x\\..', '...', '/', '~');
  const pathArb = fc
    .tuple(fc.constantFrom('', '/', '\\', 'C:\\', 'c:/'), fc.array(segment, { maxLength: 6 }))
    .map(([lead, parts]) => lead + parts.join('/'));

  test('entryProblem: whatever it accepts stays inside the root, as a name and as a link target', () => {
    fc.assert(
      fc.property(
        pathArb,
        pathArb,
        fc.constantFrom('File', 'Directory', 'SymbolicLink', 'Link'),
        (path, linkpath, type) => {
          if (entryProblem(path, { type, linkpath }) !== undefined) return;
          assert.ok(inside(resolve(ROOT, path)), `accepted name ${path}`);
          if (type === 'SymbolicLink') {
            assert.ok(inside(resolve(ROOT, path, '..', linkpath)), `accepted symlink ${path} -> ${linkpath}`);
          }
          if (type === 'Link')
            assert.ok(inside(resolve(ROOT, linkpath)), `accepted hard link ${path} -> ${linkpath}`);
        },
      ),
      { seed: SEED, numRuns: 5000 },
    );
  });

  describe('on a real filesystem', () => {
    let root = '';
    before(() => {
      root = tempDir('axi-prop-');
    });
    after(() => rm(root, { recursive: true, force: true }));

    // `a/.` and `d/` land at `a` and `d`: names that are not what they look like.
    const names = fc.constantFrom('a', 'b', 'd', 'd/e', 'a/b', 'x', 'a/.', 'd/', 'd/e/.', './x');
    const targetArb = fc.array(fc.constantFrom('..', '.', 'a', 'b', 'd', 'e', 'x', 'out', 'img', ''), {
      minLength: 1,
      maxLength: 4,
    });
    const rawEntry: fc.Arbitrary<RawEntry> = fc.oneof(
      fc
        .tuple(names, fc.constantFrom(0o755, 0o700, 0o555, 0o777))
        .map(([path, mode]) => ({ type: 'dir' as const, path, mode })),
      names.map((path) => ({ type: 'file' as const, path, body: 'f' })),
      fc
        .tuple(names, targetArb)
        .map(([path, t]) => ({ type: 'symlink' as const, path, target: t.join('/') })),
      fc
        .tuple(names, targetArb)
        .map(([path, t]) => ({ type: 'hardlink' as const, path, target: t.join('/') })),
    );

    test('an archive that extracts has no link leading outside, and nothing outside changed', async () => {
      let run = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(rawEntry, { minLength: 1, maxLength: 7 }), async (entries) => {
          // The image goes to <box>/out/img; dirs named like the targets wait outside it, so a
          // link that escapes resolves to something real.
          const box = join(root, `r${++run}`);
          const out = join(box, 'out');
          for (const d of ['out/a', 'out/b', 'out/d/e', 'a', 'b', 'd'])
            await mkdir(join(box, d), { recursive: true });
          await writeFile(join(box, 'out', 'x'), 'outside');
          const outsideBefore = await readTree(box);
          const metaBefore = await outsideMeta(box);
          const target = join(out, 'img');
          const ex = await StreamExtractor.create(target, { log: new MemoryLog(), label: 'prop' });
          let ok = true;
          try {
            await ex.write(rawTar(entries));
            await ex.finish();
          } catch (err) {
            assert.ok(err instanceof UserError, String((err as Error).stack));
            ok = false;
            await ex.abort();
          }
          const after = await readTree(box);
          const outsideAfter = Object.fromEntries(
            Object.entries(after).filter(([k]) => k !== 'out/img' && !k.startsWith('out/img/')),
          );
          assert.deepEqual(outsideAfter, outsideBefore, 'nothing outside the image changed');
          assert.deepEqual(await outsideMeta(box), metaBefore, 'no mode or time outside the image changed');
          assert.deepEqual(
            (await readdir(out)).filter((name) => !['a', 'b', 'd', 'x', 'img'].includes(name)),
            [],
            'nothing but the image was added to the output dir',
          );
          if (!ok) {
            assert.equal(after['out/img'], undefined, 'a refused archive leaves no tree');
          } else {
            accepted++;
            for (const [rel, what] of Object.entries(after)) {
              if (!rel.startsWith('out/img/') || !what.startsWith('link:')) continue;
              const real = await realpath(join(box, rel)).catch(() => undefined);
              if (real === undefined) continue; // dangling: leads nowhere at all
              const img = await realpath(target);
              assert.ok(real === img || real.startsWith(img + sep), `${rel} (${what}) resolves to ${real}`);
            }
          }
          await rm(box, { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: 150 },
      );
      // The property means little if every archive was refused.
      assert.ok(accepted > 20, `only ${accepted} of ${run} archives extracted`);
      assert.equal((await readdir(root)).length, 0);
    });
  });
});
