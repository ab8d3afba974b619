import { join } from 'node:path';
import type { Log } from '../core/log.js';
import type { OpsContext } from '../ops/context.js';
import { registryImages } from '../ops/list.js';
import { pullImages } from '../ops/pull.js';
import { nameFilter } from '../ops/setting-values.js';
import { removeImages, syncRegistry } from '../ops/storage.js';
import type { Source } from '../pull/pull.js';
import { formatSpec } from '../registry/spec.js';
import type { ImageEntry } from '../registry/types.js';
import type { Invocation } from './args.js';
import { textTable } from './text-table.js';

/** Where the CLI writes its results; the log carries the progress. */
export interface Out {
  print(text: string): void;
}

/** `ls [-v] [pattern]`: the registry as a table, like the Rust tool's. */
export async function ls(inv: Invocation, ctx: OpsContext, out: Out): Promise<void> {
  const filter = inv.pattern ? nameFilter(inv.pattern) : undefined;
  const { images: entries, latest: latestOf, total } = await registryImages(inv.settings, ctx, filter);
  if (entries.length === 0) {
    out.print(
      inv.pattern
        ? `no image name matches '${inv.pattern}' (${total} images in the registry)`
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
    // The row describes the entry `pull <name>` takes.
    const latest = latestOf.get((versions[0] as ImageEntry).name) ?? (versions[0] as ImageEntry);
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
  const { results, registrySource } = await pullImages(inv.settings, ctx, inv.pullDir);
  for (const r of results) {
    ctx.log.debug(`${r.entry.name} ${r.entry.version} (${r.entry.arch}) from ${registrySource}`);
    const where =
      r.sourceUrl && r.sourceUrl !== r.entry.url ? `downloaded from ${r.sourceUrl}` : WHERE[r.source];
    out.print(
      inv.settings.extract
        ? `image extracted to ${r.path} (${where})`
        : `image archive ready at ${r.path} (${where})`,
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

/** `rm <spec>...`: the archive and the extracted dir that `pull` with the same spec made. */
export async function remove(inv: Invocation, log: Log, out: Out): Promise<void> {
  const dir = inv.settings.outputDir;
  for (const { spec, removed } of await removeImages(dir, inv.specs)) {
    if (removed.length === 0) out.print(`${formatSpec(spec)}: nothing to remove in ${dir}`);
    for (const { path, dir: isDir } of removed) {
      log.debug(`removed ${path}`);
      out.print(`removed ${path}${isDir ? '/' : ''}`);
    }
  }
}

/** `sync`: the registry fetched again and saved. */
export async function sync(inv: Invocation, ctx: OpsContext, out: Out): Promise<void> {
  const { count, registrySource, saved } = await syncRegistry(inv.settings, ctx);
  out.print(`synced ${count} images from ${registrySource}`);
  out.print(
    saved.snapshot
      ? `  saved for this registry input: ${saved.snapshot}`
      : '  not saved: not every registry document could be read (see the warnings)',
  );
  out.print(
    saved.rustFiles
      ? `  images.toml and .last_sync written, as cargo xtask image sync writes them: ${saved.rustFiles}`
      : `  images.toml and .last_sync left as they are: ${saved.rustFilesLeft ?? 'not written'}`,
  );
}
