// A repeat load reads last time's includes while the registry itself is on its way, so a runner
// that keeps its output dir waits one round trip for the registry instead of two. The list is a
// hint only: read back as untrusted data, limited to the input's own origins, fetched without a
// token, used only for a document read now that includes it, and given up (not waited for) when
// nothing does.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import { after, test } from 'node:test';
import { runList } from '../../src/action/commands.js';
import { includeHintsPath } from '../../src/registry/include-hints.js';
import { registryToml, tempDir } from '../support/archives.js';
import { MemoryLog } from '../support/memory-log.js';
import { FAST_RETRY, inputs } from '../support/registry-fixtures.js';

const HEX = (c: string): string => c.repeat(64);

interface Seen {
  path: string;
  at: number;
  auth?: string;
  /** When the answer went out; undefined while it has not (or never did). */
  answeredAt?: number;
  /** The client gave the request up before its answer. */
  abandoned: boolean;
}

/** A registry server whose documents can each be delayed, refused or held, with a log of requests. */
class RegistryServer {
  readonly docs = new Map<string, { body: string; delayMs?: number; hold?: boolean; needsToken?: boolean }>();
  readonly seen: Seen[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const seen: Seen = { path, at: performance.now(), auth: req.headers.authorization, abandoned: false };
    this.seen.push(seen);
    res.on('close', () => {
      if (!res.writableFinished) seen.abandoned = true;
    });
    const doc = this.docs.get(path);
    if (doc?.hold) return;
    const send = (): void => {
      seen.answeredAt = performance.now();
      if (!doc || (doc.needsToken && !req.headers.authorization)) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(doc.body);
    };
    if (doc?.delayMs) setTimeout(send, doc.delayMs);
    else send();
  }

