import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { MARKER_FILE } from '../storage/layout.js';

export interface ImageFiles {
  /** Every file, relative to the image dir, with `/` separators, sorted. */
  files: string[];
  kernel?: string;
  rootfs?: string;
  bios?: string;
  dtb?: string;
}

/**
 * Lists the files of an extracted image (links included, dirs not). The content of a dir this
 * user may not read (an image's 000 dir, for anyone but root) is left out: the tree stays
 * exactly as extracted.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') return [];
      throw err;
    });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (r !== MARKER_FILE) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}

/**
 * Finds the kernel, rootfs, BIOS and device tree by the names the published images use:
 * `qemu-<arch>` kernels (NimbOS also ships `qemu-<arch>_usertests`, which is not the kernel),
 * `Image`/`bzImage`, `*.bin`, board images `<board>` beside `<board>.dtb`, and nested layouts like
 * `linux/linux-qemu`. Shallower paths win, so a stray file deep in a rootfs tree does not.
 */
export function classifyFiles(files: string[], arch: string): ImageFiles {
  const byDepth = [...files].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  const name = (f: string): string => posix.basename(f);
  const first = (pred: (f: string) => boolean): string | undefined => byDepth.find(pred);

  const bios = first((f) => name(f) === 'axvm-bios.bin') ?? first((f) => /bios.*\.bin$/i.test(name(f)));
  const dtbs = byDepth.filter((f) => name(f).toLowerCase().endsWith('.dtb'));
  const hasDtbFor = (f: string): string | undefined => dtbs.find((d) => d === `${f}.dtb`);
  const notBios = (f: string): boolean => f !== bios;

  const kernel =
    first((f) => name(f) === `qemu-${arch}`) ??
    first((f) => ['Image', 'bzImage', 'zImage'].includes(name(f))) ??
    first((f) => hasDtbFor(f) !== undefined) ??
    first((f) => notBios(f) && name(f).toLowerCase().endsWith('.bin')) ??
    first(
      (f) =>
        depth(f) > 0 && !name(f).includes('.') && name(f).startsWith(`${posix.basename(posix.dirname(f))}-`),
    );

  const rootfs =
    first((f) => name(f) === 'rootfs.img') ?? first((f) => name(f).toLowerCase().endsWith('.img'));
  const dtb = (kernel && hasDtbFor(kernel)) ?? dtbs[0];

  const result: ImageFiles = { files };
  if (kernel) result.kernel = kernel;
  if (rootfs) result.rootfs = rootfs;
  if (bios) result.bios = bios;
  if (dtb) result.dtb = dtb;
  return result;
}

function depth(f: string): number {
  return f.split('/').length - 1;
}
