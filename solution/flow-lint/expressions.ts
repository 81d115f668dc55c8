// Finds the expressions in a flow and the names they refer to. A JSON string is an expression when
// it starts with `@` (`@@` escapes a literal at sign), and any string may embed `@{...}`
// interpolations. Only literal arguments are resolved; `outputs(variables('x'))` is beyond a
// static check.

export type ReferenceKind = 'actions' | 'outputs' | 'body' | 'result' | 'items' | 'iterationIndexes' | 'parameters' | 'variables';

export interface ExpressionReference {
  readonly kind: ReferenceKind | 'item' | 'triggerBody' | 'triggerOutputs';
  /** The quoted name, for the kinds that take one. */
  readonly name?: string;
}

export interface FoundExpression {
  readonly text: string;
  /** JSON path of the string holding it. */
  readonly path: string;
}

function interpolations(value: string): string[] {
  const found: string[] = [];
  let i = value.indexOf('@{');
  while (i !== -1) {
    let depth = 0;
    let inQuote = false;
    let end = -1;
    for (let j = i + 1; j < value.length; j += 1) {
      const ch = value[j];
      if (ch === "'") inQuote = !inQuote;
      else if (!inQuote && ch === '{') depth += 1;
      else if (!inQuote && ch === '}') {
        depth -= 1;
        if (depth === 0) {
          end = j;
          break;
        }
      }
    }
    if (end === -1) {
      found.push(value.slice(i + 2));
      break;
    }
    found.push(value.slice(i + 2, end));
    i = value.indexOf('@{', end + 1);
  }
  return found;
}

/** The expression texts inside one JSON string value. */
export function expressionsInString(value: string): string[] {
  if (value.startsWith('@@')) return [];
  if (value.startsWith('@') && !value.startsWith('@{')) return [value.slice(1)];
  return interpolations(value);
}

/** Every expression under `value`, depth first, with the JSON path of its string. */
export function findExpressions(value: unknown, path: string): FoundExpression[] {
  if (typeof value === 'string') return expressionsInString(value).map((text) => ({ text, path }));
  if (Array.isArray(value)) return value.flatMap((v, i) => findExpressions(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => findExpressions(v, `${path}.${k}`));
  }
  return [];
}

const NAMED = /(?<![A-Za-z0-9_])(actions|outputs|body|result|items|iterationIndexes|parameters|variables)\s*\(\s*'((?:[^']|'')*)'\s*\)/g;
const BARE = /(?<![A-Za-z0-9_])(item|triggerBody|triggerOutputs)\s*\(\s*\)/g;

/** The references an expression makes, with string literals' doubled quotes undone. */
export function referencesIn(expression: string): ExpressionReference[] {
  const out: ExpressionReference[] = [];
  for (const m of expression.matchAll(NAMED)) {
    out.push({ kind: m[1] as ReferenceKind, name: (m[2] ?? '').replace(/''/g, "'") });
  }
  for (const m of expression.matchAll(BARE)) out.push({ kind: m[1] as 'item' | 'triggerBody' | 'triggerOutputs' });
  return out;
}
