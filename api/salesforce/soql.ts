/**
 * SOQL text built from values, never by pasting them. Every literal is typed and escaped as the SOQL
 * reference requires (`\'`, `\\`, `\n` …), so `x' OR Name != '` stays one string. Names cannot be
 * quoted in SOQL, so anything that is not an API name is refused. Long IN lists are split so each
 * query's URL stays well under Salesforce's 16,384-byte URI limit (jsforce sends SOQL in `?q=`).
 */
import type { CrmWhere } from '../domain/crm.js';

export type SoqlValue = string | number | boolean | null | Date;

/** Encoded `q=` budget per query: the URI limit less room for the instance URL and path. */
export const MAX_ENCODED_QUERY = 12_000;

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** An object, field or relationship path (`Account.Name`). */
export function soqlName(name: string): string {
  if (!NAME.test(name)) throw new RangeError(`Not a Salesforce API name: ${JSON.stringify(name)}`);
  return name;
}

export function soqlLiteral(value: SoqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return soqlNumber(value);
  if (value instanceof Date) return soqlDateTime(value);
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/** Plain decimal notation: SOQL has no exponent form. */
function soqlNumber(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) throw new RangeError(`Not a SOQL number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Datetime literals are unquoted UTC with second precision (`2026-03-02T10:00:00Z`). */
export function soqlDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? parseIso(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError('Not a valid date-time.');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseIso(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(text)}`);
  return new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** `a = 'x' AND b IN ('p', 'q')`; empty IN lists are refused (they match nothing: callers skip the query). */
export function whereClause(where: CrmWhere): string {
  return Object.entries(where).map(([field, value]) => {
    const name = soqlName(field);
    if (!Array.isArray(value)) return `${name} = ${soqlLiteral(value)}`;
    if (value.length === 0) throw new RangeError(`The IN list for ${field} is empty.`);
    return `${name} IN (${value.map((v) => soqlLiteral(v)).join(', ')})`;
  }).join(' AND ');
}

export function hasEmptyList(where: CrmWhere): boolean {
  return Object.values(where).some((v) => Array.isArray(v) && v.length === 0);
}

export interface SelectSpec {
  object: string;
  fields: string[];
  where?: CrmWhere;
  /** Conditions already rendered by this module (datetime comparisons). */
  conditions?: string[];
  orderBy?: string[];
  limit?: number;
}

export function selectQuery(spec: SelectSpec): string {
  const conditions = [...(spec.conditions ?? [])];
  if (spec.where !== undefined && Object.keys(spec.where).length > 0) conditions.push(whereClause(spec.where));
  const parts = [`SELECT ${uniqueNames(spec.fields).join(', ')} FROM ${soqlName(spec.object)}`];
  if (conditions.length > 0) parts.push(`WHERE ${conditions.join(' AND ')}`);
  if (spec.orderBy !== undefined && spec.orderBy.length > 0) parts.push(`ORDER BY ${spec.orderBy.map(soqlName).join(', ')}`);
  if (spec.limit !== undefined) parts.push(`LIMIT ${Math.max(0, Math.floor(spec.limit))}`);
  return parts.join(' ');
}

/** Field names once each (SOQL refuses duplicates, case-insensitively), in first-seen order. */
export function uniqueNames(fields: string[]): string[] {
  const seen = new Map<string, string>();
  for (const f of fields) if (!seen.has(f.toLowerCase())) seen.set(f.toLowerCase(), soqlName(f));
  return [...seen.values()];
}

const encodedLength = (soql: string): number => encodeURIComponent(soql).length;

/**
 * The queries that together cover `spec`: one, unless the longest IN list has to be split so each
 * query's encoded text fits `maxEncoded`. Only that one list is split; the rest stays in every query.
 */
export function selectQueries(spec: SelectSpec, maxEncoded: number = MAX_ENCODED_QUERY): string[] {
  const whole = selectQuery(spec);
  if (encodedLength(whole) <= maxEncoded) return [whole];
  const where = spec.where ?? {};
  const key = Object.keys(where).filter((k) => Array.isArray(where[k]))
    .sort((a, b) => (where[b] as unknown[]).length - (where[a] as unknown[]).length)[0];
  const values = key === undefined ? [] : where[key] as Array<string | number>;
  const first = values[0];
  if (key === undefined || first === undefined) throw new RangeError('The query is too long for Salesforce and has no IN list to split.');
  const sizeOf = (v: string | number): number => encodedLength(soqlLiteral(v));
  const separator = encodedLength(', ');
  const overhead = encodedLength(selectQuery({ ...spec, where: { ...where, [key]: [first] } })) - sizeOf(first);
  const out: string[] = [];
  let chunk: Array<string | number> = [];
  let size = overhead;
  for (const v of values) {
    const valueSize = sizeOf(v);
    if (overhead + valueSize > maxEncoded) throw new RangeError(`A value of ${key} is too long for a Salesforce query.`);
    if (chunk.length > 0 && size + separator + valueSize > maxEncoded) {
      out.push(selectQuery({ ...spec, where: { ...where, [key]: chunk } }));
      chunk = [];
      size = overhead;
    }
    size += (chunk.length > 0 ? separator : 0) + valueSize;
    chunk.push(v);
  }
  if (chunk.length > 0) out.push(selectQuery({ ...spec, where: { ...where, [key]: chunk } }));
  return out;
}
