import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { PullResult } from '../pull/pull.js';
import { copyRootfs } from './rootfs-copy.js';
import { patchQemuConfig } from './qemu-config.js';
import { patchVmConfig } from './vm-config.js';

/** What a job boots from: patched copies of its configs, and its own copy of a rootfs. */
export interface BootConfigs {
  /** One patched VM config per image, in the order of the images. */
  vmConfigs: string[];
  qemuConfig?: string;
  /** The job's copy of the rootfs the QEMU config's drive now names. */
  rootfs?: string;
}

export interface BootConfigRequest {
  results: PullResult[];
  /** AxVisor VM configs, one per image in the same order, or none. */
  vmConfigs: string[];
  qemuConfig?: string;
  /** A dir of this job's own (RUNNER_TEMP): copies go to a fresh private dir below it. */
  tempDir: string;
  log: Log;
}

/**
 * Makes the configs a job boots with from the ones in its checkout, which stay untouched: each
 * VM config with the paths of its image's files, the QEMU config with its drive on a private,
 * sparse copy of the rootfs of the first image that has one (the config has one drive, as
 * AxVisor's step patched it), or without the drive when no image has a rootfs.
 */
export async function prepareBootConfigs(req: BootConfigRequest): Promise<BootConfigs> {
  const { results, vmConfigs } = req;
  if (vmConfigs.length > 0 && vmConfigs.length !== results.length) {
    throw new UserError(
      `${vmConfigs.length} VM config${vmConfigs.length === 1 ? '' : 's'} for ${results.length} image${results.length === 1 ? '' : 's'}: give one VM config per image, in the same order`,
      { setting: 'vm-config' },
    );
  }
  if (vmConfigs.length === 0 && !req.qemuConfig) return { vmConfigs: [] };
  const dir = await mkdtemp(join(req.tempDir, 'axvisor-image-boot-'));
  const withRootfs = results.find((r) => r.files.rootfs);
  let rootfs: string | undefined;
  if (withRootfs && req.qemuConfig) {
    await mkdir(join(dir, withRootfs.layout.base));
    rootfs = join(dir, withRootfs.layout.base, 'rootfs.img');
    const how = await copyRootfs(join(withRootfs.layout.extractDir, withRootfs.files.rootfs!), rootfs);
    req.log.info(
      `rootfs of ${withRootfs.entry.name}:${withRootfs.entry.version} copied for this job (${how}) to ${rootfs}`,
    );
  }
  const out: BootConfigs = { vmConfigs: [], rootfs };
  for (const [i, config] of vmConfigs.entries()) {
    const r = results[i]!;
    const abs = (rel?: string): string | undefined => (rel ? join(r.layout.extractDir, rel) : undefined);
    const patched = patchVmConfig(config, await readConfig(config, 'vm-config'), {
      image: `${r.entry.name}:${r.entry.version}`,
      kernel: abs(r.files.kernel),
      bios: abs(r.files.bios),
      dtb: abs(r.files.dtb),
      rootfs: r === withRootfs ? rootfs : undefined,
    });
    const target = join(dir, 'vm', String(i + 1), basename(config));
    await mkdir(join(dir, 'vm', String(i + 1)), { recursive: true });
    await writeFile(target, patched);
    out.vmConfigs.push(target);
  }
  if (req.qemuConfig) {
    const patched = patchQemuConfig(req.qemuConfig, await readConfig(req.qemuConfig, 'qemu-config'), rootfs);
    out.qemuConfig = join(dir, basename(req.qemuConfig));
    await writeFile(out.qemuConfig, patched);
  }
  return out;
}

async function readConfig(path: string, setting: string): Promise<string> {
  try {
    return await readFile(resolve(path), 'utf8');
  } catch (err) {
    throw new UserError(`${path} cannot be read: ${errorMessage(err)}`, { setting });
  }
}
