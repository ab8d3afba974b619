import type { Inputs } from '../action/inputs.js';
import { plural } from '../core/format.js';
import type { Log } from '../core/log.js';
import { byNameThenVersion, compareNewest, releasedText } from '../registry/order.js';
import { selectImage } from '../registry/select.js';
import { formatSpec } from '../registry/spec.js';
import type { LoadedRegistry } from '../registry/load.js';
import type { ImageEntry } from '../registry/types.js';
import { listSummary } from '../action/summary.js';
import type { CommandContext, CommandResult } from './context.js';
import { loadAndSnapshot, registrySource } from './registry.js';

/** One `strategy.matrix` row. Every row has every key, so `matrix.released_at` is never undefined. */
export interface MatrixRow {
  name: string;
  version: string;
  arch: string;
  description: string;
  sha256: string;
  url: string;
  released_at: string;
}

/** The inputs that decide which images `list` and `warm` work on. */
export type Selection = Pick<Inputs, 'images' | 'arch' | 'filter'>;

/**
 * The images `list` and `warm` work on: exactly the versions `image` pins (an unpinned spec
 * meaning that name's latest), or else the latest version of every name; then only those whose
 * arch and name pass the `arch` and `filter` inputs. Sorted by name, then version, so the matrix
 * and the report do not change order between runs.
 */
export function selectImages(reg: LoadedRegistry, sel: Selection, log: Log): ImageEntry[] {
  const passes = (e: ImageEntry): boolean =>
    (sel.arch.length === 0 || sel.arch.includes(e.arch)) && (!sel.filter || sel.filter.test(e.name));

  let chosen: ImageEntry[];
  if (sel.images.length > 0) {
    // Every pin is resolved before filtering, so a typo is an error even when a filter would
    // have dropped that image anyway.
    const pinned = sel.images.map((spec) => ({
      spec,
      entry: selectImage(reg.images, spec, { invalid: reg.invalid, failedIncludes: reg.failedIncludes }),
    }));
    chosen = [];
    for (const { spec, entry } of pinned) {
      if (passes(entry)) chosen.push(entry);
      else log.info(`${formatSpec(spec)} (${entry.arch}) is left out by the arch or filter input`);
    }
  } else {
    // Filter first: a name whose newest version is for another arch still offers its latest
    // version for the wanted one.
    const latest = new Map<string, ImageEntry>();
    for (const e of reg.images.filter(passes)) {
      const kept = latest.get(e.name);
      if (!kept || compareNewest(e, kept) < 0) latest.set(e.name, e);
    }
    chosen = [...latest.values()];
  }
  const unique = new Map(chosen.map((e) => [`${e.name}\u0000${e.version}`, e]));
  return [...unique.values()].sort(byNameThenVersion);
}

export function matrixRow(e: ImageEntry): MatrixRow {
  return {
    name: e.name,
    version: e.version,
    arch: e.arch,
    description: e.description,
    sha256: e.sha256,
    url: e.url,
    released_at: releasedText(e),
  };
}

/**
 * The warning for an empty selection. GitHub rejects a matrix without rows with an error about
 * the `strategy` of the job that uses it, which says nothing about why it is empty.
 */
export function emptySelectionWarning(sel: Selection, imageCount: number): string {
  const criteria = [
    sel.images.length > 0 ? `image: ${sel.images.map(formatSpec).join(', ')}` : '',
    sel.arch.length > 0 ? `arch: ${sel.arch.join(', ')}` : '',
    sel.filter ? `filter: ${sel.filter.source}` : '',
  ].filter(Boolean);
  return (
    `no image of the ${imageCount} in the registry matches ${criteria.length > 0 ? criteria.join('; ') : 'the inputs'}. ` +
    `A job whose strategy.matrix is built from an empty list fails with a confusing "Matrix vector 'include' does not contain any values" error; ` +
    `guard it with if: needs.<job>.outputs.count != '0'`
  );
}

/** `command: list`: the images as a `strategy.matrix`, one row per image. */
export async function runList(inputs: Inputs, ctx: CommandContext): Promise<CommandResult> {
  const reg = await loadAndSnapshot(inputs, ctx);
  const images = selectImages(reg, inputs, ctx.log);
  if (images.length === 0) ctx.log.warn(emptySelectionWarning(inputs, reg.images.length));
  const rows = images.map(matrixRow);
  if (rows.length > 0)
    ctx.log.info(
      `${plural(rows.length, 'matrix row')}: ${images.map((e) => `${e.name}:${e.version}`).join(', ')}`,
    );
  const source = registrySource(reg);
  return {
    outputs: { matrix: JSON.stringify({ include: rows }), count: String(rows.length) },
    summary: listSummary(images, source),
  };
}
