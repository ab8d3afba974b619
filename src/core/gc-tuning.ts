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

/** V8 12's default for the flag above (MB, doubled by V8 in builds without pointer compression). */
const STREAMING_CAP_MB = 8;

/** Flags that already size the young generation: when the user set one, theirs stands. */
const USER_CHOICES = [YOUNG_GENERATION_FLAG, '--max-semi-space-size', '--max-young-generation-size'];

/**
 * The V8 flags to set for a streaming process on this runtime: none before V8 12 (the flag does
 * not exist there, and V8 11's trigger is already 32 MB), none when the command line or
 * NODE_OPTIONS already chose a young-generation size.
 */
export function streamingGcFlags(
  v8Version: string,
  execArgv: readonly string[],
  nodeOptions: string,
): string[] {
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  if (!(major >= 12)) return [];
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((a) => a.replaceAll('_', '-'));
  if (given.some((a) => USER_CHOICES.some((flag) => a === flag || a.startsWith(`${flag}=`)))) return [];
  return [`${YOUNG_GENERATION_FLAG}=${STREAMING_CAP_MB}`];
}

/**
 * Sets those flags for this process and returns them. Called once at the start of the action and
 * the CLI, which own their process; library code never changes process-wide settings. V8 reads
 * this flag each time a buffer is allocated, so setting it after start-up takes effect at once.
 */
export function tuneGcForStreaming(): string[] {
  const flags = streamingGcFlags(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS ?? '');
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}
