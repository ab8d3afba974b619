/**
 * GitHub takes step output values of up to 1 MB each (and 50 MB for all of a job's). A file list
 * of a large image passes that, so the lists are cut to fit, below the limit either way it is
 * counted; what was left out is reported by the caller.
 */
export const MAX_OUTPUT_BYTES = 1_000_000;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A JSON list of paths cut to fit, and how many of the paths it holds. */
export interface CappedList {
  json: string;
  kept: number;
}

/** The JSON list of the longest run of `paths` from the start that fits in `maxBytes`. */
export function capPathList(paths: string[], maxBytes = MAX_OUTPUT_BYTES): CappedList {
  let size = 2; // []
  let kept = 0;
  for (const path of paths) {
    const add = bytes(JSON.stringify(path)) + (kept > 0 ? 1 : 0);
    if (size + add > maxBytes) break;
    size += add;
    kept++;
  }
  return { json: JSON.stringify(kept === paths.length ? paths : paths.slice(0, kept)), kept };
}

/** One image for the `images` output: its scalar outputs and its file list. */
export interface ImageOutput {
  fields: Record<string, string>;
  files: string[];
}

/** The `images` output, and how many of each image's files it holds. */
export interface CappedImages {
  json: string;
  kept: number[];
}

/**
 * The `images` JSON, every image's `files` cut so that the whole fits in `maxBytes`. The room
 * left by the other fields is shared out evenly, and what a short list does not use goes to
 * the longer ones.
 */
export function capImagesOutput(images: ImageOutput[], maxBytes = MAX_OUTPUT_BYTES): CappedImages {
  const full = images.map((i) => ({ ...i.fields, files: i.files }));
  const fullJson = JSON.stringify(full);
  if (bytes(fullJson) <= maxBytes) return { json: fullJson, kept: images.map((i) => i.files.length) };

  // Each list's own bytes beyond the `[]` counted with the rest.
  const rest = bytes(JSON.stringify(images.map((i) => ({ ...i.fields, files: [] }))));
  const need = images.map((i) => bytes(JSON.stringify(i.files)) - 2);
  const budget = new Array<number>(images.length).fill(0);
  let room = Math.max(0, maxBytes - rest);
  const order = need.map((_, i) => i).sort((a, b) => need[a]! - need[b]!);
  order.forEach((index, n) => {
    const share = Math.floor(room / (order.length - n));
    budget[index] = Math.min(need[index]!, share);
    room -= budget[index];
  });
  const lists = images.map((i, index) => capPathList(i.files, budget[index]! + 2));
  const json = JSON.stringify(
    images.map((i, index) => ({ ...i.fields, files: i.files.slice(0, lists[index]!.kept) })),
  );
  return { json, kept: lists.map((l) => l.kept) };
}
