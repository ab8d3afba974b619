// `npm run demo`: the action's main job end to end on this machine. It starts an image registry
// and a GitHub Actions cache service on 127.0.0.1, makes a small guest image, and runs the bundled
// dist/index.js exactly as a runner would (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP, RUNNER_TOOL_CACHE): first a cold pull, then a job on a fresh runner that is served
// from the Actions cache, then a repeat in the first job's output dir.
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { makeArchive, registryToml, sha256, tempDir } from '../__tests__/support/archives.js';
import { startCacheService } from '../__tests__/support/cache-service.js';
import { startFileServer } from '../__tests__/support/file-server.js';
import { runAction, type ActionRun } from '../__tests__/support/run-action.js';

if (!existsSync('dist/index.js')) {
  console.error('dist/index.js is missing: run `npm run bundle` first');
  process.exit(1);
}

const image = await makeArchive({
  'qemu-aarch64': randomBytes(256 * 1024),
  'rootfs.img': Buffer.concat([Buffer.from('DEMO ROOTFS\n'), Buffer.alloc(4 * 1024 * 1024)]),
  'axvm-bios.bin': randomBytes(4096),
});
const images = await startFileServer();
images.set('/releases/v0.1.0/qemu_aarch64_demo.tar.gz', image);
images.set(
  '/registry/v0.1.0.toml',
  registryToml([
    {
      name: 'qemu_aarch64_demo',
      version: '0.1.0',
      sha256: sha256(image),
      url: `${images.url}/releases/v0.1.0/qemu_aarch64_demo.tar.gz`,
      released_at: '2026-11-01T00:00:00Z',
      description: 'Demo guest for QEMU aarch64',
    },
  ]),
);
images.set('/registry/default.toml', registryToml([], [`${images.url}/registry/v0.1.0.toml`]));
const cache = await startCacheService();
const scratch: string[] = [];
const dir = (): string => {
  const d = tempDir('axi-demo-');
  scratch.push(d);
  return d;
};

const registry = `${images.url}/registry/default.toml`;
const show = (title: string, run: ActionRun): void => {
  console.log(`\n=== ${title} (exit ${run.code}) ===`);
  console.log(run.stdout.trim());
  if (run.stderr.trim()) console.log(run.stderr.trim());
  console.log('\n--- outputs ---');
  for (const [k, v] of Object.entries(run.outputs)) if (k !== 'images') console.log(`${k.padEnd(16)} ${v}`);
  console.log('\n--- job summary ---');
  console.log(run.summary.trim());
};

let failed: boolean;
try {
  const first = { 'output-dir': dir(), tools: dir() };
  const inputs = (outputDir: string) => ({ image: 'qemu_aarch64_demo', registry, 'output-dir': outputDir });
  const env = (tools: string) => ({ ...cache.env, RUNNER_TOOL_CACHE: tools });

  const a = await runAction({ inputs: inputs(first['output-dir']), env: env(first.tools) });
  show('job 1: cold pull', a);
  const downloadsAfterFirst = images.count('/releases/');

  const b = await runAction({ inputs: inputs(dir()), env: env(dir()) });
  show('job 2: another runner, another output dir', b);

  const c = await runAction({ inputs: inputs(first['output-dir']), env: env(first.tools) });
  show('job 1 again: same output dir', c);

  console.log('\n=== what happened ===');
  console.log(`job 1: source=${a.outputs.source}, cache-hit=${a.outputs['cache-hit']}`);
  console.log(
    `job 2: source=${b.outputs.source}, cache-hit=${b.outputs['cache-hit']}` +
      (b.outputs.source === 'actions-cache' ? ' -> served from the GitHub Actions cache, no download' : ''),
  );
  console.log(`job 1 again: source=${c.outputs.source}, cache-hit=${c.outputs['cache-hit']}`);
  console.log(`archive downloads seen by the image server: ${images.count('/releases/')}`);
  failed =
    a.code !== 0 ||
    b.code !== 0 ||
    c.code !== 0 ||
    a.outputs.source !== 'download' ||
    b.outputs.source !== 'actions-cache' ||
    c.outputs.source !== 'local' ||
    images.count('/releases/') !== downloadsAfterFirst;
  if (failed) console.error('demo: the runs did not go as expected (see above)');
} finally {
  await images.close();
  await cache.close();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
