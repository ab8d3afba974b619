import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMirrors, type Mirror } from '../pull/mirrors.js';
import type { ImageSpec } from '../registry/spec.js';

const REGISTRY_BASE =
  'https://raw.githubusercontent.com/arceos-hypervisor/axvisor-guest/refs/heads/main/registry';

/** The registry AxVisor publishes; it includes one file per release. */
export const DEFAULT_REGISTRY = `${REGISTRY_BASE}/default.toml`;
/** The newest single-release registry, for when default.toml cannot be had. */
export const DEFAULT_FALLBACK_REGISTRY = `${REGISTRY_BASE}/v0.0.26.toml`;

/** The Rust tool's local storage, so both find each other's files. */
export function defaultOutputDir(): string {
  return join(tmpdir(), '.axvisor-images');
}

/**
 * Whether `dir` is the tools' shared default store (or a per-user one the default gave way to),
 * where `cargo xtask image` also extracts trees, without a marker in axbuild 0.4.2: there a tree
 * neither tool marked is the tools', and may be replaced. Elsewhere it is the user's own.
 */
export function isSharedStore(dir: string): boolean {
  const base = defaultOutputDir();
  return dir === base || dir.startsWith(`${base}-`);
}

/** Generous: the largest published image unpacks to a few GiB. */
export const DEFAULT_MAX_SIZE = 64 * 1024 ** 3;

/** What every operation takes, whichever face (the action's inputs, the CLI's flags) made it. */
export interface Settings {
  /** Image specs: `pull` pulls them; `list` and `warm` keep only them when there are any. */
  images: ImageSpec[];
  /** Registry URLs or paths, in priority order. */
  registries: string[];
  fallbackRegistry?: string;
  /** `fallback-registry: none`: no fallback registry, and no saved snapshot either. */
  noFallback?: boolean;
  outputDir: string;
  extract: boolean;
  /** Use the GitHub Actions cache (when the context offers one). */
  cache: boolean;
  toolCache: boolean;
  /** `pull`: the image must be for one of these; `list`/`warm`: keep only these. */
  arch: string[];
  filter?: RegExp;
  retries: number;
  token?: string;
  /** Cap on an archive's size and on what it unpacks to, in bytes. */
  maxSize: number;
  concurrency: number;
  /** Image sources tried before the registry's URL. */
  mirrors: Mirror[];
  /** Never fetch the registry's URL: only the mirrors. */
  mirrorsOnly: boolean;
}

/** Where a runner's administrator sets mirrors once for every workflow and CLI run. */
export const MIRRORS_ENV = 'AXVISOR_IMAGE_MIRRORS';

/**
 * The mirrors, for both faces: those the input or flag gives, else those of the environment
 * variable (named as the setting in errors, so a bad line there is traced to it).
 */
export function mirrorsFrom(given: string, env: NodeJS.ProcessEnv, setting: string): Mirror[] {
  if (given.trim() !== '') return parseMirrors(given, setting);
  return parseMirrors(env[MIRRORS_ENV] ?? '', MIRRORS_ENV);
}

/**
 * The one fallback rule, for both faces: a fallback named explicitly backs any registry, `none`
 * turns it off, and with nothing named the built-in fallback backs only the built-in registry.
 * Someone who names their own registry does not silently get images from another one.
 */
/** Whether the fallback setting is `none`, which turns the offline snapshot off too. */
export function isNoFallback(named: string | undefined): boolean {
  return named?.trim() === 'none';
}

export function fallbackFor(registries: string[], named: string | undefined): string | undefined {
  const v = named?.trim();
  if (v === 'none') return undefined;
  if (v) return v;
  const builtIn = registries.length === 0 || registries.every((r) => r === DEFAULT_REGISTRY);
  return builtIn ? DEFAULT_FALLBACK_REGISTRY : undefined;
}
