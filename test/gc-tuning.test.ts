import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { HEAP_GROWING_FLAG, YOUNG_GENERATION_FLAG, streamingGcFlags } from '../src/core/gc-tuning.js';

describe('streamingGcFlags', () => {
  const v24 = '13.6.233.10-node.27';
  const cap = `${YOUNG_GENERATION_FLAG}=8`;
  const growing = `${HEAP_GROWING_FLAG}=300`;

  test('caps the young generation and fixes the heap growth on V8 13 (Node 24)', () => {
    assert.deepEqual(streamingGcFlags(v24, [], ''), [cap, growing]);
    assert.deepEqual(streamingGcFlags('13.0.245.25-node.9', ['--enable-source-maps'], '--no-warnings'), [
      cap,
      growing,
    ]);
  });

  test('sets nothing on V8 12 or 11 (Node 22, Node 20), an unmeasured later V8, or an unreadable version', () => {
    assert.deepEqual(streamingGcFlags('14.1.146.11-node.12', [], ''), []);
    assert.deepEqual(streamingGcFlags('12.4.254.21-node.33', [], ''), []);
    assert.deepEqual(streamingGcFlags('11.3.244.8-node.19', [], ''), []);
    assert.deepEqual(streamingGcFlags('', [], ''), []);
    assert.deepEqual(streamingGcFlags('x.y', [], ''), []);
  });

  test('leaves what the user chose, on the command line or in NODE_OPTIONS', () => {
    assert.deepEqual(streamingGcFlags(v24, ['--max-semi-space-size=64'], ''), [growing]);
    assert.deepEqual(streamingGcFlags(v24, [], '--max-old-space-size=4096 --max_semi_space_size=32'), [
      growing,
    ]);
    assert.deepEqual(streamingGcFlags(v24, [], `${YOUNG_GENERATION_FLAG}=16`), [growing]);
    assert.deepEqual(streamingGcFlags(v24, ['--max-young-generation-size', '48'], ''), [growing]);
    assert.deepEqual(streamingGcFlags(v24, ['--heap_growing_percent=50'], ''), [cap]);
    assert.deepEqual(streamingGcFlags(v24, ['--max-semi-space-size=64'], `${HEAP_GROWING_FLAG}=50`), []);
    // Other heap flags are not a choice about either.
    assert.deepEqual(streamingGcFlags(v24, ['--max-old-space-size=4096'], ''), [cap, growing]);
  });
});

describe('tuneGcForStreaming, in a process of its own', () => {
  const churn = (mode: string): { flags: string[]; minor: number; major: number } => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve('test/support/churn-buffers.ts'), mode],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as { flags: string[]; minor: number; major: number };
  };

  test('short-lived Buffers are freed by young collections, not left for full ones', () => {
    // Without the cap, Node 24 runs no young collection here at all: 0 minor, 6 full. Node 20
    // and 22 collect young Buffers by themselves.
    const tuned = churn('tune');
    assert.deepEqual(tuned.flags, streamingGcFlags(process.versions.v8, [], ''));
    assert.ok(tuned.minor >= 3, `only ${tuned.minor} young collections for 320 MiB of dead Buffers`);
    assert.ok(tuned.minor > tuned.major, JSON.stringify(tuned));
  });

  test('the flags are accepted by this runtime (V8 prints an error for one it does not know)', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./src/core/gc-tuning.ts').then((m) => m.tuneGcForStreaming())"],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    assert.equal(child.status, 0);
    assert.equal(child.stderr + child.stdout, '');
  });
});
