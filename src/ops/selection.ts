import type { Log } from '../core/log.js';
import type { LoadedRegistry } from '../registry/load.js';
import { byNameThenVersion, compareNewest } from '../registry/order.js';
import { selectImage } from '../registry/select.js';
import { formatSpec } from '../registry/spec.js';
import type { ImageEntry } from '../registry/types.js';
import type { Settings } from './settings.js';

/** The settings that decide which images `list` and `warm` work on. */
export type Selection = Pick<Settings, 'images' | 'arch' | 'filter'>;

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
