/**
 * A local stand-in for the GitHub Actions cache service (v2, Twirp JSON) and its blob store, so
 * tests can drive the REAL `@actions/cache` 6.x against it without mocking the library.
 *
 * What the library expects, and why this file answers the way it does:
 * - Service choice and URLs are read from `process.env` at call time (only the Windows tar paths
 *   are read at import time), so a test may import `@actions/cache` statically as long as it
 *   copies `service.env` into `process.env` before the first call. The Azure SDK reads
 *   `NO_PROXY` once, on its first request.
 * - Twirp error bodies must be JSON: the client `JSON.parse`s every body and treats a parse
 *   failure as retryable, so a plain-text error would cost five attempts.
 * - The client retries Twirp 500/502/503/504 five times, sleeping 3 s × 1.5ⁿ (≈ 25–35 s in all);
 *   the blob SDK retries 500/503 and socket errors four times (0 + 4 + 12 s). Tests that inject
 *   those faults should shorten long timers rather than wait.
 * - Uploads go through the Azure blob SDK to the signed URL. On a loopback host the SDK reads the
 *   path as /<account>/<container>/<blob>, hence `/devstoreaccount1/cache/<blob>`. Up to 128 MiB
 *   is one Put Blob; larger archives are Put Block ×n + Put Block List.
 * - Downloads from a host that is not *.blob.core.windows.net are one plain GET (no Range), and
 *   only a Content-Length mismatch is detected; corrupt bytes surface when tar/zstd fail.
 * - Blobs live on disk, not in memory, because tests push archives over 128 MiB.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Faults a test can switch on and off while the service runs. A status applies to every call of that kind. */
/**
 * Failures of the cache service that a save must turn into a warning, each with the
 * CreateCacheEntry calls the library makes under it (it retries a 5xx on create).
 */
export const SAVE_FAULTS: readonly { fault: CacheFaults; creates: number }[] = [
  { fault: { down: true }, creates: 1 },
  { fault: { createStatus: 500 }, creates: 5 },
  { fault: { finalizeStatus: 500 }, creates: 1 },
  { fault: { uploadStatus: 500 }, creates: 1 },
  { fault: { createStatus: 409 }, creates: 1 },
];

export interface CacheFaults {
  /** Reset every connection and request, like an unreachable service (the client sees ECONNRESET). */
  down?: boolean;
  /** HTTP status for CreateCacheEntry, e.g. 409 (another job reserved the key) or 500. */
  createStatus?: number;
  /** HTTP status for GetCacheEntryDownloadURL. */
  getStatus?: number;
  /** HTTP status for FinalizeCacheEntryUpload. */
  finalizeStatus?: number;
  /** HTTP status for every blob PUT (Put Blob, Put Block, Put Block List), with an Azure XML error body. */
  uploadStatus?: number;
  /** HTTP status for blob GET. */
  downloadStatus?: number;
  /** Serve downloads with their first KiB inverted (same length), so the archive fails to decompress. */
  corruptDownload?: boolean;
}

export interface CacheServiceOptions {
  /** Initial faults (the same object is exposed, mutable, as `service.faults`). */
  faults?: CacheFaults;
  /** Bearer token the service demands; default a fixed test token. */
  token?: string;
}

/** A committed (finalized) cache entry. */
export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  sizeBytes: number;
  /** Path of the blob on disk. */
  file: string;
  /** Commit order; restore-key prefix matches prefer the highest. */
  seq: number;
}

export interface RequestRecord {
  method: string;
  /** Path and query as requested. */
  path: string;
  /** Twirp method name for service calls, e.g. `CreateCacheEntry`. */
  twirpMethod?: string;
  /** Blob operation from the `comp` query parameter (`block`, `blocklist`), absent for plain blob PUT/GET. */
  comp?: string;
  /** Status sent, once the response has finished (absent when the socket was reset). */
  status?: number;
}

