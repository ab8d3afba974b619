// The registry answers as the Rust tool (cargo xtask image) does. Registries shaped like the real
// one (default.toml including v0.0.9.toml then v0.0.10.toml) are served on 127.0.0.1 and every
// choice is checked against support/rust-reference.ts, a restatement of the Rust tool's rules
// written apart from src/. The images.toml test serves the built-in registry URL itself, through
// a proxy's CONNECT tunnel to a local TLS server, as the Rust tool's sync would fetch it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/core/errors.js';
import { runList } from '../../src/action/commands.js';
import { saveRegistry } from '../../src/ops/registry.js';
import { DEFAULT_REGISTRY, type Settings } from '../../src/ops/settings.js';
import { preferredInclude } from '../../src/registry/bootstrap.js';
import { loadRegistry, RUST_NOTE, type LoadedRegistry } from '../../src/registry/load.js';
import { selectImage } from '../../src/registry/select.js';
import { formatSpec, parseSpec, type ImageSpec } from '../../src/registry/spec.js';
import { REGISTRY_SNAPSHOTS_DIR, STAGING_DIR, STORE_DIR } from '../../src/storage/layout.js';
import { registryToml, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { MemoryLog } from '../support/memory-log.js';
import { FAST_RETRY, inputs, registryFrom, withoutRustNotes } from '../support/registry-fixtures.js';
import { runNetChild } from '../support/run-net-child.js';
import {
  rustFind,
  rustLoadImagesToml,
  rustPreferredInclude,
  rustSync,
  type RustEntry,
} from '../support/rust-reference.js';
import { makeCert } from '../support/tls-cert.js';

const SEED = 20260403;
const HEX = (c: string): string => c.repeat(64);
const JAN = '2025-01-01T00:00:00Z';
const FEB = '2025-02-01T00:00:00Z';
const MAR = '2025-03-01T00:00:00Z';

interface Image {
  name: string;
  version: string;
  hex: string;
  released_at?: string;
}

/**
 * The registry of the issue, at `base`: default.toml has an image of its own and includes
 * v0.0.9.toml then v0.0.10.toml; v0.0.10.toml includes a.toml and b.toml, a.toml includes
 * c.toml (so breadth-first reads b before c, depth-first c before b).
 */
function issueRegistry(base: string): Map<string, string> {
  const files: Record<string, { images: Image[]; includes?: string[] }> = {
    'default.toml': {
      includes: ['v0.0.9.toml', 'v0.0.10.toml'],
      images: [{ name: 'own', version: '1.0', hex: '1', released_at: MAR }],
    },
    'v0.0.9.toml': {
      images: [
        { name: 'dup', version: '1.0.0', hex: 'a', released_at: JAN },
        { name: 'old', version: '0.0.9', hex: '2', released_at: JAN },
        { name: 'gone', version: '1', hex: '3', released_at: JAN },
      ],
    },
    'v0.0.10.toml': {
      includes: ['a.toml', 'b.toml'],
      images: [
        { name: 'dup', version: '1.0.0', hex: 'b', released_at: FEB },
        { name: 'old', version: '0.0.10', hex: '4', released_at: FEB },
        // Equal dates: the last in text order ("0.0.10" < "0.0.9").
        { name: 'tie', version: '0.0.9', hex: '5', released_at: FEB },
        { name: 'tie', version: '0.0.10', hex: '6', released_at: FEB },
        // No dates: the same rule ("1.10" < "1.2").
        { name: 'nodate', version: '1.2', hex: '7' },
        { name: 'nodate', version: '1.10', hex: '8' },
        // Dates decide before any version order.
        { name: 'numeric', version: '0.0.10', hex: '9', released_at: FEB },
        { name: 'numeric', version: '0.0.9', hex: 'c', released_at: JAN },
        // No date sorts before any date.
        { name: 'mixdate', version: '2.0', hex: 'd' },
        { name: 'mixdate', version: '1.0', hex: 'e', released_at: JAN },
      ],
    },
    'a.toml': {
      includes: ['c.toml'],
      images: [{ name: 'split', version: '0.2', hex: 'f', released_at: MAR }],
    },
    'b.toml': {
      images: [
        { name: 'bfs', version: '1', hex: '0', released_at: JAN },
        { name: 'split', version: '0.1', hex: '1', released_at: MAR },
      ],
    },
    'c.toml': { images: [{ name: 'bfs', version: '1', hex: '2', released_at: JAN }] },
  };
  const docs = new Map<string, string>();
  for (const [file, { images, includes = [] }] of Object.entries(files)) {
    const text = registryToml(
      images.map((i) => ({
        name: i.name,
        version: i.version,
        sha256: HEX(i.hex),
        url: `https://images.example/${file}/${i.name}-${i.version}.tar.gz`,
        ...(i.released_at ? { released_at: i.released_at } : {}),
      })),
      includes.map((f) => `${base}${f}`),
    );
    docs.set(`${base}${file}`, text);
  }
  return docs;
}

/** Specs the Rust tool answers, and specs only the wider view does. */
const RUST_SPECS = [
  'dup',
  'dup:1.0.0',
  'old',
  'old:0.0.10',
  'tie',
  'tie:0.0.10',
  'nodate',
  'numeric',
  'mixdate',
  'bfs',
  'split',
  'split:0.1',
];
const WIDER_SPECS = ['own', 'own:1.0', 'old:0.0.9', 'gone', 'gone:1'];

/** The Rust tool's answer, as the reference computes it. */
function rustAnswer(images: RustEntry[], spec: ImageSpec): RustEntry | undefined {
  return rustFind(images, spec.name, spec.version);
}

describe('a registry shaped like the real one, served on 127.0.0.1', () => {
  let server: FileServer;
  let base: string;
  let docs: Map<string, string>;
  let reg: LoadedRegistry;
  before(async () => {
    server = await startFileServer();
    base = `${server.url}/reg/`;
    docs = issueRegistry(base);
    for (const [url, text] of docs) server.set(url.slice(server.url.length), text);
    reg = await loadRegistry({
      registries: [`${base}default.toml`],
      retry: FAST_RETRY,
      log: new MemoryLog(),
    });
  });
  after(() => server.close());

  test('every spec the Rust tool answers gets its answer: bootstrap, breadth-first, first entry, its latest', () => {
    const reference = rustSync(docs, `${base}default.toml`);
    assert.deepEqual(reg.rust.source, { url: `${base}v0.0.10.toml`, role: 'included registry' });
    for (const text of RUST_SPECS) {
      const spec = parseSpec(text);
      const want = rustAnswer(reference, spec);
      assert.ok(want, `the Rust tool answers ${text}`);
      const log = new MemoryLog();
      const got = selectImage(reg, spec, { log });
      assert.deepEqual([got.version, got.sha256, got.url], [want.version, want.sha256, want.url], text);
      assert.deepEqual(log.infos, [], `${text}: taken where the Rust tool takes it`);
    }
    // The choices the issue names, spelled out.
    const pick = (text: string) => selectImage(reg, parseSpec(text), { log: new MemoryLog() });
    assert.equal(pick('dup').sha256, HEX('b'), 'the entry re-published in the later file');
    assert.equal(pick('tie').version, '0.0.9');
    assert.equal(pick('nodate').version, '1.2');
    assert.equal(pick('numeric').version, '0.0.10');
    assert.equal(pick('mixdate').version, '1.0');
    assert.equal(pick('bfs').sha256, HEX('0'), 'b.toml, read before c.toml');
    assert.equal(pick('split').version, '0.2');
  });

  test('a spec the Rust tool cannot answer is taken from everything read, and the log says so and why', () => {
    const reference = rustSync(docs, `${base}default.toml`);
    for (const text of WIDER_SPECS) {
      const spec = parseSpec(text);
      assert.equal(rustAnswer(reference, spec), undefined, `the Rust tool has no ${text}`);
      const log = new MemoryLog();
      const got = selectImage(reg, spec, { log });
      assert.equal(got.name, spec.name);
      assert.deepEqual(log.infos.length, 1, text);
      assert.match(
        log.infos[0]!,
        new RegExp(
          `^${text.replaceAll('.', '\\.')}: not in ${base}v0\\.0\\.10\\.toml \\(the included registry the Rust tool reads\\) or its includes; taking ${got.name}:${got.version.replaceAll('.', '\\.')} from ${base}(default|v0\\.0\\.9)\\.toml:\\d+$`,
        ),
      );
    }
    assert.equal(selectImage(reg, parseSpec('old:0.0.9'), { log: new MemoryLog() }).sha256, HEX('2'));
    assert.throws(
      () => selectImage(reg, parseSpec('nope'), { log: new MemoryLog() }),
      (e: Error) => e instanceof UserError && /no image named 'nope'/.test(e.message),
    );
  });

  test('conflicting duplicates and ties are warnings naming both places', async () => {
    const loadLog = new MemoryLog();
    const reg = await loadRegistry({ registries: [`${base}default.toml`], retry: FAST_RETRY, log: loadLog });
    const conflicts = loadLog.warnings.filter((w) => w.startsWith('conflicting entries'));
    assert.equal(conflicts.length, 2, loadLog.warnings.join('\n'));
    // Nothing else: every document is one the Rust tool reads as it is meant.
    assert.deepEqual(loadLog.warnings.length, 2, loadLog.warnings.join('\n'));
    assert.match(
      conflicts.find((w) => w.includes('dup:1.0.0')) ?? '',
      new RegExp(
        `keeping ${base}v0\\.0\\.10\\.toml:\\d+ \\(sha256 b{12}…\\), which the Rust tool reads; ignoring ${base}v0\\.0\\.9\\.toml:\\d+ \\(sha256 a{12}…\\)`,
      ),
    );
    assert.match(
      conflicts.find((w) => w.includes('bfs:1')) ?? '',
      new RegExp(
        `keeping ${base}b\\.toml:1 \\(sha256 0{12}…\\), as the Rust tool does; ignoring ${base}c\\.toml:1`,
      ),
    );
    const log = new MemoryLog();
    for (const name of ['tie', 'nodate', 'split', 'numeric']) selectImage(reg, { name }, { log });
    selectImage(reg, { name: 'tie' }, { log });
    assert.equal(log.warnings.length, 3, `once per name: ${log.warnings.join('\n')}`);
    assert.match(
      log.warnings[0]!,
      new RegExp(
        `^tie: 2 entries share the latest released_at \\(2025-02-01T00:00:00Z\\): 0\\.0\\.9 at ${base}v0\\.0\\.10\\.toml:\\d+, 0\\.0\\.10 at ${base}v0\\.0\\.10\\.toml:\\d+; taking 0\\.0\\.9, as the Rust tool does`,
      ),
    );
    assert.match(log.warnings[1]!, /^nodate: 2 entries share the latest released_at \(none given\)/);
    assert.match(
      log.warnings[2]!,
      new RegExp(`^split: .*0\\.2 at ${base}a\\.toml:\\d+, 0\\.1 at ${base}b\\.toml:\\d+`),
    );
  });

  test("list agrees with pull <name> for every name: the Rust tool's latest, or the wider view's", async () => {
    const out = tempDir();
    try {
      const log = new MemoryLog();
      const result = await runList(
        inputs({ command: 'list', registry: `${base}default.toml`, 'output-dir': out }),
        {
          log,
          retry: FAST_RETRY,
        },
      );
      const rows = (JSON.parse(result.outputs.matrix!) as { include: { name: string; version: string }[] })
        .include;
      for (const row of rows) {
        assert.equal(
          row.version,
          selectImage(reg, { name: row.name }, { log: new MemoryLog() }).version,
          row.name,
        );
      }
      assert.deepEqual(
        rows.map((r) => r.name),
        ['bfs', 'dup', 'gone', 'mixdate', 'nodate', 'numeric', 'old', 'own', 'split', 'tie'],
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('against the reference, on generated registries', () => {
  test('the bootstrap include: the highest vX.Y.Z.toml compared as numbers, the first of equals, else the last', () => {
    const part = fc.oneof(
      fc.nat({ max: 12 }).map(String),
      fc.constantFrom('010', '+3', '00', '18446744073709551615', '18446744073709551616', 'x', ''),
    );
    const name = fc.oneof(
      fc.tuple(part, part, part).map(([a, b, c]) => `v${a}.${b}.${c}.toml`),
      fc.tuple(part, part).map(([a, b]) => `v${a}.${b}.toml`),
      fc.tuple(part, part, part, part).map((p) => `v${p.join('.')}.toml`),
      fc.constantFrom('default.toml', 'v.toml', 'V1.2.3.toml', 'v1.2.3.toml?ref=x', 'v1.2.3.tom'),
    );
    const dir = fc.constantFrom('https://h.example/registry/', 'https://h.example/a/', '', 'sub/');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(dir, name).map(([d, n]) => d + n),
          { maxLength: 8 },
        ),
        (refs) => {
          const index = preferredInclude(refs);
          assert.equal(index === undefined ? undefined : refs[index], rustPreferredInclude(refs));
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('every spec: the Rust answer where it has one, an answer from everything read where it has not', () => {
    const versions = ['0.0.9', '0.0.10', '1.2', '1.10', '1.2.0', '2', '10'];
    const entryArb = fc.record({
      name: fc.constantFrom('a', 'b', 'c'),
      version: fc.constantFrom(...versions),
      hex: fc.constantFrom(...'0123456789abcdef'),
      released_at: fc.option(fc.constantFrom(JAN, FEB, MAR, '2025-02-01T01:00:00+01:00'), { nil: undefined }),
    });
    const files = ['v0.0.9.toml', 'v0.0.10.toml', 'v0.0.2.toml', 'x.toml'];
    const docArb = fc.record({
      images: fc.array(entryArb, { maxLength: 6 }),
      includes: fc.subarray(files),
    });
    const treeArb = fc.record({
      root: fc.record({
        images: fc.array(entryArb, { maxLength: 3 }),
        includes: fc.shuffledSubarray(files, { minLength: 1 }),
      }),
      files: fc.tuple(docArb, docArb, docArb, docArb),
    });
    const base = 'https://registry.example/registry/';
    fc.assert(
      fc.property(treeArb, ({ root, files: bodies }) => {
        const docs = new Map<string, string>();
        const text = (d: { images: Image[]; includes: string[] }) =>
          registryToml(
            d.images.map((i, n) => ({
              name: i.name,
              version: i.version,
              sha256: HEX(i.hex),
              url: `https://images.example/${i.name}-${i.version}-${n}.tar.gz`,
              ...(i.released_at ? { released_at: i.released_at } : {}),
            })),
            d.includes.map((f) => base + f),
          );
        docs.set(`${base}default.toml`, text(root));
        files.forEach((f, i) => docs.set(base + f, text(bodies[i]!)));
        const reference = rustSync(docs, `${base}default.toml`);
        const reg = registryFrom(docs, [`${base}default.toml`]);
        const specs: ImageSpec[] = ['a', 'b', 'c'].flatMap((name) => [
          { name },
          ...versions.map((version) => ({ name, version })),
        ]);
        for (const spec of specs) {
          const want = rustAnswer(reference, spec);
          const log = new MemoryLog();
          let got;
          try {
            got = selectImage(reg, spec, { log });
          } catch (err) {
            assert.ok(err instanceof UserError && want === undefined, `${formatSpec(spec)}: ${String(err)}`);
            continue;
          }
          if (want) {
            assert.deepEqual(
              [got.version, got.sha256, got.url],
              [want.version, want.sha256, want.url],
              formatSpec(spec),
            );
            assert.deepEqual(log.infos, []);
          } else {
            assert.equal(log.infos.length, 1, `${formatSpec(spec)} from the wider view says so`);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('what the Rust tool would reject', () => {
  let server: FileServer;
  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());

  test('is one warning per registry, naming the URL, the line and what the Rust tool says', async () => {
    const base = `${server.url}/strict/`;
    const lines = (...l: string[]) => l.join('\n') + '\n';
    server.set(
      '/strict/default.toml',
      lines('[[includes]]', 'url = "v1.0.0.toml"', '', '[[includes]]', `url = "${base}v0.9.0.toml"`),
    );
    server.set(
      '/strict/v1.0.0.toml',
      lines(
        '[[images]]',
        'name = "upper"',
        'version = "1"',
        'description = "d"',
        `sha256 = "${HEX('A')}"`,
        'arch = "aarch64"',
        'url = "https://images.example/upper.tar.gz"',
        '',
        '[[images]]',
        'name = "dated"',
        'version = "1"',
        'description = "d"',
        `sha256 = "${HEX('b')}"`,
        'arch = "aarch64"',
        'url = "https://images.example/dated.tar.gz"',
        'released_at = 2026-04-03T01:28:26Z',
      ),
    );
    server.set(
      '/strict/v0.9.0.toml',
      lines(
        '[[images]]',
        'name = "nodesc"',
        'version = "1"',
        `sha256 = "${HEX('c')}"`,
        'arch = "aarch64"',
        'url = "https://images.example/nodesc.tar.gz"',
      ),
    );
    const log = new MemoryLog();
    const reg = await loadRegistry({ registries: [`${base}default.toml`], retry: FAST_RETRY, log });
    // The action reads all of it.
    assert.deepEqual(reg.images.map((e) => e.name).sort(), ['dated', 'nodesc', 'upper']);
    assert.deepEqual(withoutRustNotes(log.warnings), []);
    const notes = log.warnings.filter((w) => w.startsWith(RUST_NOTE));
    assert.deepEqual(notes.sort(), [
      `${RUST_NOTE} ${base}default.toml: line 2: include url "v1.0.0.toml": relative URL without a base (its sync fails if it follows this include)`,
      `${RUST_NOTE} ${base}v0.9.0.toml: line 1: missing field \`description\` (its sync fails on this document)`,
      `${RUST_NOTE} ${base}v1.0.0.toml: line 5: sha256 "${HEX('A')}" is not the 64 lowercase hex digits its check compares with: "downloaded image checksum mismatch" (its pull of upper:1 fails); line 16: invalid type: map, expected an RFC 3339 formatted date and time string (its sync fails on this document)`,
    ]);
    // The sync it would make fails on the first of these it meets: the relative include.
    assert.match(
      reg.rust.syncProblem ?? '',
      /^it rejects .*default\.toml, line 2: include url "v1\.0\.0\.toml": relative URL without a base$/,
    );
  });
});

describe("images.toml and .last_sync: what the Rust tool's own sync would write, or left alone", () => {
  const UPSTREAM = DEFAULT_REGISTRY.slice(0, DEFAULT_REGISTRY.lastIndexOf('/') + 1);
  const made = makeCert(['raw.githubusercontent.com']);
  let proxy: ForwardProxy;
  let tls: ReturnType<typeof createHttpsServer>;
  const files = new Map<string, string>();
  before(async () => {
    if (typeof made === 'string') return;
    proxy = await startForwardProxy();
    tls = createHttpsServer({ key: made.key, cert: made.cert }, (req, res) => {
      const body = files.get(`https://raw.githubusercontent.com${req.url ?? ''}`);
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    proxy.route('raw.githubusercontent.com:443', (tls.address() as AddressInfo).port);
  });
  after(async () => {
    if (typeof made === 'string') return;
    await proxy.close();
    tls.closeAllConnections();
    await new Promise<void>((r) => tls.close(() => r()));
    made.dispose();
  });
  const list = (out: string) =>
    runNetChild(
      { op: 'list', inputs: { 'output-dir': out } },
      typeof made === 'string' ? {} : { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: made.certPath },
    );

  test('from the built-in registry: the Rust tool reading images.toml answers as after its own sync', async (t) => {
    if (typeof made === 'string') return t.skip(made);
    const docs = issueRegistry(UPSTREAM);
    files.clear();
    for (const [url, text] of docs) files.set(url, text);
    const out = tempDir();
    try {
      const started = Math.floor(Date.now() / 1000);
      const r = await list(out);
      assert.equal(r.failed, undefined, `${r.failed}\n${r.stderr}`);
      assert.ok(
        r.logs.some((l) => l.endsWith(`images from ${DEFAULT_REGISTRY} (registry)`)),
        r.logs.join('\n'),
      );
      const text = readFileSync(join(out, 'images.toml'), 'utf8');
      const written = rustLoadImagesToml(text);
      // Entry for entry, in order, what the Rust tool's own sync would write.
      const synced = rustSync(docs, DEFAULT_REGISTRY);
      assert.deepEqual(written, synced);
      for (const spec of [...RUST_SPECS, ...WIDER_SPECS].map((s) => parseSpec(s))) {
        assert.deepEqual(rustAnswer(written, spec), rustAnswer(synced, spec), formatSpec(spec));
      }
      // toml's to_string_pretty: one table per entry, the fields in the struct's order.
      assert.match(
        text,
        /^\[\[images\]\]\nname = "bfs"\nversion = "1"\nreleased_at = "2025-01-01T00:00:00Z"\ndescription = "bfs test image"\nsha256 = "0{64}"\narch = "aarch64"\nurl = "https:\/\/images\.example\/b\.toml\/bfs-1\.tar\.gz"\n\n\[\[images\]\]\n/,
      );
      assert.match(
        text,
        /name = "nodate"\nversion = "1\.10"\ndescription = /,
        'no released_at when it has none',
      );
      const lastSync = readFileSync(join(out, '.last_sync'), 'utf8');
      assert.match(lastSync, /^\d+$/);
      assert.ok(Number(lastSync) >= started && Number(lastSync) <= Math.ceil(Date.now() / 1000));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('when its sync would fail, or read another registry, they are left exactly as they were', async (t) => {
    if (typeof made === 'string') return t.skip(made);
    const docs = issueRegistry(UPSTREAM);
    // The include it bootstraps from loses a description: its serde parse fails the document.
    const broken = (docs.get(`${UPSTREAM}v0.0.10.toml`) ?? '').replace(
      'description = "dup test image"\n',
      '',
    );
    files.clear();
    for (const [url, text] of docs) files.set(url, text);
    files.set(`${UPSTREAM}v0.0.10.toml`, broken);
    const out = tempDir();
    try {
      writeFileSync(join(out, 'images.toml'), '# the Rust tool wrote this\n');
      writeFileSync(join(out, '.last_sync'), '1700000000');
      const before = statSync(join(out, 'images.toml')).mtimeMs;
      const r = await list(out);
      assert.equal(r.failed, undefined, `${r.failed}\n${r.stderr}`);
      assert.equal(readFileSync(join(out, 'images.toml'), 'utf8'), '# the Rust tool wrote this\n');
      assert.equal(readFileSync(join(out, '.last_sync'), 'utf8'), '1700000000');
      assert.equal(statSync(join(out, 'images.toml')).mtimeMs, before);
      assert.ok(
        r.logs.some((l) =>
          new RegExp(
            `^images\\.toml and \\.last_sync left as they are: cargo xtask image sync would fail: it rejects ${UPSTREAM.replaceAll('.', '\\.')}v0\\.0\\.10\\.toml, line \\d+: missing field \`description\`$`,
          ).test(l),
        ),
        r.logs.join('\n'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('another registry first: left alone, and the log says which registry the Rust tool syncs from', async () => {
    const server = await startFileServer();
    const out = tempDir();
    try {
      for (const [url, text] of issueRegistry(`${server.url}/`))
        server.set(url.slice(server.url.length), text);
      writeFileSync(join(out, 'images.toml'), '# theirs\n');
      writeFileSync(join(out, '.last_sync'), '1700000000');
      const log = new MemoryLog();
      await runList(inputs({ command: 'list', registry: `${server.url}/default.toml`, 'output-dir': out }), {
        log,
        retry: FAST_RETRY,
      });
      assert.equal(readFileSync(join(out, 'images.toml'), 'utf8'), '# theirs\n');
      assert.equal(readFileSync(join(out, '.last_sync'), 'utf8'), '1700000000');
      assert.ok(
        log.lines.some(
          (l) =>
            l.level === 'debug' &&
            l.message ===
              `images.toml and .last_sync left as they are: the Rust tool syncs from ${DEFAULT_REGISTRY}, and this run's first registry is ${server.url}/default.toml`,
        ),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
      await server.close();
    }
  });

  test('a .last_sync that is a directory: a warning, and no temp file left behind, run after run', async () => {
    const out = tempDir();
    try {
      mkdirSync(join(out, '.last_sync'));
      const reg = registryFrom(issueRegistry(UPSTREAM), [DEFAULT_REGISTRY]);
      const settings = { registries: [DEFAULT_REGISTRY], outputDir: out } as Settings;
      for (let run = 0; run < 3; run++) {
        const log = new MemoryLog();
        const saved = await saveRegistry(settings, reg, log, false);
        assert.equal(saved.rustFilesLeft, undefined);
        assert.ok(
          log.warnings.some((w) => w.startsWith(`could not save images.toml and .last_sync in ${out}: `)),
          log.warnings.join('\n'),
        );
      }
      assert.deepEqual(readdirSync(out).sort(), ['.axvisor-image', '.last_sync', 'images.toml']);
      assert.deepEqual(readdirSync(join(out, '.last_sync')), []);
      // No staging is left: every temp file went with its failed write, and its empty dir after.
      assert.equal(existsSync(join(out, STORE_DIR, STAGING_DIR)), false);
      assert.deepEqual(readdirSync(join(out, STORE_DIR)).sort(), [REGISTRY_SNAPSHOTS_DIR]);
      assert.ok(existsSync(join(out, 'images.toml')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
