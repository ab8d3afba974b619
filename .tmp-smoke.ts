import { startFileServer } from '/work/main/test/support/file-server.ts';
import { makeArchive, sha256, registryToml, tempDir } from '/work/main/test/support/archives.ts';
import { loadRegistry } from '/work/main/src/registry/load.ts';
import { selectImage } from '/work/main/src/core/select.ts';
import { pullImage } from '/work/main/src/pull/pull.ts';
import { ConsoleLog } from '/work/main/src/core/log.ts';
const srv = await startFileServer();
const arc = await makeArchive({ 'qemu-aarch64': 'kernel', 'rootfs.img': Buffer.alloc(1<<20, 1), 'axvm-bios.bin': 'bios' });
srv.set('/img.tar.gz', arc, { faults: [{ status: 503 }, { cutAfter: 1000 }] });
srv.set('/default.toml', registryToml([{ name: 'qemu_aarch64_linux', version: '0.0.1', sha256: sha256(arc), url: 'img.tar.gz', released_at: '2026-01-01T00:00:00Z' }], ['inc.toml']));
srv.set('/inc.toml', registryToml([], ['default.toml']));
const log = new ConsoleLog(true);
const reg = await loadRegistry({ registries: [srv.url + '/default.toml'], retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 50 }, log });
const e = selectImage(reg.images, { name: 'qemu_aarch64_linux' });
const out = tempDir();
for (let i = 0; i < 2; i++) {
const r = await pullImage({ entry: e, spec: { name: e.name }, outputDir: out, extract: true, retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 50 }, log });
console.log({ ...r, saved: undefined, layout: undefined });
}
await srv.close();