export interface CacheService {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:PORT/`. */
  url: string;
  /** Variables `@actions/cache` needs to pick the v2 service and reach this one. */
  env: Record<string, string>;
  /** Every request received, in arrival order. */
  requests: RequestRecord[];
  /** Number of blob GET/PUT requests so far. */
  blobRequests(): number;
  /** Committed entries, by `entryMapKey(key, version)`. */
  entries: Map<string, CacheEntry>;
  /** Committed entries with this key, whatever their version. */
  findEntries(key: string): CacheEntry[];
  /** Runs `fn` and returns its value with the requests the service received meanwhile. */
  during<T>(fn: () => Promise<T>): Promise<[T, RequestRecord[]]>;
  /** Mutable at run time. */
  faults: CacheFaults;
  /** Removes every fault. */
  clearFaults(): void;
  /** Temp directory holding blobs and `RUNNER_TEMP`; removed by `close()`. */
  dir: string;
  close(): Promise<void>;
}

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const BLOB_PREFIX = '/devstoreaccount1/cache/';
const AZURE_VERSION = '2025-11-05';

/** Map key of `CacheService.entries`. The version is hex, so the last `|` separates them. */
export const entryMapKey = (key: string, version: string): string => `${key}|${version}`;

// Twirp's own status → code table, so injected statuses read like the real service's errors.
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

const AZURE_CODES: Record<number, string> = {
  400: 'InvalidInput',
  403: 'AuthenticationFailed',
  404: 'BlobNotFound',
  409: 'BlobAlreadyExists',
  500: 'InternalError',
  503: 'ServerBusy',
};

class TwirpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = TWIRP_CODES[status] ?? 'unknown',
  ) {
    super(message);
  }
}

export async function startCacheService(opts: CacheServiceOptions = {}): Promise<CacheService> {
  const dir = await mkdtemp(join(tmpdir(), 'cache-service-'));
  const blobDir = join(dir, 'blobs');
  const blockDir = join(dir, 'blocks');
  const runnerTemp = join(dir, 'runner-temp');
  await Promise.all([blobDir, blockDir, runnerTemp].map((d) => mkdir(d, { recursive: true })));

  const token = opts.token ?? 'test-runtime-token';
  // Stands in for the SAS signature: the library masks it, and the blob endpoint insists on it.
  const sig = randomBytes(12).toString('hex');
  const faults: CacheFaults = opts.faults ?? {};
  const requests: RequestRecord[] = [];
  const entries = new Map<string, CacheEntry>();
  // Reserved by CreateCacheEntry, not yet finalized. Reservations never expire here.
  const pending = new Map<string, { id: number; blob: string }>();
  let nextId = 1;
  let seq = 0;
  let baseUrl = '';

  const blobFile = (name: string): string => join(blobDir, name);
  const signedUrl = (blob: string, perms: string): string =>
    `${baseUrl}${BLOB_PREFIX.slice(1)}${blob}?sv=${AZURE_VERSION}&sr=b&sp=${perms}&sig=${sig}`;

  // ---- Twirp service ---------------------------------------------------------------------------

  function createEntry(body: Record<string, unknown>): object {
    const { key, version } = requireKeyVersion(body);
    const k = entryMapKey(key, version);
    // The real service refuses both a committed entry and one another job is still uploading.
    if (entries.has(k) || pending.has(k)) {
      throw new TwirpError(409, 'cache entry with the same key, version, and scope already exists');
    }
    const id = nextId++;
    const blob = `e${id}`;
    pending.set(k, { id, blob });
    return { ok: true, signed_upload_url: signedUrl(blob, 'rcw') };
  }

  async function finalizeEntry(body: Record<string, unknown>): Promise<object> {
    const { key, version } = requireKeyVersion(body);
    const k = entryMapKey(key, version);
    const reservation = pending.get(k);
    if (!reservation) throw new TwirpError(404, 'cache entry not found');
    const file = blobFile(reservation.blob);
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw new TwirpError(412, 'no blob was uploaded for this cache entry');
    if (String(body.size_bytes ?? '') !== String(size)) {
      throw new TwirpError(400, `size_bytes ${String(body.size_bytes)} does not match the uploaded ${size}`);
    }
    pending.delete(k);
    entries.set(k, { id: reservation.id, key, version, sizeBytes: size, file, seq: ++seq });
    return { ok: true, entry_id: String(reservation.id) };
  }

  function lookupEntry(body: Record<string, unknown>): object {
    const { key, version } = requireKeyVersion(body);
    const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
    const candidates = [...entries.values()].filter((e) => e.version === version);
    // GitHub's documented order: the key exactly; then each restore key exactly, else the newest
    // entry whose key starts with it.
    let hit = candidates.find((e) => e.key === key);
    for (const rk of restoreKeys) {
      if (hit) break;
      hit =
        candidates.find((e) => e.key === rk) ??
        candidates.filter((e) => e.key.startsWith(rk)).sort((a, b) => b.seq - a.seq)[0];
    }
    if (!hit) return { ok: false, signed_download_url: '', matched_key: '' };
    const blob = hit.file.slice(blobDir.length + 1);
    return { ok: true, signed_download_url: signedUrl(blob, 'r'), matched_key: hit.key };
  }

  async function handleTwirp(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const raw = await readBody(req);
    try {
      if (req.method !== 'POST') throw new TwirpError(404, `${req.method} is not supported`, 'bad_route');
      if (req.headers.authorization !== `Bearer ${token}`) {
        throw new TwirpError(401, 'missing or invalid runtime token');
      }
      const injected: Record<string, number | undefined> = {
        CreateCacheEntry: faults.createStatus,
        FinalizeCacheEntryUpload: faults.finalizeStatus,
        GetCacheEntryDownloadURL: faults.getStatus,
      };
      const status = injected[method];
      if (status) throw new TwirpError(status, `injected fault: ${method} answers ${status}`);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new TwirpError(400, 'the request body is not valid JSON');
      }
      let answer: object;
      if (method === 'CreateCacheEntry') answer = createEntry(body);
      else if (method === 'FinalizeCacheEntryUpload') answer = await finalizeEntry(body);
      else if (method === 'GetCacheEntryDownloadURL') answer = lookupEntry(body);
      else throw new TwirpError(404, `no handler for ${method}`, 'bad_route');
      sendJson(res, 200, answer);
    } catch (err) {
      if (!(err instanceof TwirpError)) throw err;
      sendJson(res, err.status, { code: err.code, msg: err.message });
    }
  }

  // ---- Blob store ------------------------------------------------------------------------------

  async function handleBlob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = decodeURIComponent(url.pathname.slice(BLOB_PREFIX.length));
    if (!/^[\w.-]+$/.test(name) || url.searchParams.get('sig') !== sig) {
      req.resume();
      return sendAzureError(res, 403, 'the signed URL is not valid');
    }
    const comp = url.searchParams.get('comp');
    if (req.method === 'PUT') {
      if (faults.uploadStatus) {
        // Drain first: answering mid-body makes the client see EPIPE instead of the status.
        await readBody(req, false);
        return sendAzureError(res, faults.uploadStatus, 'injected fault');
      }
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) {
          await readBody(req, false);
          return sendAzureError(res, 400, 'blockid is required');
        }
        await mkdir(join(blockDir, name), { recursive: true });
        const md5 = await writeBody(req, join(blockDir, name, Buffer.from(blockId).toString('hex')));
        return sendCreated(res, { 'content-md5': md5 });
      }
      if (comp === 'blocklist') {
        // <BlockList><Latest>id</Latest>…</BlockList>: the blob is the blocks in listed order.
        const xml = (await readBody(req)).toString('utf8');
        const ids = [...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] ?? '');
        const parts = ids.map((id) => join(blockDir, name, Buffer.from(id).toString('hex')));
        const missing = await Promise.all(
          parts.map((p) =>
            stat(p).then(
              () => false,
              () => true,
            ),
          ),
        );
        if (ids.length === 0 || missing.includes(true)) {
          return sendAzureError(
            res,
            400,
            'the block list names a block that was not uploaded',
            'InvalidBlockList',
          );
        }
        const out = createWriteStream(blobFile(name));
        for (const p of parts) await pipeline(createReadStream(p), out, { end: false });
        await new Promise<void>((resolve, reject) =>
          out.end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
        await rm(join(blockDir, name), { recursive: true, force: true });
        return sendCreated(res, {});
      }
      if (comp || req.headers['x-ms-blob-type'] !== 'BlockBlob') {
        await readBody(req, false);
        return sendAzureError(
          res,
          400,
          comp ? `unsupported comp=${comp}` : 'x-ms-blob-type must be BlockBlob',
        );
      }
      const md5 = await writeBody(req, blobFile(name));
      return sendCreated(res, { 'content-md5': md5 });
    }

    if (req.method === 'GET' || req.method === 'HEAD') {
      req.resume();
      if (faults.downloadStatus) return sendAzureError(res, faults.downloadStatus, 'injected fault');
      const size = await stat(blobFile(name)).then(
        (s) => s.size,
        () => undefined,
      );
      if (size === undefined) return sendAzureError(res, 404, 'the specified blob does not exist');
      let start = 0;
      let end = size - 1;
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''));
      if (range) {
        start = Number(range[1]);
        end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
        if (start > end) return sendAzureError(res, 416, 'the range is not satisfiable', 'InvalidRange');
      }
      res.writeHead(range ? 206 : 200, {
        ...azureHeaders(),
        'content-type': 'application/octet-stream',
        'content-length': String(end - start + 1),
        'accept-ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob',
        ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      });
      if (req.method === 'HEAD' || size === 0) return void res.end();
      const source = createReadStream(blobFile(name), { start, end });
      await pipeline(source, faults.corruptDownload ? corruptFirstKiB() : new PassThrough(), res);
      return;
    }

    req.resume();
    sendAzureError(res, 405, `${req.method} is not supported`, 'UnsupportedHttpVerb');
  }

  // ---- Server ----------------------------------------------------------------------------------

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RequestRecord = { method: req.method ?? '', path: url.pathname + url.search };
    if (url.pathname.startsWith(TWIRP_PREFIX)) record.twirpMethod = url.pathname.slice(TWIRP_PREFIX.length);
    const comp = url.searchParams.get('comp');
    if (comp) record.comp = comp;
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    // Reset per request, not per connection, so each attempt is logged; kept-alive sockets too.
    if (faults.down) return void req.socket.destroy();

    const work = record.twirpMethod
      ? handleTwirp(req, res, record.twirpMethod)
      : url.pathname.startsWith(BLOB_PREFIX)
        ? handleBlob(req, res, url)
        : readBody(req, false).then(() =>
            sendJson(res, 404, { code: 'bad_route', msg: `no route ${url.pathname}` }),
          );
    work.catch((err: unknown) => {
      // A client that hangs up mid-transfer lands here too; nothing useful to answer then.
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', msg: String(err) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/`;

