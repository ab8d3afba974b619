import v8 from 'node:v8';

/**
 * The V8 flag that caps the young generation, and so sets when V8 collects young Buffers early.
 *
 * A pull allocates about three bytes of short-lived Buffers per archive byte (socket reads, their
 * batches, zlib's output), each dead within milliseconds. V8 frees such buffers cheaply in a
 * young-generation collection, which it starts early once the buffers allocated since the last
 * one reach twice the young generation's cap. V8 12 (Node 22) capped it at 16 MB, a trigger at
 * 32 MB. V8 13 (Node 24, the runtime the action declares) raised the default to 64 MB, a trigger
 * at 128 MB, so the 64 MB external-memory limit trips first: dead buffers pile up to 64 MB and
 * are freed only by full mark-compacts. Measured on a 1 GB pull under Node 24: peak RSS 155 MB
 * and 72 mark-compacts by default, 120 MB and 9 with the V8 12 cap, and 20–30 % less time.
 */
export const YOUNG_GENERATION_FLAG = '--scavenger-max-new-space-capacity-mb';

/**
 * The V8 flag that fixes how far the old generation may grow past its live size before the next
 * full collection (the default adapts to the measured GC and allocation speeds).
 *
 * With young collections that frequent, the old generation of a pull stays near 11 MB, and V8
 * 13 often sets its next limit only about 11 MB above that, less than a young generation's
 * worth, so it starts marking again as soon as it finishes: in about half the pulls of the
 * 150 MB image (most of them after a forced GC), 20–30 full collections and 300–400 ms more CPU.
 * A factor of 4 leaves room for a young generation and ended those runs: 8 pulls out of 8 at
 * the usual 670–820 ms of CPU, against 6 out of 8 at 980–1120 ms without it.
 */
export const HEAP_GROWING_FLAG = '--heap-growing-percent';

/** V8 12's default for the young-generation cap (MB, doubled without pointer compression). */
const STREAMING_CAP_MB = 8;
/** Growth factor 1 + 300 / 100 = 4. */
const STREAMING_GROWING_PERCENT = 300;

/** Flags by which a user has already sized the young generation. */
const USER_YOUNG_GENERATION_FLAGS = [
  YOUNG_GENERATION_FLAG,
  '--max-semi-space-size',
  '--max-young-generation-size',
];

/**
 * The V8 flags to set for a streaming process on this runtime: only on V8 13, the V8 of Node 24
 * for its whole life, whose defaults were measured; none that the command line or NODE_OPTIONS
 * already set. V8 12 and 11 collect young Buffers at 32 MB already and showed no run of
 * back-to-back full collections. A later V8 gets none until it has been measured: its defaults
 * may differ again, and a flag it no longer knows would make V8 print an error on stdout, where
 * the CLI's `--json` output goes.
 */
export function streamingGcFlags(
  v8Version: string,
  execArgv: readonly string[],
  nodeOptions: string,
): string[] {
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  if (major !== 13) return [];
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((a) => a.replaceAll('_', '-'));
  const chosen = (names: string[]): boolean =>
    given.some((a) => names.some((name) => a === name || a.startsWith(`${name}=`)));
  const flags: string[] = [];
  if (!chosen(USER_YOUNG_GENERATION_FLAGS)) flags.push(`${YOUNG_GENERATION_FLAG}=${STREAMING_CAP_MB}`);
  if (!chosen([HEAP_GROWING_FLAG])) flags.push(`${HEAP_GROWING_FLAG}=${STREAMING_GROWING_PERCENT}`);
  return flags;
}

/**
 * Sets those flags for this process and returns them. Called once at the start of the action and
 * the CLI, which own their process; library code never changes process-wide settings. V8 reads
 * both flags whenever it decides on a collection or sets a limit, so setting them after start-up
 * takes effect at once.
 */
export function tuneGcForStreaming(): string[] {
  const flags = streamingGcFlags(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS ?? '');
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
