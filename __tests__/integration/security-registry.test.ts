// Hostile and broken registries, and the token. Registries are served by real HTTP servers on
// this machine: one of 10,000 entries, include cycles and self-includes, a generator of endless
// includes, includes on a closed port, bodies past the size cap (declared and chunked), wrong
// types for every field, conflicting duplicates. The token is followed across hosts, a https →
// http redirect on one host and port is refused, and every log line and error is searched for it.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Duplex } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { MemoryLog } from '../support/memory-log.js';
import { selectImage } from '../../src/registry/select.js';
import { MAX_REGISTRY_BYTES } from '../../src/net/fetch-text.js';
import { pullImage } from '../../src/pull/pull.js';
import { loadRegistry, MAX_REGISTRY_DOCUMENTS, type LoadOptions } from '../../src/registry/load.js';
import { parseRegistry } from '../../src/registry/parse.js';
import { makeArchive, registryToml, sha256, tempDir } from '../support/archives.js';
import { startFileServer, type FileServer } from '../support/file-server.js';
import { withoutRustNotes } from '../support/registry-fixtures.js';
import { runNetChild } from '../support/run-net-child.js';
import { makeCert } from '../support/tls-cert.js';

const retry = { retries: 2, baseDelayMs: 5, maxDelayMs: 20 };
const HEX = (c: string): string => c.repeat(64);

let server: FileServer;
before(async () => {
  server = await startFileServer();
});
after(() => server.close());