  const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1'].filter(Boolean).join(',');

  return {
    url: baseUrl,
    env: {
      // v2 needs the flag and a github.com (not GHES) server URL; otherwise the library uses v1.
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      ACTIONS_RESULTS_URL: baseUrl,
      // Sent as a Bearer token and never parsed; the library throws if it is missing.
      ACTIONS_RUNTIME_TOKEN: token,
      // Where the library builds and downloads archives; unset, it uses /home/actions/temp.
      RUNNER_TEMP: runnerTemp,
      // An outer runner may have set 'read' or 'none'; 'write' allows both restore and save.
      ACTIONS_CACHE_MODE: 'write',
      // The Azure SDK, unlike @actions/http-client, would send loopback uploads through a proxy.
      NO_PROXY: noProxy,
    },
    requests,
    blobRequests: () => requests.filter((r) => r.path.startsWith(BLOB_PREFIX)).length,
    entries,
    findEntries: (key) => [...entries.values()].filter((e) => e.key === key),
    async during(fn) {
      const mark = requests.length;
      const value = await fn();
      return [value, requests.slice(mark)];
    },
    faults,
    clearFaults() {
      for (const k of Object.keys(faults)) delete faults[k as keyof CacheFaults];
    },
    dir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---- helpers -----------------------------------------------------------------------------------

function requireKeyVersion(body: Record<string, unknown>): { key: string; version: string } {
  const key = typeof body.key === 'string' ? body.key : '';
  const version = typeof body.version === 'string' ? body.version : '';
  if (!key || !version) throw new TwirpError(400, 'key and version are required');
  return { key, version };
}

/** Reads a (small) body into memory, or just drains it when `keep` is false. */
async function readBody(req: IncomingMessage, keep = true): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) if (keep) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Streams a request body to a file; returns its base64 MD5, which Azure echoes as Content-MD5. */
async function writeBody(req: IncomingMessage, file: string): Promise<string> {
  const hash = createHash('md5');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(req, tap, createWriteStream(file));
  return hash.digest('base64');
}

function corruptFirstKiB(): Transform {
  let left = 1024;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left > 0) {
        chunk = Buffer.from(chunk);
        for (let i = 0; i < chunk.length && left > 0; i++, left--) chunk[i] = (chunk[i] ?? 0) ^ 0xff;
      }
      done(null, chunk);
    },
  });
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Headers every Azure blob response carries; the SDK's deserialisers read them, none is required. */
function azureHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': AZURE_VERSION,
    date: new Date().toUTCString(),
  };
}

function sendCreated(res: ServerResponse, extra: Record<string, string>): void {
  res.writeHead(201, {
    ...azureHeaders(),
    etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'x-ms-request-server-encrypted': 'true',
    'content-length': '0',
    ...extra,
  });
  res.end();
}

/** Azure answers errors with an XML body and the code in `x-ms-error-code`, which the SDK reports. */
function sendAzureError(
  res: ServerResponse,
  status: number,
  message: string,
  code = AZURE_CODES[status] ?? 'InternalError',
): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    ...azureHeaders(),
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(xml)),
    'x-ms-error-code': code,
  });
  res.end(xml);
}

/** The Twirp calls of one method among `reqs`. */
export const twirpCalls = (reqs: RequestRecord[], method: string): RequestRecord[] =>
  reqs.filter((r) => r.twirpMethod === method);
