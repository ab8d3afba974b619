import { UserError } from '../core/errors.js';

/** Text to setting values, for both faces; `input` names the setting in errors. */

export function parseBool(text: string, input: string, dflt: boolean): boolean {
  const v = text.trim().toLowerCase();
  if (v === '') return dflt;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new UserError(`'${text}' is not a boolean (use true or false)`, { setting: input });
}

export function parseIntInRange(text: string, input: string, dflt: number, min: number, max: number): number {
  const v = text.trim();
  if (v === '') return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UserError(`'${text}' is not a whole number from ${min} to ${max}`, { setting: input });
  }
  return Number(v);
}

/** `500M`, `20G`, `1.5GiB`, or plain bytes. */
export function parseSize(text: string, input: string, dflt: number): number {
  const v = text.trim();
  if (v === '') return dflt;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(v);
  if (!m)
    throw new UserError(`'${text}' is not a size (e.g. 20G, 500M or a number of bytes)`, { setting: input });
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
