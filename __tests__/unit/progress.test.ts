// The CLI's live progress line: what it says, and how it is drawn on and cleared from a terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TerminalLog, progressLine } from '../../src/cli/progress.js';

const MiB = 1024 * 1024;

test('the line gives bytes, size, percentage, rate and time left', () => {
  assert.equal(
    progressLine({
      what: 'https://h/img/linux.tar.gz?sig=…',
      bytes: 12 * MiB,
      total: 40 * MiB,
      elapsedMs: 3000,
    }),
    'downloading linux.tar.gz: 12.0 MiB of 40.0 MiB  30%  4.0 MiB/s  ETA 0:07',
  );
  assert.equal(
    progressLine({ what: 'https://h/a.tar.gz', bytes: MiB, total: 10_000 * MiB, elapsedMs: 1000 }),
    'downloading a.tar.gz: 1.0 MiB of 9.8 GiB  0%  1.0 MiB/s  ETA 2:46:39',
  );
});

test('without a size there is no percentage or ETA, and before any time no rate guess', () => {
  assert.equal(
    progressLine({ what: 'https://h/a.tar.gz', bytes: 2 * MiB, elapsedMs: 1000 }),
    'downloading a.tar.gz: 2.0 MiB  2.0 MiB/s',
  );
  assert.equal(
    progressLine({ what: 'https://h/a.tar.gz', bytes: 0, total: MiB, elapsedMs: 0 }),
    'downloading a.tar.gz: 0 B of 1.0 MiB  0%  0 B/s  ETA --:--',
  );
});

test('the line is redrawn in place, cut to the width, and erased before other output and at the end', () => {
  const written: string[] = [];
  const log = new TerminalLog({ write: (t) => written.push(t), columns: 30 });
  const original = console.log;
  console.log = (m: string) => written.push(`LOG ${m}`);
  try {
    log.progress({ what: 'https://h/a.tar.gz', bytes: MiB, total: 4 * MiB, elapsedMs: 1000 });
    log.info('a message');
    log.progress({ what: 'https://h/a.tar.gz', bytes: 2 * MiB, total: 4 * MiB, elapsedMs: 2000 });
    log.progress({ what: 'https://h/a.tar.gz', bytes: 4 * MiB, total: 4 * MiB, elapsedMs: 3000, done: true });
    log.info('done');
  } finally {
    console.log = original;
  }
  assert.deepEqual(written, [
    '\r\x1b[Kdownloading a.tar.gz: 1.0 MiB',
    '\r\x1b[K',
    'LOG a message',
    '\r\x1b[Kdownloading a.tar.gz: 2.0 MiB',
    '\r\x1b[K',
    'LOG done',
  ]);
});
