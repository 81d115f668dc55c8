import { toIsoCountry } from './country.js';
import type { Transform } from './types.js';

/** No value: nothing to write, and equal to any other "no value". */
export function isEmpty(v: unknown): v is undefined | null | '' {
  return v === undefined || v === null || v === '';
}

/** Partner Center value → CRM value; undefined when the value cannot be converted. */
export function toCrmValue(transform: Transform | undefined, v: unknown): unknown {
  switch (transform) {
    // Partner Center sends a UTC date-time; a CRM date keeps its UTC calendar day.
    case 'date': return isoDate(v);
    default: return common(transform, v);
  }
}

/** CRM value → Partner Center value; undefined when the value cannot be converted. */
export function toPartnerCenterValue(transform: Transform | undefined, v: unknown): unknown {
  switch (transform) {
    case 'date': { const day = isoDate(v); return day === undefined ? undefined : `${day}T00:00:00Z`; }
    default: return common(transform, v);
  }
}

function common(transform: Transform | undefined, v: unknown): unknown {
  switch (transform) {
    case undefined: return v;
    case 'string': return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    case 'number': return number(v);
    case 'integer': { const n = number(v); return n !== undefined && Number.isInteger(n) ? n : undefined; }
    case 'boolean': return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    case 'dateTime': { const t = time(v); return t === undefined ? undefined : new Date(t).toISOString(); }
    case 'isoCountry': return typeof v === 'string' ? toIsoCountry(v) : undefined;
    case 'date': return isoDate(v);
  }
}

/**
 * Equal once both sides are read the same way: numbers by value, date-times by instant, empty by
 * emptiness. Used to decide whether anything changed, so a lossless re-read never counts as a change.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (typeof a === 'number' || typeof b === 'number') return number(a) !== undefined && number(a) === number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const ta = DATE_TIME.test(a) ? time(a) : undefined;
    return ta !== undefined && DATE_TIME.test(b) && ta === time(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function number(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Milliseconds of an ISO date or date-time; Salesforce writes offsets as +0000, which Date does not read. */
function time(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

function isoDate(v: unknown): string | undefined {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return time(`${v}T00:00:00Z`) === undefined ? undefined : v;
  const t = time(v);
  return t === undefined ? undefined : new Date(t).toISOString().slice(0, 10);
}
