/**
 * Turns a parsed `$filter` into a row predicate, checking every column and literal type first, as
 * Dataverse refuses a query before running it. Text compares case-insensitively (SQL collation);
 * a comparison with a null column is false except `ne` (and `eq null`).
 */
import { badRequest } from '../errors.js';
import type { EntityDefinition } from '../schema/types.js';
import type { StoredRecord, StoredValue } from '../store/types.js';
import { edmType, resolveColumn, type ColumnRef } from './columns.js';
import type { ComparisonOperator, FilterNode, Literal, Operand } from './filter-parser.js';

export type RowPredicate = (row: StoredRecord) => boolean;

const OPERATOR_KIND: Record<ComparisonOperator, string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual',
};
const MIRRORED: Record<ComparisonOperator, ComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

export function compileFilter(node: FilterNode, entity: EntityDefinition): RowPredicate {
  switch (node.kind) {
    case 'and': { const l = compileFilter(node.left, entity); const r = compileFilter(node.right, entity); return (row) => l(row) && r(row); }
    case 'or': { const l = compileFilter(node.left, entity); const r = compileFilter(node.right, entity); return (row) => l(row) || r(row); }
    case 'not': { const inner = compileFilter(node.operand, entity); return (row) => !inner(row); }
    case 'call': return compileCall(node.name, resolveColumn(entity, node.property.name), node.value);
    case 'compare': return compileComparison(node.op, node.left, node.right, entity);
  }
}

function compileCall(name: 'contains' | 'startswith' | 'endswith', column: ColumnRef, value: Literal): RowPredicate {
  if (column.attribute.type !== 'string' && column.attribute.type !== 'memo') {
    throw badRequest(`No function signature for the function with name '${name}' matches the specified arguments. The function signatures considered are: ${name}(Edm.String Nullable=true, Edm.String Nullable=true).`);
  }
  const needle = String(value.value).toLowerCase();
  return (row) => {
    const v = column.read(row);
    if (typeof v !== 'string') return false;
    const hay = v.toLowerCase();
    return name === 'contains' ? hay.includes(needle) : name === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
  };
}

function compileComparison(op: ComparisonOperator, left: Operand, right: Operand, entity: EntityDefinition): RowPredicate {
  if (left.kind === 'literal' && right.kind === 'property') return compileComparison(MIRRORED[op], right, left, entity);
  if (left.kind !== 'property' || right.kind !== 'literal') {
    throw badRequest('A comparison must have a column on one side and a literal on the other.');
  }
  const column = resolveColumn(entity, left.name);
  if (right.type === 'null') {
    if (op !== 'eq' && op !== 'ne') return () => false;
    return (row) => (column.read(row) === null) === (op === 'eq');
  }
  const target = literalFor(column, right, op);
  return (row) => {
    const value = column.read(row);
    if (value === null) return op === 'ne';
    const c = compare(value, target);
    switch (op) {
      case 'eq': return c === 0;
      case 'ne': return c !== 0;
      case 'gt': return c > 0;
      case 'ge': return c >= 0;
      case 'lt': return c < 0;
      case 'le': return c <= 0;
    }
  };
}

/** The literal as a comparable value of the column's type, or the OData incompatible-types error. */
function literalFor(column: ColumnRef, literal: Literal, op: ComparisonOperator): StoredValue {
  const type = column.attribute.type;
  const ok = (() => {
    switch (type) {
      case 'string': case 'memo': return literal.type === 'string';
      case 'integer': case 'bigint': case 'picklist': case 'state': case 'status': return literal.type === 'integer';
      case 'decimal': case 'money': return literal.type === 'integer' || literal.type === 'decimal';
      case 'boolean': return literal.type === 'boolean';
      case 'uniqueidentifier': case 'lookup': return literal.type === 'guid';
      case 'datetime': return literal.type === 'datetime' || literal.type === 'date';
      case 'dateonly': return literal.type === 'date';
    }
  })();
  if (!ok) {
    throw badRequest(`A binary operator with incompatible types was detected. Found operand types '${edmType(column.attribute)}' and '${literalEdmType(literal)}' for operator kind '${OPERATOR_KIND[op]}'.`);
  }
  if (type === 'datetime') return normalizeInstant(String(literal.value));
  return literal.value;
}

function literalEdmType(literal: Literal): string {
  return {
    string: 'Edm.String', integer: 'Edm.Int32', decimal: 'Edm.Decimal', boolean: 'Edm.Boolean', null: 'null',
    guid: 'Edm.Guid', datetime: 'Edm.DateTimeOffset', date: 'Edm.Date',
  }[literal.type];
}

/** Stored date-times are `…Z` at whole seconds; a literal is brought to the same form to compare as text. */
function normalizeInstant(text: string): string {
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return new Date(ms).toISOString();
}

/** Orders two values of one column's type; shared by `$filter` and `$orderby`. */
export function compare(a: StoredValue, b: StoredValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'object' || typeof b === 'object') return compare(typeof a === 'object' ? a.id : a, typeof b === 'object' ? b.id : b);
  const sa = String(a);
  const sb = String(b);
  // Date-times: stored at whole seconds, literals possibly with milliseconds; compare as instants.
  if (/^\d{4}-\d{2}-\d{2}T/.test(sa) && /^\d{4}-\d{2}-\d{2}T/.test(sb)) return Date.parse(sa) - Date.parse(sb);
  const la = sa.toLowerCase();
  const lb = sb.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}
