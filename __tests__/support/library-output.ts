/**
 * What the real @actions/cache prints, kept instead of shown, and its long retry sleeps cut short.
 *
 * The library reports through @actions/core, which writes workflow commands (`::warning::…`) and
 * info lines to stdout as strings. The test runner's own channel from a test file's process is
 * binary, so only strings are taken. Installed once per test file; `take()` hands over what was
 * printed since the last call.
 */
const lines: string[] = [];
let installed = false;

export function captureLibraryOutput(): void {
  if (installed) return;
  installed = true;
  interceptStdout(lines);
}

/**
 * Sends the string writes to stdout into `into`, line by line, until the returned function puts
 * stdout back; other writes (the test runner's own) pass through.
 */
export function interceptStdout(into: string[]): () => void {
  const realWrite = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') {
      return realWrite.apply(process.stdout, [chunk, ...rest] as Parameters<typeof realWrite>);
    }
    into.push(...chunk.split(/\r?\n/).filter(Boolean));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof realWrite;
  return () => {
    process.stdout.write = realWrite;
  };
}

export interface LibraryOutput {
  /** `::warning::` and `::error::` lines, without the prefix. */
  problems: string[];
  /** Plain info lines. */
  infos: string[];
}

/** Lines printed since the last call, and forgets them. */
export function takeLibraryOutput(): LibraryOutput {
  const taken = lines.splice(0);
  const problems = taken
    .filter((l) => l.startsWith('::warning::') || l.startsWith('::error::'))
    .map((l) => l.replace(/^::(?:warning|error)::/, ''));
  return { problems, infos: taken.filter((l) => !l.startsWith('::')) };
}

/**
 * Runs `fn` with every timer of a second or more shortened to 1 ms: the library's Twirp retries
 * sleep 3 s × 1.5ⁿ five times and the blob SDK 4 + 12 s, which a fault test need not sit through.
 */
export async function withFastTimers<T>(fn: () => Promise<T>): Promise<T> {
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(cb, (ms ?? 0) >= 1000 ? 1 : ms, ...args)) as typeof setTimeout;
  try {
    return await fn();
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
}
