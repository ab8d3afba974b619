import { join } from 'node:path';
import type { PullResult } from '../pull/pull.js';
import type { BootConfigs } from '../vmconfig/prepare.js';
import { releasedText } from '../registry/order.js';
import type { ImageEntry } from '../registry/types.js';
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

/** One image's outputs, as action.yml names them, but for `files`. */
export function imageOutputs(r: PullResult): Record<string, string> {
  const abs = (rel?: string): string => (rel ? join(r.layout.extractDir, rel) : '');
  return {
    path: r.path,
    archive: r.archive,
    name: r.entry.name,
    version: r.entry.version,
    arch: r.entry.arch,
    sha256: r.entry.sha256,
    url: r.entry.url,
    source: r.source,
    'source-url': r.sourceUrl,
    'cache-hit': String(r.cacheHit),
    kernel: abs(r.files.kernel),
    rootfs: abs(r.files.rootfs),
    bios: abs(r.files.bios),
    dtb: abs(r.files.dtb),
  };
}

/**
 * The first image's outputs at the top level, and every image's in `images`; file lists cut to
 * GitHub's output limit, with a line for each list that was cut.
 */
export function pullOutputs(
  results: PullResult[],
  registrySource: string,
  boot: BootConfigs = { vmConfigs: [] },
): { outputs: Record<string, string>; cuts: string[] } {
  const images = results.map((r, i) => ({
    fields: { ...imageOutputs(r), ...(boot.vmConfigs[i] ? { 'vm-config': boot.vmConfigs[i] } : {}) },
    files: r.files.files,
  }));
  const first = images[0] ?? { fields: {}, files: [] };
  const top = capPathList(first.files);
  const all = capImagesOutput(images);
  const cuts: string[] = [];
  const cut = (output: string, r: PullResult, kept: number): void => {
    const total = r.files.files.length;
    if (kept < total)
      cuts.push(
        `output '${output}' lists ${kept} of the ${total} files of ${r.entry.name}:${r.entry.version} (${total - kept} left out to stay within GitHub's 1 MB per output); all of them are in ${r.layout.extractDir}`,
      );
  };
  if (results[0]) cut('files', results[0], top.kept);
  results.forEach((r, i) => cut('images', r, all.kept[i] ?? 0));
  return {
    outputs: {
      ...first.fields,
      files: top.json,
      'registry-source': registrySource,
      images: all.json,
      'vm-config': boot.vmConfigs[0] ?? '',
      'vm-configs': boot.vmConfigs.join(','),
      'qemu-config': boot.qemuConfig ?? '',
    },
    cuts,
  };
}

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
