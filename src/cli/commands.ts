import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpsContext } from '../ops/context.js';
import { loadAndSnapshot, registrySource, retryPolicy } from '../ops/registry.js';
import { nameFilter } from '../action/inputs.js';
import type { Log } from '../core/log.js';
import { byNameThenVersion, compareNewest } from '../registry/order.js';
import { selectImage } from '../registry/select.js';
import { formatSpec } from '../registry/spec.js';
import { archiveExtension } from '../storage/layout.js';
import { pullImage, type Source } from '../pull/pull.js';
import { removeTree } from '../pull/remove-tree.js';
import { explainLongPath } from '../pull/output-dir.js';
import { ToolCache } from '../pull/tool-cache.js';
import { loadRegistry } from '../registry/load.js';
import { writeSnapshot } from '../registry/snapshot.js';
import type { ImageEntry } from '../registry/types.js';
import type { Invocation } from './args.js';
import { textTable } from './text-table.js';

/** Where the CLI writes its results; the log carries the progress. */
export interface Out {
  print(text: string): void;
}

/** `ls [-v] [pattern]`: the registry as a table, like the Rust tool's. */
export async function ls(inv: Invocation, ctx: OpsContext, out: Out): Promise<void> {
  const reg = await loadAndSnapshot(inv.inputs, ctx);
  const filter = inv.pattern ? nameFilter(inv.pattern) : undefined;
  const entries = reg.images.filter((e) => !filter || filter.test(e.name)).sort(byNameThenVersion);
  if (entries.length === 0) {
    out.print(
      inv.pattern
        ? `no image name matches '${inv.pattern}' (${reg.images.length} images in the registry)`
        : 'the registry lists no images',
    );
    return;
  }
  const header = ['Name', 'Version', 'Architecture', 'Description'];
  if (inv.verbose) {
    out.print(
      textTable(
        header,
        entries.map((e) => [e.name, e.version, e.arch, e.description]),
      ).trimEnd(),
    );
    return;
  }
  const byName = new Map<string, ImageEntry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const rows = [...byName.values()].map((versions) => {
    const latest = [...versions].sort(compareNewest)[0] as ImageEntry;
    const arches = [...new Set(versions.map((v) => v.arch))].sort().join(', ');
    return [
      latest.name,
      versions.length > 1 ? `${versions.length} versions` : latest.version,
      arches,
      latest.description,
    ];
  });
  out.print(textTable(header, rows).trimEnd());
}

const WHERE: Record<Source, string> = {
  local: 'already there',
  'tool-cache': 'from the tool cache',
  'actions-cache': 'from the Actions cache',
  download: 'downloaded',
};

/** `pull <spec>... [-o dir] [--no-extract]`: each image from the fastest place that has it. */
export async function pull(inv: Invocation, ctx: OpsContext, out: Out): Promise<void> {
  const reg = await loadAndSnapshot(inv.inputs, ctx);
  // Every spec is resolved first, so a typo in the second fails before the first downloads.
  const chosen = inv.specs.map((spec) => ({
    spec,
    entry: selectImage(reg.images, spec, { invalid: reg.invalid, failedIncludes: reg.failedIncludes }),
  }));
  const toolCache = ctx.toolCacheDir ? new ToolCache(ctx.toolCacheDir) : undefined;
  for (const { spec, entry } of chosen) {
    ctx.log.info(
      `${formatSpec(spec)}: ${entry.name} ${entry.version} (${entry.arch}) from ${registrySource(reg)}`,
    );
    const r = await pullImage({
      entry,
      spec,
      outputDir: inv.pullDir,
      extract: inv.extract,
      toolCache,
      retry: retryPolicy(inv.inputs, ctx),
      log: ctx.log,
      stallMs: ctx.stallMs,
      maxBytes: inv.inputs.maxSize,
      signal: ctx.signal,
    }).catch((err: unknown) => {
      throw explainLongPath(err, inv.pullDir);
    });
    const where = WHERE[r.source];
    out.print(
      inv.extract ? `image extracted to ${r.path} (${where})` : `image archive ready at ${r.path} (${where})`,
    );
    const files = r.files;
    for (const [label, rel] of [
      ['kernel', files.kernel],
      ['rootfs', files.rootfs],
      ['bios', files.bios],
      ['dtb', files.dtb],
    ] as const) {
      if (rel) out.print(`  ${label}: ${join(r.layout.extractDir, rel)}`);
    }
  }
}

/**
 * `rm <spec>...`: the archive and the extracted directory that `pull` with the same spec made
 * in the storage dir. Works offline: the archive is found by its name and any extension a
 * registry URL can give, not by asking the registry.
 */
export async function remove(inv: Invocation, log: Log, out: Out): Promise<void> {
  const dir = inv.inputs.outputDir;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const spec of inv.specs) {
    const base = spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`;
    const doomed = names.filter(
      (n) => n === base || (n.startsWith(`${base}.`) && base + archiveExtension(`file:///${n}`) === n),
    );
    if (doomed.length === 0) {
      out.print(`${formatSpec(spec)}: nothing to remove in ${dir}`);
      continue;
    }
    for (const name of doomed) {
      const path = join(dir, name);
      const isDir = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
      await removeTree(path);
      log.debug(`removed ${path}`);
      out.print(`removed ${path}${isDir ? '/' : ''}`);
    }
  }
}

/**
 * `sync`: the registry fetched again and saved. Unlike the other commands it does not fall back
 * to the saved images.toml: a sync that reads nothing new has failed.
 */
export async function sync(inv: Invocation, ctx: OpsContext, out: Out): Promise<void> {
  const reg = await loadRegistry({
    registries: inv.inputs.registries,
    fallback: inv.inputs.fallbackRegistry,
    retry: retryPolicy(inv.inputs, ctx),
    log: ctx.log,
    stallMs: ctx.stallMs,
  });
  const path = await writeSnapshot(inv.inputs.outputDir, reg.images);
  out.print(`synced ${reg.images.length} images from ${registrySource(reg)} into ${path}`);
}
