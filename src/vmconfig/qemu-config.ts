import { UserError } from '../core/errors.js';
import { TomlLines } from './toml-lines.js';

/**
 * An AxVisor QEMU config (ostool's: `args = [ … ]`, one QEMU argument per element) with its
 * disk pointed at `rootfs`, every other byte as it was. The disk is the one `-drive` argument;
 * only its `file=` option changes. Without a rootfs the `-drive` pair goes, with the `-device`
 * pair that uses it (`drive=<its id>`) and `root=/dev/vda rw` from `-append`, as AxVisor's CI
 * step removed them. Each element edited must stand on a line of its own, as AxVisor writes them.
 */
export function patchQemuConfig(file: string, text: string, rootfs: string | undefined): string {
  const toml = new TomlLines(file, text);
  const args = toml.doc.args;
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw new UserError(`${file}: 'args' is not an array of strings, so it is not an AxVisor QEMU config`);
  }
  const drives = args.flatMap((a, i) => (a === '-drive' ? [i] : []));
  if (drives.length === 0) {
    if (rootfs) throw new UserError(`${file}: 'args' has no -drive to point at the image's rootfs`);
    return text;
  }
  if (drives.length > 1) {
    throw new UserError(
      `${file}: 'args' has ${drives.length} -drive arguments, so which one is the rootfs is not clear`,
    );
  }
  const at = drives[0]!;
  const drive = args[at + 1];
  if (drive === undefined) throw new UserError(`${file}: 'args' ends with -drive and no value`);
  const expected = structuredClone(toml.doc) as { args: string[] };

  if (rootfs) {
    const patched = withFile(drive, rootfs, file);
    toml.replaceElement(toml.elementLine('args', drive), drive, patched);
    expected.args[at + 1] = patched;
    toml.check(expected);
    return toml.text();
  }

  // No rootfs: the drive, the device on it, and the kernel's root= that names it.
  const id = option(drive, 'id');
  const device =
    id === undefined ? -1 : args.findIndex((a, i) => args[i - 1] === '-device' && option(a, 'drive') === id);
  const doomed = [at, at + 1, ...(device >= 0 ? [device - 1, device] : [])].sort((a, b) => b - a);
  const append = args.findIndex((a, i) => args[i - 1] === '-append');
  const cmdline = append >= 0 ? args[append]! : undefined;
  const shorter = cmdline?.replace(/(^|\s)root=\/dev\/vda(\s+r[wo])?(?=\s|$)/, '').trim();
  // Lines are found first, then edited bottom up, so that each index still names its line.
  const edits = doomed.map((i) => ({ i, line: toml.elementLine('args', args[i]!) }));
  if (cmdline !== undefined && shorter !== cmdline) {
    toml.replaceElement(toml.elementLine('args', cmdline), cmdline, shorter!);
    expected.args[append] = shorter!;
  }
  for (const { i, line } of edits.sort((a, b) => b.line - a.line)) toml.removeElement(line, 'args', args[i]!);
  for (const i of doomed) expected.args.splice(i, 1);
  toml.check(expected);
  return toml.text();
}

/** One `key=value` option of a QEMU option string (`id=disk0,if=none,file=…`). */
function option(value: string, key: string): string | undefined {
  for (const part of splitOptions(value)) {
    if (part.startsWith(`${key}=`)) return part.slice(key.length + 1);
  }
  return undefined;
}

/** The drive's option string with its `file=` set to `path` (commas doubled, as QEMU reads them). */
function withFile(drive: string, path: string, file: string): string {
  const parts = splitOptions(drive);
  const at = parts.findIndex((p) => p.startsWith('file='));
  const value = `file=${path.replaceAll(',', ',,')}`;
  if (at < 0)
    throw new UserError(`${file}: the -drive argument '${drive}' has no file= option to point at the rootfs`);
  parts[at] = value;
  return parts.join(',');
}

/** QEMU's option string cut at its commas; `,,` is a comma inside a value and stays as it is. */
function splitOptions(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== ',') current += value[i];
    else if (value[i + 1] === ',') {
      current += ',,';
      i++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  return parts;
}
