import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { fetchText, type FetchedText } from '../net/fetch-text.js';
import { NO_RETRY } from '../net/retry.js';
import type { AuthPolicy } from '../net/http.js';
import type { LoadOptions } from './load.js';
import { parseRegistry } from './parse.js';
import type { Doc } from './views.js';

/**
 * Registry documents read per load, at most. The published tree has a handful; a registry that
 * generates new include URLs without end (by mistake or on purpose) is cut off here, and the
 * documents past the limit count as failed includes.
 */
export const MAX_REGISTRY_DOCUMENTS = 256;

/** One document parsed, with the URL that answered and its text; what failed, as an Error. */
export function parseDoc(text: string, url: string, answered: string): Doc | Error {
  try {
    // Only a document read from the file system may name local files: one the user named, or
    // one such a document included (a document read over http(s) can name no file).
    const remote = new URL(answered).protocol !== 'file:';
    return { ...parseRegistry(text, url, { remote }), answered, text };
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Reads registry documents over the network or the file system, each URL once, concurrently. */
export class NetworkReader {
  readonly hosts = new Set<string>();
  private readonly seen = new Map<string, Promise<Doc | Error>>();
  private readonly done = new Map<string, Doc | Error>();
  /** Fetches started on a hint, before a document read now names them (include-hints.ts). */
  private readonly early = new Map<string, Promise<FetchedText | undefined>>();
  private readonly unused = new AbortController();
  constructor(private readonly opts: LoadOptions) {}

  /**
   * Starts reading `urls` ahead, each once, quietly, without a token and without retries: what
   * fails here is read again the usual way if a document names it.
   */
  prefetch(urls: string[]): void {
    for (const url of urls) {
      if (this.seen.has(url) || this.early.has(url) || this.early.size >= MAX_REGISTRY_DOCUMENTS) continue;
      const got = fetchText(url, {
        retry: NO_RETRY,
        log: SILENT,
        stallMs: this.opts.stallMs,
        signal: this.unused.signal,
      });
      this.early.set(
        url,
        got.catch(() => undefined),
      );
    }
  }

  /** Gives up the reads started ahead that no document named, so none keeps the process alive. */
  dropUnused(): void {
    this.unused.abort();
  }

  lookup(url: string): Doc | Error | undefined {
    return this.done.get(url);
  }

  /** Reads `urls` and everything they include, each as soon as it is known. */
  async discover(urls: string[]): Promise<void> {
    const visit = async (url: string): Promise<void> => {
      const doc = await this.fetchOnce(url);
      this.done.set(url, doc);
      if (doc instanceof Error) return;
      await Promise.all(doc.includes.filter((inc) => !this.seen.has(inc)).map(visit));
    };
    await Promise.all(urls.filter((u) => !this.seen.has(u)).map(visit));
  }

  private fetchOnce(url: string): Promise<Doc | Error> {
    let p = this.seen.get(url);
    if (!p && this.seen.size >= MAX_REGISTRY_DOCUMENTS) {
      p = Promise.resolve(
        new UserError(`not read: more than ${MAX_REGISTRY_DOCUMENTS} registry documents are included`),
      );
      this.seen.set(url, p);
    }
    if (!p) {
      const { opts } = this;
      hostOf(url, this.hosts);
      if (isPlainHttp(url)) {
        // Unlike an image URL, a registry is not guarded by a digest: it is where the digests
        // come from.
        opts.log.warn(
          `registry ${url} is plain http: whoever can alter the traffic can change the digests it lists, and so the images; use https`,
        );
      }
      const auth: AuthPolicy | undefined = opts.token ? { token: opts.token, hosts: this.hosts } : undefined;
      const early = this.early.get(url);
      const read = (): Promise<FetchedText> =>
        fetchText(url, { retry: opts.retry, log: opts.log, auth, stallMs: opts.stallMs });
      p = (early ? early.then((got) => got ?? read()) : read())
        .then(({ text, url: answered }) => parseDoc(text, url, answered))
        .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      this.seen.set(url, p);
    }
    return p;
  }
}

const SILENT: Log = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  group: (_title, fn) => fn(),
};

/** http to another machine; loopback traffic never leaves this one, so it has no path to alter. */
function isPlainHttp(url: string): boolean {
  const u = new URL(url);
  if (u.protocol !== 'http:') return false;
  const h = u.hostname;
  return !(h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h));
}

export function hostOf(url: string, into: Set<string>): void {
  const u = new URL(url);
  if (u.protocol === 'http:' || u.protocol === 'https:') into.add(u.host);
}
