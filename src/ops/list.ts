import { UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { byNameThenVersion } from '../registry/order.js';
import { selectImage } from '../registry/select.js';
import type { ImageEntry } from '../registry/types.js';
import type { OpsContext } from './context.js';
import { loadAndSnapshot, registrySource } from './registry.js';
import { emptySelectionWarning, selectImages } from './selection.js';
import type { Settings } from './settings.js';

/** The images `list` selected, sorted, and where the registry came from. */
export interface ListReport {
  images: ImageEntry[];
  registrySource: string;
}

/** What `pull` would take for each pin, or for every name: its latest; those that pass `arch` and `filter`. */
export async function listImages(settings: Settings, ctx: OpsContext): Promise<ListReport> {
  const reg = await loadAndSnapshot(settings, ctx);
  const images = selectImages(reg, settings, ctx.log);
  if (images.length === 0) ctx.log.warn(emptySelectionWarning(settings, reg.images.length));
  else
    ctx.log.info(
      `${plural(images.length, 'image')}: ${images.map((e) => `${e.name}:${e.version}`).join(', ')}`,
    );
  return { images, registrySource: registrySource(reg) };
}

/**
 * Every entry `pull name:version` can take whose name `pattern` matches (all without one), by
 * name then version, and for each name the entry `pull name` takes.
 */
export async function registryImages(
  settings: Settings,
  ctx: OpsContext,
  pattern?: RegExp,
): Promise<{ images: ImageEntry[]; latest: Map<string, ImageEntry>; total: number; registrySource: string }> {
  const reg = await loadAndSnapshot(settings, ctx);
  const images = reg.images.filter((e) => !pattern || pattern.test(e.name)).sort(byNameThenVersion);
  const latest = new Map<string, ImageEntry>();
  for (const name of new Set(images.map((e) => e.name))) {
    try {
      latest.set(name, selectImage(reg, { name }, { log: ctx.log }));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      ctx.log.warn(err.message);
    }
  }
  return { images, latest, total: reg.images.length, registrySource: registrySource(reg) };
}
