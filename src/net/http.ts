import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import type { RequestHandler } from '@actions/http-client/lib/interfaces';
import { UserError } from '../core/errors.js';
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
  /** Gives the request up: what is in flight is torn down and the call fails. */
  signal?: AbortSignal;
}

export interface GetResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
  body: IncomingMessage;
}

export const DEFAULT_STALL_MS = 30_000;
const USER_AGENT = 'axvisor-image (+https://github.com/arceos-hypervisor/axvisor)';

/**
 * GETs `url` through `@actions/http-client` (so `HTTP(S)_PROXY` and `NO_PROXY` apply), following
 * redirects itself. Resolves with any status the caller should see (2xx, and 416 for range
 * requests); other statuses reject with HttpStatusError, transport failures with NetworkError.
 * A redirect from https to plain http is refused. The token is attached only while the request
 * stays on the origin (scheme, host and port) it was first sent to, and only when that host is
 * in the policy: a redirect to a CDN drops it.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<GetResponse> {
  const first = new URL(url);
  let current = first;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 10); hop++) {
    // The bytes are hashed as they come: a body the server re-encoded on the way is not the file.
    const headers: Record<string, string> = { 'accept-encoding': 'identity', ...opts.headers };
    if (opts.auth && current.origin === first.origin && opts.auth.hosts.has(current.host)) {
      headers.authorization = `Bearer ${opts.auth.token}`;
    }
    const res = await requestOnce(current, headers, opts.stallMs ?? DEFAULT_STALL_MS, opts.signal);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      const next = new URL(res.headers.location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new NetworkError(`GET ${redact(url)}: redirect to unsupported URL ${next.protocol}`);
      }
      // Whoever can alter plain http traffic could then serve anything in place of the https URL.
      if (first.protocol === 'https:' && next.protocol === 'http:') {
        throw new UserError(
          `GET ${redact(url)}: refused a redirect from https to plain http (${redact(next.href)})`,
        );
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
  throw new NetworkError(`GET ${redact(url)}: too many redirects`);
}

/**
 * Hands each request an abort signal, so a stall before the response can end it; and, for a
 * request that goes straight to an IPv6 literal (`http://[::1]:8080/`), the address without its
 * brackets: the client passes `URL.hostname`, brackets and all, to the socket, which then looks
 * up `[::1]` as a name (actions/toolkit#2298). Through a proxy the brackets stay: the CONNECT
 * target must be `[::1]:8080`.
 */
class RequestOptionsHandler implements RequestHandler {
  constructor(
    private readonly signal: AbortSignal,
    private readonly direct: boolean,
  ) {}
  prepareRequest(options: RequestOptions): void {
    options.signal = this.signal;
    const host = options.host;
    if (this.direct && host && host.startsWith('[') && host.endsWith(']')) options.host = host.slice(1, -1);
  }
  canHandleAuthentication(): boolean {
    return false;
  }
  handleAuthentication(): never {
    throw new Error('not supported');
  }
}

async function requestOnce(
  u: URL,
  headers: Record<string, string>,
  stallMs: number,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  const wait = stallMs % 1000 === 0 ? `${stallMs / 1000} s` : `${stallMs} ms`;
  const stalled = (): NetworkError => new NetworkError(`no data from ${u.host} for ${wait}`);
  const abort = new AbortController();
  // One client per request: its abort signal and agent belong to this request alone.
  const direct = getProxyUrl(u.href) === '';
  // The caller's signal ends the request as ours does, the body included.
  const ends = signal ? AbortSignal.any([abort.signal, signal]) : abort.signal;
  const client = new HttpClient(USER_AGENT, [new RequestOptionsHandler(ends, direct)], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: stallMs,
  });
  // Covers the proxy's CONNECT too, which happens before the request has a socket to time (and
  // a request aborted before it has one reports nothing): the wait itself is given up.
  const deadline = AbortSignal.timeout(stallMs);
  let onDeadline = (): void => undefined;
  const stall = new Promise<'stalled'>((resolve) => {
    onDeadline = () => resolve('stalled');
    deadline.addEventListener('abort', onDeadline);
  });
  const pending = client.get(u.href, headers);
  let answer;
  try {
    answer = await Promise.race([pending, stall]);
  } catch (err) {
    abort.abort();
    if (/^Request timeout/.test((err as Error).message)) throw stalled();
    throw new NetworkError(`GET ${redact(u.href)}: ${(err as Error).message}`, { cause: err });
  } finally {
    deadline.removeEventListener('abort', onDeadline);
  }
  if (answer === 'stalled') {
    abort.abort();
    // Should an answer still come, nobody reads it.
    pending.then(
      (late) => late.message.destroy(),
      () => undefined,
    );
    throw stalled();
  }
  const msg = answer.message;
  msg.on('error', () => undefined);
  // The client times the socket with `socketTimeout`; a stall mid-body must fail the body with
  // our error rather than leave the reader a bare "aborted".
  const socket = msg.socket;
  if (socket) {
    const onTimeout = (): void => void msg.destroy(stalled());
    socket.setTimeout(stallMs);
    socket.on('timeout', onTimeout);
    msg.once('close', () => socket.off('timeout', onTimeout));
  }
  return msg;
}

/** The body's `Content-Encoding` when the server applied one despite `identity`, else undefined. */
export function bodyEncoding(headers: IncomingHttpHeaders): string | undefined {
  const v = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  return v === '' || v === 'identity' ? undefined : v;
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
