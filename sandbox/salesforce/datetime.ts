/** Salesforce's wire formats: dates `YYYY-MM-DD`, datetimes `2026-01-01T00:00:00.000+0000` (UTC). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** System timestamps have second precision in Salesforce (always `.000`). */
export function systemTimestamp(now: Date): string {
  return formatDateTime(Math.floor(now.getTime() / 1000) * 1000);
}

/** Milliseconds since the epoch, or undefined when not an ISO 8601 datetime. A missing offset means UTC. */
export function parseDateTime(value: string): number | undefined {
  const m = DATETIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offset = zone === undefined || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ? frac.slice(0, 4).padEnd(4, '0') : '.000'}${offset}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** Start of the UTC day `days` away from `now`, as ms. */
export function utcDayStart(now: Date, days = 0): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days);
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
