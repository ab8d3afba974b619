import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { HttpStatusError, NetworkError, parseRetryAfter } from './errors.js';

/** A token and the hosts it may be sent to (those the registry and its entries name). */
export interface AuthPolicy {
  token: string;
  hosts: ReadonlySet<string>;
}

export interface GetOptions {
  headers?: Record<string, string>;
  auth?: AuthPolicy;
  /** Abort when no byte arrives for this long (covers connect, headers and body). */
  stallMs?: number;
  maxRedirects?: number;
}

export interface GetResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
  body: IncomingMessage;
}

export const DEFAULT_STALL_MS = 30_000;
const USER_AGENT = 'axvisor-image (+https://github.com/arceos-hypervisor/axvisor)';

/**
 * GETs `url`, following redirects. Resolves with any status the caller should see (2xx, and 416
 * for range requests); other statuses reject with HttpStatusError, transport failures with
 * NetworkError. The token is attached only while the request stays on the origin (scheme, host
 * and port) it was first sent to, and only when that host is in the policy: a redirect to a CDN
 * drops it, and so does a redirect from https to plain http on the same host, which would put
 * the token on the wire in clear.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<GetResponse> {
  const first = new URL(url);
  let current = first;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 10); hop++) {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...opts.headers };
    if (opts.auth && current.origin === first.origin && opts.auth.hosts.has(current.host)) {
      headers.authorization = `Bearer ${opts.auth.token}`;
    }
    const res = await requestOnce(current, headers, opts.stallMs ?? DEFAULT_STALL_MS);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      const next = new URL(res.headers.location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new NetworkError(`GET ${url}: redirect to unsupported URL ${next.protocol}`);
      }
      current = next;
      continue;
    }
    if ((status >= 200 && status < 300) || status === 416) {
      return { status, headers: res.headers, url: current.href, body: res };
    }
    res.resume();
    throw new HttpStatusError(
      redact(current.href),
      status,
      parseRetryAfter(res.headers['retry-after'] as string),
    );
  }
  throw new NetworkError(`GET ${url}: too many redirects`);
}

function requestOnce(u: URL, headers: Record<string, string>, stallMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    let response: IncomingMessage | undefined;
    const req = mod.get(u, { headers }, (res) => {
      // The socket's idle timer keeps running while the body streams, so a stall mid-body
      // destroys the response with the error below.
      res.on('error', () => undefined);
      response = res;
      resolve(res);
    });
    req.setTimeout(stallMs, () => {
      const wait = stallMs % 1000 === 0 ? `${stallMs / 1000} s` : `${stallMs} ms`;
      const err = new NetworkError(`no data from ${u.host} for ${wait}`);
      // Destroying only the request would leave the body reader a bare "aborted".
      response?.destroy(err);
      req.destroy(err);
    });
    req.on('error', (err) => {
      reject(
        err instanceof NetworkError
          ? err
          : new NetworkError(`GET ${redact(u.href)}: ${err.message}`, { cause: err }),
      );
    });
  });
}

/** Signed URLs carry credentials in the query; keep them out of messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.search) u.search = '?…';
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.href;
  } catch {
    return url;
  }
}
