import { UserError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { LoadedRegistry } from '../registry/load.js';
import { byNameThenVersion } from '../registry/order.js';
import { selectImage } from '../registry/select.js';
import { formatSpec } from '../registry/spec.js';
import type { ImageEntry } from '../registry/types.js';
import type { Settings } from './settings.js';

/** The settings that decide which images `list` and `warm` work on. */
export type Selection = Pick<Settings, 'images' | 'arch' | 'filter'>;

/**
 * The images `list` and `warm` work on: exactly what `pull` would take for each spec in `image`,
 * or else, for every name in the registry, what `pull <name>` would take (its latest by the Rust
 * tool's rule); then only those whose arch and name pass the `arch` and `filter` inputs. Sorted
 * by name, then version, so the matrix and the report do not change order between runs.
 */
export function selectImages(reg: LoadedRegistry, sel: Selection, log: Log): ImageEntry[] {
  const passes = (e: ImageEntry): boolean =>
    (sel.arch.length === 0 || sel.arch.includes(e.arch)) && (!sel.filter || sel.filter.test(e.name));

  const chosen: ImageEntry[] = [];
  if (sel.images.length > 0) {
    // Every pin is resolved before filtering, so a typo is an error even when a filter would
    // have dropped that image anyway.
    const pinned = sel.images.map((spec) => ({ spec, entry: selectImage(reg, spec, { log }) }));
    for (const { spec, entry } of pinned) {
      if (passes(entry)) chosen.push(entry);
      else log.info(`${formatSpec(spec)} (${entry.arch}) is left out by the arch or filter input`);
    }
  } else {
    const names = [...new Set(reg.wider.items.map((i) => i.name))].filter(
      (n) => !sel.filter || sel.filter.test(n),
    );
    for (const name of names) {
      let entry: ImageEntry;
      try {
        entry = selectImage(reg, { name }, { log });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        // The entry's own problem was a warning as the registry was read.
        log.info(`${name} is left out: ${err.message}`);
        continue;
      }
      // As `pull <name>` with this arch would refuse it, a name whose latest is for another arch
      // is left out, not replaced by an older version for the wanted one.
      if (passes(entry)) chosen.push(entry);
      else
        log.info(`${name}: its latest, ${entry.version}, is for ${entry.arch}; left out by the arch input`);
    }
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
