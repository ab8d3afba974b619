// The bundles are written ASCII only (scripts/one-byte.mjs), so that V8 holds them one byte wide:
// the rewrite must leave every value the code computes as it was.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import { oneByte } from '../../scripts/one-byte.mjs';

const NON_ASCII = /[\u0080-\uffff]/;

test('each kind of place a character can be in computes the same value once escaped', () => {
  const cases = [
    `'a … b — c'`,
    '`size ${1} → ${2}`',
    `/[À-Ö]+/.exec('xÀÉÖy')[0]`,
    `/\\é/.test('é')`,
    `'\\é'`,
    `'\\\\é'`,
    `/😀/u.test('😀') && /^.$/u.test('😀')`,
    `'😀'.length`,
    `(() => { const café = 'ok'; return café; })()`,
    `JSON.parse('{"k":"─"}').k`,
    `1 // a comment — with … in it`,
    `/* — */ 'after a block comment'`,
  ];
  for (const code of cases) {
    const escaped = oneByte(code);
    assert.doesNotMatch(escaped, NON_ASCII, code);
    assert.deepEqual(runInNewContext(escaped), runInNewContext(code), code);
  }
});

test('text that is already ASCII is left as it is', () => {
  const code = `const s = '\\u2026 \\\\ \\n'; // plain`;
  assert.equal(oneByte(code), code);
});

test('a line or paragraph separator is refused rather than escaped', () => {
  // In a // comment it ends the line: as an escape, the code after it would become comment.
  assert.throws(() => oneByte('1 // note\u2028globalThis.x = 1'), /U\+2028 at line 1 \(offset 9\)/);
  assert.throws(() => oneByte("'\u2029'"), /U\+2029/);
});

test('a tagged template that holds one is refused: its tag would see the escape as written', () => {
  assert.throws(() => oneByte("const a = 'é';\nString.raw`a→b`"), /tagged template at line 2 \(offset 27\)/);
  // Untagged, the same template is escaped.
  assert.equal(runInNewContext(oneByte('`a→b`')), 'a→b');
});

test('the committed bundles are ASCII only', () => {
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  const files = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  assert.ok(files.includes('index.js') && files.includes(join('cli', 'index.js')));
  for (const file of files) {
    const at = readFileSync(join(dist, String(file)), 'utf8').search(NON_ASCII);
    assert.equal(at, -1, `${String(file)} has a character above U+007F at offset ${at}`);
  }
});
