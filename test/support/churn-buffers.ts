// Run as a child process by test/gc-tuning.test.ts: optionally tunes the GC as the action does,
// then allocates 320 MiB of 1 MiB Buffers, each dead a few allocations later (the shape of a
// pull's socket reads and zlib output), and prints how V8 collected them.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { tuneGcForStreaming } from '../../src/core/gc-tuning.js';

const flags = process.argv[2] === 'tune' ? tuneGcForStreaming() : [];
let minor = 0;
let major = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    else major++;
  }
}).observe({ entryTypes: ['gc'] });

const live: Buffer[] = [];
for (let i = 0; i < 320; i++) {
  const buffer = Buffer.allocUnsafe(1 << 20);
  buffer[0] = i;
  live.push(buffer);
  if (live.length > 4) live.shift();
  // Turns of the event loop, as a stream has; they also deliver the GC entries.
  if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(JSON.stringify({ flags, minor, major }));