  requests(path: string): Seen[] {
    return this.seen.filter((s) => s.path === path);
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

const servers: RegistryServer[] = [];
const dirs: string[] = [];
after(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function server(): Promise<RegistryServer> {
  const s = await new RegistryServer().start();
  servers.push(s);
  return s;
}

function scratch(): string {
  const d = tempDir('axi-hints-');
  dirs.push(d);
  return d;
}

function image(name: string, hex: string): Parameters<typeof registryToml>[0][number] {
  return { name, version: '1', sha256: HEX(hex), url: `https://images.example/${name}.tar.gz` };
}

/** default.toml including `includes` (names of documents beside it), each listing one image of its name. */
function publish(s: RegistryServer, includes: string[], delayMs = 0): string {
  s.docs.set('/reg/default.toml', {
    body: registryToml(
      [],
      includes.map((n) => `${s.url}/reg/${n}.toml`),
    ),
    delayMs,
  });
  for (const n of ['a', 'b', 'c'])
    s.docs.set(`/reg/${n}.toml`, { body: registryToml([image(`img_${n}`, n)]) });
  return `${s.url}/reg/default.toml`;
}

async function list(
  out: string,
  registry: string,
  extra: Record<string, string> = {},
  log = new MemoryLog(),
) {
  const result = await runList(inputs({ command: 'list', registry, 'output-dir': out, ...extra }), {
    log,
    retry: FAST_RETRY,
  });
  const names = (JSON.parse(result.outputs.matrix ?? '{}') as { include: { name: string }[] }).include
    .map((r) => r.name)
    .sort();
  return { names, log };
}

test("a repeat load asks for last time's includes while the registry itself is on its way", async () => {
  const s = await server();
  const registry = publish(s, ['a', 'b'], 300);
  const out = scratch();
  assert.deepEqual((await list(out, registry)).names, ['img_a', 'img_b']);
  const first = s.requests('/reg/default.toml')[0]!;
  for (const n of ['a', 'b']) {
    assert.ok(
      s.requests(`/reg/${n}.toml`)[0]!.at >= first.answeredAt!,
      `${n}.toml asked for after the registry answered`,
    );
  }
  s.seen.length = 0;
  assert.deepEqual((await list(out, registry)).names, ['img_a', 'img_b']);
  const second = s.requests('/reg/default.toml')[0]!;
  for (const n of ['a', 'b']) {
    const asked = s.requests(`/reg/${n}.toml`);
    assert.equal(asked.length, 1, `${n}.toml read once`);
    assert.ok(asked[0]!.at < second.answeredAt!, `${n}.toml asked for before the registry answered`);
  }
});

test('a document included last time and not now is not used, and neither its failure nor its silence is waited for or said', async () => {
  const s = await server();
  const registry = publish(s, ['a', 'b']);
  const out = scratch();
  assert.deepEqual((await list(out, registry)).names, ['img_a', 'img_b']);
  publish(s, ['a'], 100);
  s.docs.set('/reg/b.toml', { body: '', hold: true });
  s.seen.length = 0;
  const { names, log } = await list(out, registry);
  assert.deepEqual(names, ['img_a'], 'img_b is not in the registry any more');
  assert.deepEqual(
    log.warnings.filter((w) => w.includes('b.toml')),
    [],
  );
  const b = s.requests('/reg/b.toml');
  assert.equal(b.length, 1, 'b.toml was asked for ahead');
  // The load returned without b.toml's answer, and gave its request up.
  await waitFor(() => b[0]!.abandoned);
  // Now that a answers, the load reads b.toml no more.
  s.docs.set('/reg/b.toml', { body: 'this = "is not a registry"' });
  assert.deepEqual((await list(out, registry)).names, ['img_a']);
});

test('the list is untrusted: any shape, another input, another origin or a file others may write is no list', async () => {
  const s = await server();
  const other = await server();
  other.docs.set('/reg/x.toml', { body: registryToml([image('img_x', 'd')]) });
  const registry = publish(s, ['a']);
  const out = scratch();
  assert.deepEqual((await list(out, registry)).names, ['img_a']);
  const input = { registries: [registry] };
  const path = includeHintsPath(out, input);
  const good = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(good.includes, [`${s.url}/reg/a.toml`]);
  const planted = [
    'not json',
    '[]',
    'null',
    JSON.stringify({ ...good, includes: [null, 7, {}, `${s.url}/reg/a.toml`] }),
    JSON.stringify({ ...good, includes: 'a' }),
    JSON.stringify({ ...good, format: 2 }),
    JSON.stringify({ ...good, registries: [`${s.url}/reg/other.toml`] }),
    JSON.stringify({ ...good, includes: [`${other.url}/reg/x.toml`, `file:///etc/passwd`] }),
  ];
  for (const text of planted) {
    writeFileSync(path, text, { mode: 0o600 });
    const { names, log } = await list(out, registry);
    assert.deepEqual(names, ['img_a'], text);
    assert.deepEqual(
      log.warnings.filter((w) => !w.includes('plain http')),
      [],
      text,
    );
  }
  assert.equal(other.seen.length, 0, 'nothing was asked of an origin the input does not name');

  // A list others may write is not read: b.toml, listed there, is not asked for ahead.
  writeFileSync(path, JSON.stringify({ ...good, includes: [`${s.url}/reg/b.toml`] }), { mode: 0o600 });
  chmodSync(path, 0o666);
  s.seen.length = 0;
  await list(out, registry);
  assert.equal(s.requests('/reg/b.toml').length, 0);
});

test('reads ahead carry no token; a document that needs one is read again with it', async () => {
  const s = await server();
  // The registry answers late, so a.toml is asked for ahead of it.
  const registry = publish(s, ['a'], 100);
  s.docs.get('/reg/a.toml')!.needsToken = true;
  const out = scratch();
  assert.deepEqual((await list(out, registry, { token: 'sekret' })).names, ['img_a']);
  s.seen.length = 0;
  assert.deepEqual((await list(out, registry, { token: 'sekret' })).names, ['img_a']);
  const a = s.requests('/reg/a.toml');
  assert.deepEqual(
    a.map((r) => r.auth),
    [undefined, 'Bearer sekret'],
  );
});

test('the list is kept private beside the snapshot, and a repeat run that read the same documents writes nothing', async () => {
  const s = await server();
  const registry = publish(s, ['a', 'b']);
  const out = scratch();
  await list(out, registry);
  const path = includeHintsPath(out, { registries: [registry] });
  const before = statSync(path);
  assert.equal(before.uid, process.getuid!());
  assert.equal(statSync(dirname(path)).mode & 0o077, 0, 'in a dir only this user can open');
  await new Promise((r) => setTimeout(r, 20));
  await list(out, registry);
  assert.equal(statSync(path).mtimeMs, before.mtimeMs);
  publish(s, ['b', 'c']);
  await list(out, registry);
  assert.deepEqual((JSON.parse(readFileSync(path, 'utf8')) as { includes: string[] }).includes, [
    `${s.url}/reg/b.toml`,
    `${s.url}/reg/c.toml`,
  ]);
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), 'in time');
}
