/** Runs a SOQL query against the store: parse, resolve, filter, order, offset, limit, project. */
import type { OrgSchema } from '../schema/org-schema.js';
import type { FieldValue, SObjectRecord } from '../schema/types.js';
import type { OrderItem } from './ast.js';
import { compileCondition } from './filter.js';
import { queryError } from './lexer.js';
import { parseSoql } from './parser.js';
import { projectRecord, type OutputRecord, type RecordUrl } from './project.js';
import { resolveObject, resolvePath, valueAt, type RecordSource, type ResolvedPath } from './resolve.js';

export interface QueryOutcome {
  /** All matching rows, projected (paging is the caller's job); empty for COUNT(). */
  records: OutputRecord[];
  totalSize: number;
}

export interface QueryOptions { includeDeleted?: boolean; now: Date; recordUrl: RecordUrl }

const MAX_OFFSET = 2000;

export function runQuery(schema: OrgSchema, source: RecordSource, soql: string, options: QueryOptions): QueryOutcome {
  const query = parseSoql(soql);
  const root = resolveObject(schema, soql, query.from.name, query.from.pos);
  const ctx = { schema, soql, root, source, now: options.now };
  const selected: ResolvedPath[] = [];
  for (const item of query.select) if (item.kind === 'field') selected.push(resolvePath(schema, soql, root, item.path));
  const predicate = query.where ? compileCondition(ctx, query.where) : () => true;
  const order = query.orderBy.map((o) => ({ item: o, path: resolvePath(schema, soql, root, o.path) }));
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw queryError('NUMBER_OUTSIDE_VALID_RANGE', soql, soql.length, `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }

  let rows = source.list(root.name, { includeDeleted: options.includeDeleted ?? false }).filter(predicate);
  if (order.length > 0) rows = [...rows].sort(comparator(source, order));
  const start = query.offset ?? 0;
  rows = rows.slice(start, query.limit === undefined ? undefined : start + query.limit);
  if (query.select.some((s) => s.kind === 'count')) return { records: [], totalSize: rows.length };
  return { records: rows.map((r) => projectRecord(source, root.name, r, selected, options.recordUrl)), totalSize: rows.length };
}

function comparator(source: RecordSource, order: { item: OrderItem; path: ResolvedPath }[]): (a: SObjectRecord, b: SObjectRecord) => number {
  return (a, b) => {
    for (const { item, path } of order) {
      const x = valueAt(source, a, path) ?? null;
      const y = valueAt(source, b, path) ?? null;
      const c = compareValues(x, y, item.nullsLast);
      if (c !== 0) return item.descending && x !== null && y !== null ? -c : c;
    }
    return 0;
  };
}

/** Nulls placed by NULLS FIRST/LAST regardless of direction; text case-insensitive. */
function compareValues(x: FieldValue, y: FieldValue, nullsLast: boolean): number {
  if (x === null || y === null) {
    if (x === y) return 0;
    return (x === null) === nullsLast ? 1 : -1;
  }
  const a = typeof x === 'string' ? x.toLowerCase() : x;
  const b = typeof y === 'string' ? y.toLowerCase() : y;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
