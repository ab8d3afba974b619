import type { TomlDate } from 'smol-toml';
import type { Instant } from './types.js';

const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time with an offset, to the nanosecond as chrono keeps it (digits past the
 * ninth are dropped, as chrono drops them); undefined for anything else, including dates that
 * do not exist (February 30) and leap seconds.
 */
export function parseInstant(text: string): Instant | undefined {
  const m = RFC3339_RE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const fraction = m[7] ?? '';
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  let offset = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  // setUTCFullYear, not Date.UTC: the latter reads years 0 to 99 as 1900 to 1999.
  const d = new Date(0);
  d.setUTCFullYear(year!, month! - 1, day!);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month! - 1 || d.getUTCDate() !== day) {
    return undefined;
  }
  d.setUTCHours(hour!, minute!, second!, 0);
  return { secs: d.getTime() / 1000 - offset, nanos: Number(fraction.slice(0, 9).padEnd(9, '0')) };
}

/** A TOML offset date-time (smol-toml keeps milliseconds). */
export function instantOfTomlDate(date: TomlDate): Instant {
  const ms = date.getTime();
  const secs = Math.floor(ms / 1000);
  return { secs, nanos: (ms - secs * 1000) * 1_000_000 };
}

/** The order of Rust's `Option<DateTime<Utc>>`: absent before any instant. */
export function compareReleased(a: Instant | undefined, b: Instant | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return a.secs - b.secs || a.nanos - b.nanos;
}

/** ISO 8601 in UTC to the millisecond, as `ImageEntry.releasedAt` holds it. */
export function isoOfInstant(t: Instant): string {
  return new Date(t.secs * 1000 + Math.floor(t.nanos / 1_000_000)).toISOString();
}

/**
 * The text chrono writes for a `DateTime<Utc>` (serde: RFC 3339, `Z`, as many fraction digits as
 * the value needs, in groups of three), which is what the Rust tool's sync puts in images.toml.
 */
export function chronoText(t: Instant): string {
  const d = new Date(t.secs * 1000);
  const year = d.getUTCFullYear();
  const yearText =
    year >= 0 && year <= 9999
      ? String(year).padStart(4, '0')
      : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(4, '0')}`;
  const two = (n: number): string => String(n).padStart(2, '0');
  const digits = t.nanos % 1_000_000 === 0 ? 3 : t.nanos % 1000 === 0 ? 6 : 9;
  const fraction = t.nanos === 0 ? '' : `.${String(t.nanos).padStart(9, '0').slice(0, digits)}`;
  return (
    `${yearText}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${fraction}Z`
  );
}
