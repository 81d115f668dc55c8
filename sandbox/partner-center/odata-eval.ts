/**
 * Evaluates a parsed `$filter` against a referral. The model is open, so an unknown property is
 * simply null (it never matches `eq 'x'`), rather than an error.
 *
 * Comparison rules (documented in the README):
 * - null/missing equals only null; ordering against null is false.
 * - Date-time literals (unquoted, `2026-01-01T00:00:00Z`) and date literals compare as instants with
 *   string properties holding ISO date-times, whatever their fraction precision. Two quoted strings
 *   that are both ISO date-times also compare as instants.
 * - GUID literals (unquoted) compare case-insensitively with strings.
 * - Other strings compare ordinally and case-sensitively, as OData specifies.
 * - Values of different types are not equal and not ordered.
 */
import type { ComparisonOperator, FilterNode, LambdaNode, OperandNode, PathNode } from './odata-filter.js';
import { canonicalInstant } from './timestamps.js';
import { isPlainObject } from './json-values.js';

type Scope = ReadonlyMap<string, unknown>;
type Typed =
  | { t: 'null' } | { t: 'string'; v: string } | { t: 'number'; v: number } | { t: 'boolean'; v: boolean }
  | { t: 'instant'; v: string } | { t: 'guid'; v: string } | { t: 'other' };

const EMPTY_SCOPE: Scope = new Map();

export function evaluateFilter(node: FilterNode, root: unknown): boolean {
  return evaluate(node, root, EMPTY_SCOPE);
}

function evaluate(node: FilterNode, root: unknown, scope: Scope): boolean {
  switch (node.kind) {
    case 'and': return evaluate(node.left, root, scope) && evaluate(node.right, root, scope);
    case 'or': return evaluate(node.left, root, scope) || evaluate(node.right, root, scope);
    case 'not': return !evaluate(node.operand, root, scope);
    case 'truthy': return operandValue(node.operand, root, scope) === true;
    case 'compare': return compare(node.operator, typed(node.left, root, scope), typed(node.right, root, scope));
  }
}

function operandValue(node: OperandNode, root: unknown, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'path': return resolvePath(node, root, scope);
    case 'lambda': return evaluateLambda(node, root, scope);
  }
}

function resolvePath(path: PathNode, root: unknown, scope: Scope): unknown {
  let value = path.variable === undefined ? root : scope.get(path.variable);
  for (const segment of path.segments) {
    if (!isPlainObject(value) || !Object.hasOwn(value, segment)) return undefined;
    value = value[segment];
  }
  return value;
}

function evaluateLambda(node: LambdaNode, root: unknown, scope: Scope): boolean {
  const collection = resolvePath(node.collection, root, scope);
  const items = Array.isArray(collection) ? (collection as unknown[]) : [];
  const { predicate, variable } = node;
  if (predicate === undefined || variable === undefined) return items.length > 0;
  const test = (item: unknown): boolean => evaluate(predicate, root, new Map(scope).set(variable, item));
  return node.quantifier === 'any' ? items.some(test) : items.every(test);
}

function typed(node: OperandNode, root: unknown, scope: Scope): Typed {
  if (node.kind === 'literal') {
    switch (node.type) {
      case 'datetime':
      case 'date': {
        const instant = canonicalInstant(node.value);
        return instant === undefined ? { t: 'other' } : { t: 'instant', v: instant };
      }
      case 'guid': return { t: 'guid', v: String(node.value).toLowerCase() };
      default: return fromValue(node.value);
    }
  }
  return fromValue(operandValue(node, root, scope));
}

function fromValue(value: unknown): Typed {
  if (value === null || value === undefined) return { t: 'null' };
  if (typeof value === 'string') return { t: 'string', v: value };
  if (typeof value === 'number') return { t: 'number', v: value };
  if (typeof value === 'boolean') return { t: 'boolean', v: value };
  return { t: 'other' };
}

function order<T extends string | number | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive; undefined when the two values cannot be compared. */
function ordering(a: Typed, b: Typed): number | undefined {
  if (a.t === 'instant' || b.t === 'instant') {
    const left = a.t === 'instant' ? a.v : a.t === 'string' ? canonicalInstant(a.v) : undefined;
    const right = b.t === 'instant' ? b.v : b.t === 'string' ? canonicalInstant(b.v) : undefined;
    return left === undefined || right === undefined ? undefined : order(left, right);
  }
  if (a.t === 'guid' || b.t === 'guid') {
    const left = a.t === 'guid' || a.t === 'string' ? a.v.toLowerCase() : undefined;
    const right = b.t === 'guid' || b.t === 'string' ? b.v.toLowerCase() : undefined;
    return left === undefined || right === undefined ? undefined : order(left, right);
  }
  if (a.t === 'string' && b.t === 'string') {
    const left = canonicalInstant(a.v);
    const right = left === undefined ? undefined : canonicalInstant(b.v);
    return left !== undefined && right !== undefined ? order(left, right) : order(a.v, b.v);
  }
  if (a.t === 'number' && b.t === 'number') return order(a.v, b.v);
  if (a.t === 'boolean' && b.t === 'boolean') return order(a.v, b.v);
  return undefined;
}

function compare(operator: ComparisonOperator, a: Typed, b: Typed): boolean {
  if (a.t === 'null' || b.t === 'null') {
    const bothNull = a.t === 'null' && b.t === 'null';
    if (operator === 'eq') return bothNull;
    if (operator === 'ne') return !bothNull;
    return false;
  }
  const result = ordering(a, b);
  switch (operator) {
    case 'eq': return result === 0;
    case 'ne': return result !== 0;
    case 'gt': return result !== undefined && result > 0;
    case 'ge': return result !== undefined && result >= 0;
    case 'lt': return result !== undefined && result < 0;
    case 'le': return result !== undefined && result <= 0;
  }
}
