import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { asInputError } from './errors.js';
import { nameFilter, parseBool, parseIntInRange, parseSize, splitList } from '../ops/setting-values.js';
import { parseSpecList, splitLines } from '../registry/spec.js';
import {
  DEFAULT_MAX_SIZE,
  DEFAULT_REGISTRY,
  defaultOutputDir,
  fallbackFor,
  mirrorsFrom,
  isNoFallback,
  type Settings,
} from '../ops/settings.js';

export type Command = 'pull' | 'list' | 'warm';

/** Every input of action.yml, validated: the command and the settings it runs with. */
export interface Inputs extends Settings {
  command: Command;
  /** `pull`: AxVisor VM configs, one per image in the same order, to patch copies of. */
  vmConfigs: string[];
  /** `pull`: the AxVisor QEMU config to patch a copy of. */
  qemuConfig?: string;
}

/**
 * Reads and checks the inputs through `get` (core.getInput in the action, a map in tests).
 * Each error names the input and says what it accepts.
 */
export function parseInputs(get: (name: string) => string, env: NodeJS.ProcessEnv = process.env): Inputs {
  try {
    return readInputs(get, env);
  } catch (err) {
    throw asInputError(err);
  }
}

function readInputs(get: (name: string) => string, env: NodeJS.ProcessEnv): Inputs {
  const command = get('command').trim() || 'pull';
  if (command !== 'pull' && command !== 'list' && command !== 'warm') {
    throw new UserError(`input 'command': '${command}' is not one of pull, list, warm`);
  }
  const images = parseSpecList(get('image'), 'image');
  if (command === 'pull' && images.length === 0) {
    throw new UserError(
      `input 'image' is required for command 'pull' (e.g. 'qemu_aarch64_linux' or 'qemu_aarch64_linux:0.0.25')`,
    );
  }
  const registries = splitLines(get('registry'));
  const fallback = get('fallback-registry').trim();
  const filterText = get('filter').trim();
  const token = get('token').trim();
  return {
    command,
    images,
    registries: registries.length > 0 ? registries : [DEFAULT_REGISTRY],
    fallbackRegistry: fallbackFor(registries, fallback),
    noFallback: isNoFallback(fallback),
    outputDir: resolve(get('output-dir').trim() || defaultOutputDir()),
    extract: parseBool(get('extract'), 'extract', true),
    cache: parseBool(get('cache'), 'cache', true),
    toolCache: parseBool(get('tool-cache'), 'tool-cache', true),
    arch: splitList(get('arch')),
    filter: filterText ? nameFilter(filterText) : undefined,
    retries: parseIntInRange(get('retries'), 'retries', 3, 0, 20),
    token: token || undefined,
    maxSize: parseSize(get('max-size'), 'max-size', DEFAULT_MAX_SIZE),
    concurrency: parseIntInRange(get('concurrency'), 'concurrency', 3, 1, 16),
    mirrors: mirrorsFrom(get('mirrors'), env, 'mirrors'),
    mirrorsOnly: parseBool(get('mirrors-only'), 'mirrors-only', false),
    vmConfigs: splitLines(get('vm-config')).flatMap((l) =>
      l
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    qemuConfig: get('qemu-config').trim() || undefined,
  };
}
