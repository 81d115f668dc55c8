/**
 * Time values as both backends store them. Instants we compute (leases, retries, receipt) are stored
 * as `Date.toISOString()` (SQLite TEXT, fixed width, so string order is time order) or `timestamptz`.
 * A referral's `updatedDateTime` is different: Partner Center sends 7 fractional digits (.NET ticks,
 * 100 ns), finer than a JS Date (ms) or `timestamptz` (µs), and the mirror must order two versions
 * exactly. So it is normalized on write to one fixed-width UTC form with 7 digits, in which string
 * order is instant order, and stored as text in both backends.
 */

const UPDATED_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An instant as stored: ms precision, UTC, `Date.toISOString()` form. Throws on an unreadable value. */
export function toInstant(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${String(value)}`);
  return date.toISOString();
}

/** A timestamp column read back: SQLite gives text, pg gives a Date. */
export function readInstant(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}

export function readOptionalInstant(value: string | Date | null): string | null {
  return value === null ? null : readInstant(value);
}

/**
 * `2020-10-30T21:03:00.0000000Z` form: UTC, 7 fractional digits (extra digits are truncated, which
 * keeps order). A missing zone means UTC, as Partner Center's documented values are all UTC.
 */
export function normalizeUpdatedDateTime(value: string): string {
  const m = UPDATED_PATTERN.exec(value.trim());
  if (!m) throw new RangeError(`not an ISO-8601 date-time: ${value}`);
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = m as unknown as [string, string, string, string, string, string, string?, string?, string?];
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  check.setUTCHours(Number(h), Number(mi), Number(s), 0);
  // Dates roll 2020-02-30 over to March; reject instead of storing a different day.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h)
    || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(s)) {
    throw new RangeError(`not a valid date-time: ${value}`);
  }
  const instant = new Date(check.getTime() - zoneOffsetMs(zone));
  const year = instant.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`date-time out of range: ${value}`);
  return `${instant.toISOString().slice(0, 19)}.${fraction.slice(0, 7).padEnd(7, '0')}Z`;
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** The end of a lease that starts at `now`. */
export function leaseEnd(now: Date, leaseMs: number): string {
  return new Date(now.getTime() + leaseMs).toISOString();
}