function load(opts: Partial<LoadOptions> & Pick<LoadOptions, 'registries'>, log = new MemoryLog()) {
  return loadRegistry({ retry, log, ...opts });
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('a registry of 10,000 entries', () => {
  test('parses, merges and selects correctly', async () => {
    // 100 names × 100 versions. For name i the newest release is version (37·i mod 100), so
    // "latest" is neither the highest version nor the last entry written.
    const images = [];
    for (let i = 0; i < 100; i++) {
      const newest = (37 * i) % 100;
      for (let v = 0; v < 100; v++) {
        const day = v === newest ? 200 : v;
        images.push({
          name: `guest_${i}`,
          version: `0.${v}.0`,
          sha256: sha256(Buffer.from(`${i}/${v}`)),
          url: `${server.url}/big/guest_${i}-${v}.tar.gz`,
          released_at: new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString(),
        });
      }
    }
    server.set('/big/registry.toml', registryToml(images));
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/big/registry.toml`] }, log);
    assert.equal(reg.images.length, 10_000);
    assert.deepEqual(reg.invalid, []);
    assert.deepEqual(log.warnings, []);
    for (let i = 0; i < 100; i++) {
      const latest = selectImage(reg, { name: `guest_${i}` }, { log });
      assert.equal(latest.version, `0.${(37 * i) % 100}.0`, `guest_${i}`);
      const pinned = selectImage(reg, { name: `guest_${i}`, version: '0.42.0' }, { log });
      assert.equal(pinned.sha256, sha256(Buffer.from(`${i}/42`)));
    }
    // Line numbers stay right at the far end of the document.
    const last = reg.images.find((e) => e.name === 'guest_99' && e.version === '0.99.0');
    assert.equal(last?.source, `${server.url}/big/registry.toml:${9 * 9999 + 1}`);
  });
});

describe('includes', () => {
  test('cycles, self-includes and one URL spelled two ways: each document fetched once', async () => {
    const base = `${server.url}/cyc`;
    server.set(
      '/cyc/root.toml',
      registryToml(
        [{ name: 'r', version: '1', sha256: HEX('a'), url: `${base}/r.tar.gz` }],
        [`${base}/root.toml`, `${base}/a.toml`, './a.toml', `${base}/./b.toml`],
      ),
    );
    server.set(
      '/cyc/a.toml',
      registryToml(
        [{ name: 'a', version: '1', sha256: HEX('b'), url: 'a.tar.gz' }],
        ['root.toml', 'b.toml', 'a.toml'],
      ),
    );
    server.set(
      '/cyc/b.toml',
      registryToml(
        [{ name: 'b', version: '1', sha256: HEX('c'), url: 'b.tar.gz' }],
        ['b.toml', '../cyc/a.toml'],
      ),
    );
    const before = server.requests.length;
    const log = new MemoryLog();
    const reg = await load({ registries: [`${base}/root.toml`] }, log);
    const fetched = server.requests
      .slice(before)
      .map((r) => r.path)
      .sort();
    assert.deepEqual(fetched, ['/cyc/a.toml', '/cyc/b.toml', '/cyc/root.toml']);
    assert.deepEqual(
      reg.images.map((e) => e.name),
      ['a', 'b', 'r'],
    );
    assert.deepEqual(withoutRustNotes(log.warnings), []);
  });

  test('an include on a closed port: a warning when the image is found, named in the error when not', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/gone.toml`;
    server.set(
      '/unreach/root.toml',
      registryToml([{ name: 'here', version: '1', sha256: HEX('a'), url: 'here.tar.gz' }], [dead]),
    );
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/unreach/root.toml`] }, log);
    assert.equal(selectImage(reg, { name: 'here' }, { log: new MemoryLog() }).version, '1');
    assert.ok(
      log.warnings.some(
        (w) => w.startsWith(`included registry ${dead} could not be read`) && /ECONNREFUSED/.test(w),
      ),
      log.warnings.join('\n'),
    );
    assert.throws(
      () => selectImage(reg, { name: 'elsewhere' }, { log: new MemoryLog() }),
      (err: Error) =>
        err instanceof UserError && err.message.includes(`included registry ${dead} could not be read`),
    );
  });

  test(`a registry that includes new documents without end is cut off after ${MAX_REGISTRY_DOCUMENTS}`, async () => {
    const count = MAX_REGISTRY_DOCUMENTS + 40;
    for (let i = 0; i < count; i++) {
      server.set(
        `/gen/${i}.toml`,
        registryToml([{ name: `g${i}`, version: '1', sha256: HEX('d'), url: 'x.tar.gz' }], [`${i + 1}.toml`]),
      );
    }
    const before = server.requests.length;
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/gen/0.toml`] }, log);
    assert.equal(server.requests.length - before, MAX_REGISTRY_DOCUMENTS);
    assert.equal(reg.images.length, MAX_REGISTRY_DOCUMENTS);
    assert.equal(selectImage(reg, { name: 'g0' }, { log: new MemoryLog() }).name, 'g0');
    assert.deepEqual(
      reg.failedIncludes.map((f) => f.url),
      [`${server.url}/gen/${MAX_REGISTRY_DOCUMENTS}.toml`],
    );
    assert.ok(
      log.warnings.some((w) => w.includes(`more than ${MAX_REGISTRY_DOCUMENTS} registry documents`)),
      log.warnings.join('\n'),
    );
  });
});

