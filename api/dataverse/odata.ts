/**
 * OData query text built from values, never by pasting them: string literals are quoted with `'`
 * doubled, GUID columns (primary keys, `_x_value` lookups) take unquoted GUIDs, and a date-time bound
 * is an unquoted UTC literal. Whether a value is a GUID depends on the column, not on how the value
 * looks: a string column holding a GUID-shaped text is still compared as a string.
 * A list becomes an `or` group (crm-apis.md documents no `In` function); long lists are split so each
 * URL stays small and each group stays far below OData's expression limits.
 */
export type Literal = string | number | boolean | null;

export interface Condition {
  /** The Web API property (`name`, `_parentaccountid_value`, `opportunityid`). */
  property: string;
  /** One value is `eq`; several are an `or` group. */
  values: Literal[];
  /** The column is a GUID: values are written unquoted and must be GUIDs. */
  guid: boolean;
}

/** Encoded `$filter` budget per query, and values per `or` group. */
export const MAX_ENCODED_FILTER = 8_000;
export const MAX_VALUES_PER_GROUP = 100;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const isGuid = (value: string): boolean => GUID.test(value);

export function propertyName(name: string): string {
  if (!PROPERTY.test(name)) throw new RangeError(`Not a Dataverse column name: ${JSON.stringify(name)}`);
  return name;
}

export function literal(value: Literal, guid: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberLiteral(value);
  if (guid) {
    if (!isGuid(value)) throw new RangeError(`Not a GUID: ${JSON.stringify(value)}`);
    return value.toLowerCase();
  }
  return `'${value.replace(/'/g, "''")}'`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) throw new RangeError(`Not an OData number: ${value}`);
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** `2026-11-01T00:00:00.000Z`: DateTimeOffset literals are unquoted. */
export function dateTimeLiteral(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(value)}`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

export function conditionText(condition: Condition): string {
  const name = propertyName(condition.property);
  if (condition.values.length === 0) throw new RangeError(`The list for ${name} is empty.`);
  const parts = condition.values.map((v) => `${name} eq ${literal(v, condition.guid)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

/** `a eq 'x' and (b eq 1 or b eq 2)`, plus conditions already rendered here (date-time bounds). */
export function filterText(conditions: Condition[], extra: string[] = []): string {
  return [...extra, ...conditions.map(conditionText)].join(' and ');
}

/**
 * The filters that together cover `conditions`: one, unless the longest list must be split to fit
 * `maxEncoded` and `maxValues`. Only that list is split; the other conditions stay in every filter.
 */
export function splitFilters(conditions: Condition[], extra: string[] = [], maxEncoded = MAX_ENCODED_FILTER, maxValues = MAX_VALUES_PER_GROUP): string[] {
  const whole = filterText(conditions, extra);
  const longest = [...conditions].sort((a, b) => b.values.length - a.values.length)[0];
  const fits = (c: Condition[]): boolean => encodeURIComponent(filterText(c, extra)).length <= maxEncoded && c.every((x) => x.values.length <= maxValues);
  if (longest === undefined || fits(conditions)) return [whole];
  const others = conditions.filter((c) => c !== longest);
  const out: string[] = [];
  let chunk: Literal[] = [];
  const withChunk = (values: Literal[]): Condition[] => [...others, { ...longest, values }];
  for (const value of longest.values) {
    if (!fits(withChunk([value]))) throw new RangeError(`A value of ${longest.property} is too long for a Dataverse query.`);
    if (chunk.length > 0 && !fits(withChunk([...chunk, value]))) {
      out.push(filterText(withChunk(chunk), extra));
      chunk = [];
    }
    chunk.push(value);
  }
  if (chunk.length > 0) out.push(filterText(withChunk(chunk), extra));
  return out;
}

export interface QueryOptions {
  select: string[];
  filter?: string;
  orderby?: string[];
  top?: number;
}

/** `?$select=…&$filter=…`: OData names keep their `$`, values are percent-encoded. */
export function queryString(options: QueryOptions): string {
  const params: string[] = [];
  if (options.select.length > 0) params.push(`$select=${[...new Set(options.select.map(propertyName))].join(',')}`);
  if (options.filter !== undefined && options.filter !== '') params.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.orderby !== undefined && options.orderby.length > 0) params.push(`$orderby=${encodeURIComponent(options.orderby.map((o) => propertyName(o.replace(/ (asc|desc)$/, '')) + (o.match(/ (asc|desc)$/)?.[0] ?? '')).join(','))}`);
  if (options.top !== undefined) params.push(`$top=${Math.max(0, Math.floor(options.top))}`);
  return params.length === 0 ? '' : `?${params.join('&')}`;
}
