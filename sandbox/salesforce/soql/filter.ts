/**
 * Compiles a WHERE clause into a predicate. Literals are checked against the field types as
 * Salesforce does (dates and datetimes unquoted, text quoted, Ids well-formed); text compares
 * case-insensitively; `!=` matches nulls; date ranges (TODAY, LAST_N_DAYS:n …) use UTC days.
 */
import { parseDateTime, utcDayStart } from '../datetime.js';
import { normalizeId } from '../ids.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { FieldDef, FieldValue, ObjectDef, SObjectRecord } from '../schema/types.js';
import type { ComparisonOp, Condition, Literal } from './ast.js';
import { queryError } from './lexer.js';
import { resolvePath, valueAt, type RecordSource } from './resolve.js';

export type Predicate = (record: SObjectRecord) => boolean;

type Comparable = string | number | boolean | null | { from: number; to: number };

interface Context { schema: OrgSchema; soql: string; root: ObjectDef; source: RecordSource; now: Date }

export function compileCondition(ctx: Context, cond: Condition): Predicate {
  switch (cond.kind) {
    case 'and': { const ps = cond.items.map((c) => compileCondition(ctx, c)); return (r) => ps.every((p) => p(r)); }
    case 'or': { const ps = cond.items.map((c) => compileCondition(ctx, c)); return (r) => ps.some((p) => p(r)); }
    case 'not': { const p = compileCondition(ctx, cond.item); return (r) => !p(r); }
    case 'compare': {
      const path = resolvePath(ctx.schema, ctx.soql, ctx.root, cond.path);
      const value = literalFor(ctx, path.field, cond.value, cond.op);
      return (r) => compare(fieldComparable(path.field, valueAt(ctx.source, r, path)), cond.op, value);
    }
    case 'in': {
      const path = resolvePath(ctx.schema, ctx.soql, ctx.root, cond.path);
      const values = cond.values.map((v) => literalFor(ctx, path.field, v, '='));
      return (r) => {
        const actual = fieldComparable(path.field, valueAt(ctx.source, r, path));
        const found = values.some((v) => compare(actual, '=', v));
        return cond.negated ? !found && actual !== null : found;
      };
    }
  }
}

function fieldComparable(field: FieldDef, value: FieldValue | undefined): Comparable {
  if (value === null || value === undefined) return null;
  if (field.type === 'datetime' && typeof value === 'string') return parseDateTime(value) ?? null;
  if (field.type === 'date' && typeof value === 'string') return Date.parse(`${value}T00:00:00Z`);
  if (typeof value === 'string') return value.toLowerCase();
  return value;
}

function literalFor(ctx: Context, field: FieldDef, lit: Literal, op: ComparisonOp): Comparable {
  const mismatch = (expected: string, quoted: boolean): Error => queryError('INVALID_QUERY_FILTER_OPERATOR', ctx.soql, lit.pos,
    `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`);
  if (lit.kind === 'null') {
    if (op !== '=' && op !== '!=') throw queryError('INVALID_QUERY_FILTER_OPERATOR', ctx.soql, lit.pos, `invalid operator on null: ${op}`);
    return null;
  }
  if (op === 'LIKE' && (lit.kind !== 'string' || !isText(field))) throw queryError('INVALID_QUERY_FILTER_OPERATOR', ctx.soql, lit.pos, `invalid operator on field '${field.name}': LIKE`);
  switch (field.type) {
    case 'date': case 'datetime': {
      if (lit.kind === 'dateRange') return dateRange(lit.name, lit.n, ctx.now);
      if (field.type === 'date' && lit.kind === 'date') return Date.parse(`${lit.value}T00:00:00Z`);
      if (field.type === 'datetime' && lit.kind === 'datetime') return lit.ms;
      throw mismatch(field.type === 'date' ? 'date' : 'dateTime', false);
    }
    case 'boolean':
      if (lit.kind !== 'boolean') throw mismatch('boolean', false);
      return lit.value;
    case 'currency': case 'double': case 'percent': case 'int':
      if (lit.kind !== 'number') throw mismatch('number', false);
      return lit.value;
    case 'id': case 'reference': {
      if (lit.kind !== 'string') throw mismatch('reference', true);
      const id = normalizeId(lit.value);
      if (id === undefined) throw queryError('INVALID_QUERY_FILTER_OPERATOR', ctx.soql, lit.pos, `invalid ID field: ${lit.value}`);
      return id.toLowerCase();
    }
    default:
      if (lit.kind !== 'string') throw mismatch('string', true);
      return lit.value.toLowerCase();
  }
}

const isText = (f: FieldDef): boolean => ['string', 'textarea', 'picklist', 'url', 'email', 'phone', 'id', 'reference'].includes(f.type);

function dateRange(name: string, n: number, now: Date): { from: number; to: number } {
  switch (name) {
    case 'YESTERDAY': return { from: utcDayStart(now, -1), to: utcDayStart(now) };
    case 'TOMORROW': return { from: utcDayStart(now, 1), to: utcDayStart(now, 2) };
    case 'LAST_N_DAYS': return { from: utcDayStart(now, -n), to: utcDayStart(now, 1) };
    case 'NEXT_N_DAYS': return { from: utcDayStart(now, 1), to: utcDayStart(now, n + 1) };
    default: return { from: utcDayStart(now), to: utcDayStart(now, 1) };
  }
}

function compare(actual: Comparable, op: ComparisonOp, expected: Comparable): boolean {
  if (expected === null) return op === '=' ? actual === null : actual !== null;
  if (actual === null) return op === '!=';
  if (typeof expected === 'object') return inRange(actual as number, op, expected);
  if (op === 'LIKE') return typeof actual === 'string' && likePattern(String(expected)).test(actual);
  if (typeof actual !== typeof expected) return op === '!=';
  switch (op) {
    case '=': return actual === expected;
    case '!=': return actual !== expected;
    case '<': return actual < expected;
    case '>': return actual > expected;
    case '<=': return actual <= expected;
    default: return actual >= expected;
  }
}

function inRange(actual: number, op: ComparisonOp, range: { from: number; to: number }): boolean {
  switch (op) {
    case '=': return actual >= range.from && actual < range.to;
    case '!=': return actual < range.from || actual >= range.to;
    case '<': return actual < range.from;
    case '<=': return actual < range.to;
    case '>': return actual >= range.to;
    default: return actual >= range.from;
  }
}

/** `%` any run, `_` one character; `\%` and `\_` literal. Already lower-cased. */
const likeCache = new Map<string, RegExp>();

function likePattern(pattern: string): RegExp {
  const cached = likeCache.get(pattern);
  if (cached) return cached;
  if (likeCache.size > 500) likeCache.clear();
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === '\\' && (pattern.charAt(i + 1) === '%' || pattern.charAt(i + 1) === '_')) { source += `\\${pattern.charAt(i + 1)}`; i += 1; }
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  likeCache.set(pattern, regex);
  return regex;
}
