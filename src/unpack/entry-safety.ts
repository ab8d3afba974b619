import { lstat, readlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

/**
 * How deep an entry path or link target may go, as node-tar's `maxDepth` (CVE-2024-28863): far
 * beyond any real image; it bounds the dirs one entry makes and the parts a link check walks.
 */
export const MAX_PATH_DEPTH = 1024;

/** The names in a path, `\\` counted as a separator as in the `..` check. */
const levels = (path: string): number => path.split(/[\\/]/).filter((p) => p !== '' && p !== '.').length;

/** Why an entry may not be extracted, or undefined when it may. */
export function entryProblem(path: string, entry: { type: string; linkpath?: string }): string | undefined {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return 'absolute path';
  const parts = path.split(/[\\/]/);
  const depth = levels(path);
  if (depth > MAX_PATH_DEPTH) return `path is ${depth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
  if (parts.includes('..')) return "path contains '..'";
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const link = entry.linkpath ?? '';
    if (isAbsolute(link) || /^[a-zA-Z]:/.test(link)) return `link to absolute path '${link}'`;
    const linkDepth = levels(link);
    if (linkDepth > MAX_PATH_DEPTH) {
      return `link target is ${linkDepth} levels deep (the limit is ${MAX_PATH_DEPTH})`;
    }
    // A symlink resolves from the dir it lands in, a hard link from the archive root. Where it
    // lands is the name resolved first: `a/.` and `a/` land at `a`, in the root, not inside `a`.
    const root = resolve('/__root__');
    const base = entry.type === 'SymbolicLink' ? dirname(resolve(root, path)) : root;
    const to = resolve(base, link);
    if (to !== root && !to.startsWith(root + sep)) return `link points outside the image ('${link}')`;
  }
  return undefined;
}

/** Symlink hops followed before calling a chain a loop (the kernel's limit is 40 too). */
const MAX_LINK_HOPS = 40;

/**
 * Why the symlink at `rel` (relative to `root`) is unsafe, or undefined when it is not: follows
 * it, and every symlink it passes, through the real tree, as the kernel would resolve it. A part
 * that does not exist is taken by name. Used once the tree is complete, so the order in which an
 * archive created its links does not matter.
 */
export async function linkProblem(root: string, rel: string): Promise<string | undefined> {
  // A later entry of the same name may have replaced the link with a file or a dir.
  if (!(await lstat(join(root, rel)).catch(() => undefined))?.isSymbolicLink()) return undefined;
  const hops = { n: 0 };
  const dir = await followInside(root, [], dirname(rel), hops);
  if (typeof dir === 'string') return dir;
  const target = await readlink(join(root, rel));
  if (isAbsolute(target)) return `link to absolute path '${target}'`;
  const to = await followInside(root, dir, target, hops);
  return typeof to === 'string' ? to.replace('the path', `'${target}'`) : undefined;
}

/** Walks `path` from `from` (parts below `root`); the parts reached, or why it leaves. */
async function followInside(
  root: string,
  from: string[],
  path: string,
  hops: { n: number },
): Promise<string[] | string> {
  const at = [...from];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (at.length === 0) return 'the path leads outside the image through another link';
      at.pop();
      continue;
    }
    at.push(part);
    const full = join(root, ...at);
    const st = await lstat(full).catch(() => undefined);
    if (!st?.isSymbolicLink()) continue;
    if (++hops.n > MAX_LINK_HOPS) return 'symbolic links form a loop';
    const next = await readlink(full);
    if (isAbsolute(next)) return `the path passes a link to absolute path '${next}'`;
    at.pop();
    const reached = await followInside(root, at, next, hops);
    if (typeof reached === 'string') return reached;
    at.splice(0, at.length, ...reached);
  }
  return at;
}
