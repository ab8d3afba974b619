import { UserError } from '../core/errors.js';
import { TomlLines } from './toml-lines.js';

/** The files of a pulled image that a VM config can name, as absolute paths. */
export interface ImagePaths {
  /** `name:version`, for messages. */
  image: string;
  kernel?: string;
  bios?: string;
  dtb?: string;
  /** The job's own copy of the rootfs, when the image has one. */
  rootfs?: string;
}

/**
 * The `[kernel]` keys of an AxVisor VM config that name a file, and which of the image's files
 * each takes. `ramdisk_path` has none: no published image carries a ramdisk.
 */
const FILE_KEYS: [key: string, file: keyof Omit<ImagePaths, 'image'> | undefined, what: string][] = [
  ['kernel_path', 'kernel', 'kernel'],
  ['bios_path', 'bios', 'BIOS'],
  ['dtb_path', 'dtb', 'device tree'],
  ['ramdisk_path', undefined, 'ramdisk'],
  ['disk_path', 'rootfs', 'disk image'],
];

/**
 * An AxVisor VM config with the paths in its `[kernel]` table set to the image's files, every
 * other byte as it was. The rules, those of AxVisor's CI step made explicit:
 * - a key that is set (a commented-out `#dtb_path = …` is not) gets the image's file; when the
 *   image has no such file, that is an error naming the file, line and key;
 * - `kernel_path` must be set when `image_location = "memory"`; with `"fs"` the guest finds
 *   its kernel itself and `kernel_path` is left as it is.
 */
export function patchVmConfig(file: string, text: string, image: ImagePaths): string {
  const toml = new TomlLines(file, text);
  const kernel = toml.doc.kernel;
  if (typeof kernel !== 'object' || kernel === null || Array.isArray(kernel)) {
    throw new UserError(`${file}: there is no [kernel] table, so it is not an AxVisor VM config`);
  }
  const table = kernel as Record<string, unknown>;
  const location = table.image_location ?? 'memory';
  if (location !== 'memory' && location !== 'fs') {
    const line = toml.keyLine('kernel', 'image_location');
    throw toml.problem(
      line ?? 0,
      'image_location',
      `is ${JSON.stringify(location)}; AxVisor knows "memory" and "fs"`,
    );
  }
  const expected = structuredClone(toml.doc) as { kernel: Record<string, unknown> };
  for (const [key, from, what] of FILE_KEYS) {
    if (key === 'kernel_path' && location === 'fs') continue;
    const line = toml.keyLine('kernel', key);
    if (line === undefined) {
      if (table[key] !== undefined) {
        throw new UserError(
          `${file}: key 'kernel.${key}' is not written as \`${key} = "…"\` in [kernel], so it cannot be set`,
        );
      }
      if (key === 'kernel_path') {
        throw new UserError(`${file}: [kernel] sets no kernel_path, which image_location = "memory" needs`);
      }
      continue;
    }
    const path = from && image[from];
    if (!path) throw toml.problem(line, key, `names a ${what}, and ${image.image} has none`);
    toml.setString(line, key, path);
    expected.kernel[key] = path;
  }
  toml.check(expected);
  return toml.text();
}