describe(`registry bodies past the ${MAX_REGISTRY_BYTES}-byte cap`, () => {
  let endless: http.Server;
  let endlessUrl = '';
  const sent = { bytes: 0, closed: Promise.resolve() };
  before(async () => {
    // No content-length, chunked, and no end: the cap is the only thing that stops the reader.
    endless = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const line = Buffer.from(
        '# padding padding padding padding padding padding padding padding\n'.repeat(1024),
      );
      let closed = false;
      sent.closed = new Promise((r) =>
        res.on('close', () => {
          closed = true;
          r();
        }),
      );
      // One write per turn of the event loop: a write to a socket the client has just closed
      // can still report room, and a synchronous loop would then never yield.
      const pump = (): void => {
        if (closed) return;
        sent.bytes += line.length;
        if (res.write(line)) setImmediate(pump);
        else res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/endless.toml`;
  });
  after(() => {
    endless.closeAllConnections();
    endless.close();
  });

  test('with content-length: refused before the body is read', async () => {
    server.set('/huge.toml', Buffer.alloc(MAX_REGISTRY_BYTES + 1, 0x23));
    const before = server.requests.length;
    await assert.rejects(
      load({ registries: [`${server.url}/huge.toml`] }),
      (err: Error) =>
        err instanceof UserError &&
        err.message.includes(
          `${server.url}/huge.toml is ${MAX_REGISTRY_BYTES + 1} bytes, over the ${MAX_REGISTRY_BYTES}-byte limit`,
        ),
    );
    assert.equal(server.requests.length - before, 1, 'a size refusal is not retried');
  });

  test('chunked and endless: reading stops at the cap', async () => {
    await assert.rejects(
      load({ registries: [endlessUrl] }),
      (err: Error) =>
        err instanceof UserError &&
        err.message.includes(`${endlessUrl} is over the ${MAX_REGISTRY_BYTES}-byte limit`),
    );
    await sent.closed;
    assert.ok(
      sent.bytes < 8 * MAX_REGISTRY_BYTES,
      `the server sent ${sent.bytes} bytes before the client hung up`,
    );
  });

  test('an oversized include is a warning; the rest of the registry serves', async () => {
    server.set(
      '/capped/root.toml',
      registryToml([{ name: 'ok', version: '1', sha256: HEX('a'), url: 'ok.tar.gz' }], [endlessUrl]),
    );
    const log = new MemoryLog();
    const reg = await load({ registries: [`${server.url}/capped/root.toml`] }, log);
    assert.equal(selectImage(reg, { name: 'ok' }, { log: new MemoryLog() }).version, '1');
    assert.ok(
      log.warnings.some((w) => w.includes('-byte limit')),
      log.warnings.join('\n'),
    );
  });
});

describe('wrong types for every field', () => {
  const URL_ = 'https://registry.example/r.toml';
  const valid: Record<string, string> = {
    name: '"img"',
    version: '"1.0"',
    description: '"d"',
    sha256: `"${HEX('a')}"`,
    arch: '"aarch64"',
    url: '"img.tar.gz"',
    released_at: '"2026-04-03T01:28:26Z"',
  };
  const wrong = ['42', '1.5', 'true', '[1, 2]', '{ a = 1 }', '2026-04-03T01:28:26Z', '2026-04-03'];
  const badStrings: Record<string, string[]> = {
    name: ['""', '"a b"', '"../x"', '"-x"'],
    version: ['""', '"1 0"', '"1/0"', '":1"'],
    sha256: ['"abc"', `"${HEX('g')}"`, `"${HEX('a')}0"`],
    arch: ['""', '"x/y"'],
    url: ['"ftp://h/x.tar.gz"', '"javascript:alert(1)"', '"http://[::1"'],
    released_at: ['"yesterday"', '"2026-04-03"', '"2026-04-03T01:28:26"', '"2026-13-45T99:99:99Z"'],
  };

  /** A document with a good entry, then one whose `field` is `value` (line numbers known). */
  function doc(field: string, value: string | undefined): string {
    const good = ['[[images]]', ...Object.entries(valid).map(([k, v]) => `${k} = ${v}`), ''];
    const bad = ['[[images]]'];
    for (const [k, v] of Object.entries(valid)) {
      if (k === field) {
        if (value !== undefined) bad.push(`${k} = ${value}`);
      } else bad.push(`${k} = ${k === 'version' ? '"2.0"' : v}`);
    }
    return [...good, ...bad, ''].join('\n');
  }
  const headerLine = Object.keys(valid).length + 3;
  const fieldLine = (field: string): number => headerLine + 1 + Object.keys(valid).indexOf(field);

  for (const field of Object.keys(valid)) {
    test(field, () => {
      const values = field === 'description' ? wrong : [...wrong, ...(badStrings[field] ?? [])];
      for (const value of values) {
        // A TOML date is a string to nobody; for released_at only the offset-less ones are wrong.
        if (field === 'released_at' && value === '2026-04-03T01:28:26Z') continue;
        const reg = parseRegistry(doc(field, value), URL_);
        assert.equal(reg.images.length, 1, `${field} = ${value}`);
        assert.equal(reg.invalid.length, 1, `${field} = ${value}`);
        const bad = reg.invalid[0]!;
        assert.equal(bad.where, `${URL_}:${headerLine}`);
        assert.ok(
          bad.problem.includes(`field '${field}' at ${URL_}:${fieldLine(field)}`) ||
            bad.problem.includes(`registry ${URL_}:${fieldLine(field)}`),
          `${field} = ${value}: ${bad.problem}`,
        );
      }
      if (field !== 'description' && field !== 'released_at') {
        const missing = parseRegistry(doc(field, undefined), URL_).invalid[0];
        assert.equal(missing?.problem, `missing field '${field}' in [[images]] at ${URL_}:${headerLine}`);
      }
    });
  }

  test('a wrong shape at the top fails the document, naming it and the line', () => {
    const cases: [string, RegExp][] = [
      ['images = 5', /'images' must be an array of tables/],
      ['images = "x"', /'images' must be an array of tables/],
      ['includes = "x"', /'includes' must be an array of tables/],
      [
        '[[includes]]\nurl = 5',
        /registry https:\/\/registry\.example\/r\.toml:1: \[\[includes\]\] entry needs a string 'url'/,
      ],
      [
        '[[includes]]\nurl = "gopher://x/y.toml"',
        /:1: URL 'gopher:\/\/x\/y\.toml' must be http\(s\) or file/,
      ],
      ['[[images]]\nname = "a"\nname = "b"', /line 3/],
      ['images = [1, 2]\n[[images]]', /r\.toml, line 2/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseRegistry(text, URL_),
        (err: Error) => err instanceof UserError && message.test(err.message),
        text,
      );
    }
    // An array entry that is not a table is one bad entry, not a bad document.
    const mixed = parseRegistry(`images = [1, { name = "x" }]`, URL_);
    assert.equal(mixed.invalid.length, 2);
    assert.match(mixed.invalid[0]!.problem, /not a table/);
  });
});

describe('duplicate entries that disagree', () => {
  test("in one document and across documents: the Rust tool's entry wins, each conflict is a warning naming both", async () => {
    const base = `${server.url}/dup`;
    // The Rust tool reads inc.toml alone (root's only include), not root's own images.
    server.set(
      '/dup/root.toml',
      registryToml(
        [
          { name: 'x', version: '1', sha256: HEX('a'), url: 'x.tar.gz' },
          { name: 'y', version: '1', sha256: HEX('c'), url: `${base}/y.tar.gz` },
        ],
        [`${base}/inc.toml`],
      ),
    );
    server.set(
      '/dup/inc.toml',
      registryToml([
        { name: 'x', version: '1', sha256: HEX('a'), url: `${base}/other-mirror/x.tar.gz` },
        { name: 'x', version: '1', sha256: HEX('b'), url: `${base}/x.tar.gz` },
        { name: 'y', version: '1', sha256: HEX('c'), url: 'y.tar.gz' },
      ]),
    );
    const log = new MemoryLog();
    const reg = await load({ registries: [`${base}/root.toml`] }, log);
    const x = selectImage(reg, { name: 'x', version: '1' }, { log });
    assert.equal(x.sha256, HEX('a'));
    assert.equal(x.url, `${base}/other-mirror/x.tar.gz`);
    assert.equal(reg.images.length, 2);
    const conflicts = log.warnings.filter((w) => w.startsWith('conflicting entries for x:1'));
    assert.equal(conflicts.length, 2, log.warnings.join('\n'));
    // In inc.toml, the first x is at line 1 and the second at 9; in root.toml, the [[includes]]
    // table takes lines 1 to 3 and x is at 4.
    assert.ok(
      conflicts[0]!.includes(
        `keeping ${base}/inc.toml:1 (sha256 ${HEX('a').slice(0, 12)}…), as the Rust tool does`,
      ) && conflicts[0]!.includes(`ignoring ${base}/inc.toml:9 (sha256 ${HEX('b').slice(0, 12)}…)`),
      conflicts[0],
    );
    assert.ok(
      conflicts[1]!.includes(
        `keeping ${base}/inc.toml:1 (sha256 ${HEX('a').slice(0, 12)}…), which the Rust tool reads`,
      ) && conflicts[1]!.includes(`ignoring ${base}/root.toml:4`),
      conflicts[1],
    );
    // y is listed twice with the same digest and URL (resolved alike): not a conflict.
    assert.ok(!log.warnings.some((w) => w.includes('conflicting entries for y:1')), log.warnings.join('\n'));
  });
});

describe('the token', () => {
  const TOKEN = 'ghp_secret_token_1234567890';

  test('reaches only hosts the registry names, and never a log line or an error message', async () => {
    const cdn = await startFileServer();
    const other = await startFileServer();
    try {
      const archive = await makeArchive({ 'qemu-aarch64': 'k' });
      const sha = sha256(archive);
      cdn.set('/blob', archive);
      server.set('/tok/a.tar.gz', '', { redirect: `${cdn.url}/blob` });
      other.set('/b.tar.gz', archive);
      other.set('/inc.toml', registryToml([{ name: 'b', version: '1', sha256: sha, url: 'b.tar.gz' }]));
      server.set(
        '/tok/root.toml',
        registryToml(
          [
            { name: 'a', version: '1', sha256: sha, url: 'a.tar.gz' },
            { name: 'gone', version: '1', sha256: sha, url: `${other.url}/missing.tar.gz` },
          ],
          [`${other.url}/inc.toml`],
        ),
      );
      const log = new MemoryLog();
      const reg = await load({ registries: [`${server.url}/tok/root.toml`], token: TOKEN }, log);
      const out = tempDir('axi-token-');
      const auth = { token: TOKEN, hosts: reg.hosts };
      const errors: string[] = [];
      try {
        for (const name of ['a', 'b', 'gone']) {
          await pullImage({
            entry: selectImage(reg, { name }, { log: new MemoryLog() }),
            spec: { name },
            outputDir: out,
            extract: true,
            retry,
            log,
            auth,
          }).catch((err: Error) => errors.push(err.message));
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const authOf = (s: FileServer, path: string) =>
        s.requests.filter((q) => q.path === path).map((q) => q.headers.authorization);
      assert.deepEqual(authOf(server, '/tok/root.toml'), [`Bearer ${TOKEN}`]);
      assert.deepEqual(authOf(server, '/tok/a.tar.gz'), [`Bearer ${TOKEN}`]);
      assert.deepEqual(authOf(other, '/inc.toml'), [`Bearer ${TOKEN}`]);
      assert.deepEqual(authOf(other, '/b.tar.gz'), [`Bearer ${TOKEN}`]);
      // The missing image's host is named, so the request that got the 404 carried the token; the
      // CDN is named by no registry, only by a redirect, and never saw it.
      assert.deepEqual(authOf(other, '/missing.tar.gz'), [`Bearer ${TOKEN}`]);
      assert.deepEqual(authOf(cdn, '/blob'), [undefined]);
      assert.equal(reg.hosts.has(cdn.host), false);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /missing\.tar\.gz answered HTTP 404/);
      for (const line of [...log.lines.map((l) => l.message), ...errors]) {
        assert.ok(!line.includes(TOKEN), `the token leaked into: ${line}`);
      }
    } finally {
      await cdn.close();
      await other.close();
    }
  });

  test('is never sent over plain http: a redirect from https to http on one host and port is refused', async (t) => {
    const made = makeCert(['127.0.0.1']);
    if (typeof made === 'string') return t.skip(made);
    const { key, cert } = made;

    const seen: { scheme: string; path: string; auth?: string }[] = [];
    let port = 0;
    const handler = (scheme: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.push({ scheme, path: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/start') res.writeHead(302, { location: `http://127.0.0.1:${port}/end` }).end();
      else res.writeHead(200).end('ok');
    };
    const tls = https.createServer({ key, cert }, handler('https'));
    const plain = http.createServer(handler('http'));
    // One port for both: a TLS handshake starts with byte 0x16, plain HTTP with a method name.
    // The servers get a JS stream rather than the socket, since both would read the socket's
    // native handle directly and miss the first bytes, already read to tell them apart.
    const front = net.createServer((sock) => {
      sock.once('data', (first: Buffer) => {
        const relay = new Duplex({
          read: () => undefined,
          write: (chunk: Buffer, _enc, cb) => sock.write(chunk, cb),
          final: (cb) => sock.end(cb),
          destroy: (err, cb) => {
            sock.destroy();
            cb(err);
          },
        });
        relay.push(first);
        sock.on('data', (d: Buffer) => relay.push(d));
        sock.on('end', () => relay.push(null));
        sock.on('error', () => relay.destroy());
        (first[0] === 0x16 ? tls : plain).emit('connection', relay);
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    port = (front.address() as AddressInfo).port;
    try {
      // In a child that trusts the test certificate; this process's trust store stays as it is.
      const r = await runNetChild(
        { op: 'get', url: `https://127.0.0.1:${port}/start`, token: TOKEN, hosts: [`127.0.0.1:${port}`] },
        { NODE_EXTRA_CA_CERTS: made.certPath },
      );
      assert.equal(
        r.failed,
        `GET https://127.0.0.1:${port}/start: refused a redirect from https to plain http (http://127.0.0.1:${port}/end)`,
        r.stderr,
      );
      assert.deepEqual(seen, [{ scheme: 'https', path: '/start', auth: `Bearer ${TOKEN}` }]);
    } finally {
      made.dispose();
      front.close();
      tls.close();
      plain.close();
    }
  });
});

describe('plain http', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  test('a registry on another machine over http is a warning: it is where the digests come from', async (t) => {
    if (!external) return t.skip('no non-loopback IPv4 address to serve from');
    const s = http.createServer((_req, res) =>
      res.end(registryToml([{ name: 'x', version: '1', sha256: HEX('a'), url: 'x.tar.gz' }])),
    );
    await new Promise<void>((r) => s.listen(0, external, r));
    const url = `http://${external}:${(s.address() as AddressInfo).port}/r.toml`;
    try {
      const log = new MemoryLog();
      await load({ registries: [url] }, log);
      assert.deepEqual(withoutRustNotes(log.warnings), [
        `registry ${url} is plain http: whoever can alter the traffic can change the digests it lists, and so the images; use https`,
      ]);
    } finally {
      s.closeAllConnections();
      s.close();
    }
  });

  test('a registry on loopback is not (its traffic never leaves the machine)', async () => {
    server.set('/loop.toml', registryToml([{ name: 'x', version: '1', sha256: HEX('a'), url: 'x.tar.gz' }]));
    const log = new MemoryLog();
    await load({ registries: [`${server.url}/loop.toml`] }, log);
    assert.deepEqual(withoutRustNotes(log.warnings), []);
  });

  test('an image over http is a warning, and its digest still decides', async () => {
    const archive = await makeArchive({ 'qemu-aarch64': 'k' });
    server.set('/plain.tar.gz', archive);
    const out = tempDir('axi-plain-');
    try {
      const log = new MemoryLog();
      const entry = {
        name: 'p',
        version: '1',
        description: '',
        arch: 'aarch64',
        source: 't',
        sha256: sha256(archive),
        url: `${server.url}/plain.tar.gz`,
      };
      await pullImage({ entry, spec: { name: 'p' }, outputDir: out, extract: true, retry, log });
      assert.ok(
        log.warnings.some((w) => w.includes('is plain http; the SHA-256 digest still guards the bytes')),
        log.warnings.join('\n'),
      );
      await assert.rejects(
        pullImage({
          entry: { ...entry, sha256: HEX('0') },
          spec: { name: 'q' },
          outputDir: out,
          extract: true,
          retry,
          log,
        }),
        /SHA-256 mismatch/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
