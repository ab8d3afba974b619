import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { parseSpecList, splitLines } from '../registry/spec.js';
import {
  DEFAULT_MAX_SIZE,
  DEFAULT_REGISTRY,
  defaultOutputDir,
  fallbackFor,
  type Settings,
} from '../ops/settings.js';

export type Command = 'pull' | 'list' | 'warm';

/** Every input of action.yml, validated: the command and the settings it runs with. */
export interface Inputs extends Settings {
  command: Command;
}

/**
 * Reads and checks the inputs through `get` (core.getInput in the action, a map in tests).
 * Each error names the input and says what it accepts.
 */
export function parseInputs(get: (name: string) => string): Inputs {
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
  };
}

export function parseBool(text: string, input: string, dflt: boolean): boolean {
  const v = text.trim().toLowerCase();
  if (v === '') return dflt;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new UserError(`input '${input}': '${text}' is not a boolean (use true or false)`);
}

export function parseIntInRange(text: string, input: string, dflt: number, min: number, max: number): number {
  const v = text.trim();
  if (v === '') return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UserError(`input '${input}': '${text}' is not a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

/** `500M`, `20G`, `1.5GiB`, or plain bytes. */
export function parseSize(text: string, input: string, dflt: number): number {
  const v = text.trim();
  if (v === '') return dflt;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(v);
  if (!m)
    throw new UserError(`input '${input}': '${text}' is not a size (e.g. 20G, 500M or a number of bytes)`);
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

/** Space-, comma- or newline-separated values. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A regex on the name, or a plain substring when the text is not a valid regex (as the Rust tool does). */
export function nameFilter(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}
