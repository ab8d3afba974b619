// Runs the test suite with node's own test runner and the tsx loader. Node 20's runner does not
// expand globs, so the files are listed here.
//   npm test                  everything: __tests__/unit and __tests__/integration
//   npm run test:unit         the quick subset (also `npm test -- --quick`): no servers or child processes
//   npm test -- registry      only test files whose path contains "registry"
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['fixtures', 'support', 'qemu'].includes(entry.name)) found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(full);
    }
  }
  return found.sort();
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => a !== '--quick');
const files = findTests(quick ? join('__tests__', 'unit') : '__tests__').filter(
  (f) => filters.length === 0 || filters.some((s) => f.includes(s)),
);
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// CI runs the suite under more than one Node; say which one this is.
console.log(`# tests run under node ${process.version} (${process.execPath})`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
