/**
 * `$filter` as Dataverse accepts it: comparisons (`eq ne gt ge lt le`), `and`/`or`/`not` with `not`
 * binding tightest and `and` before `or`, parentheses, and `contains`/`startswith`/`endswith`.
 * Literals: 'text' (with '' for a quote), numbers, true/false, null, bare GUIDs, dates and
 * date-times. Syntax errors use the OData library's "Syntax error at position n in '…'." message.
 */
import { badRequest } from '../errors.js';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LiteralType = 'string' | 'integer' | 'decimal' | 'boolean' | 'null' | 'guid' | 'datetime' | 'date';

export interface Literal { kind: 'literal'; type: LiteralType; value: string | number | boolean | null; text: string }
export interface PropertyRef { kind: 'property'; name: string }
export type Operand = Literal | PropertyRef;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: ComparisonOperator; left: Operand; right: Operand }
  | { kind: 'call'; name: 'contains' | 'startswith' | 'endswith'; property: PropertyRef; value: Literal };

type Token =
  | { t: 'punct'; v: '(' | ')' | ','; pos: number }
  | { t: 'word'; v: string; pos: number }
  | { t: 'literal'; v: Literal; pos: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_./]*/;
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  const fail = (pos?: number): never => { throw badRequest(`Syntax error at position ${pos ?? tokens[i]?.pos ?? text.length} in '${text}'.`); };
  const peekWord = (w: string) => { const tok = tokens[i]; return tok?.t === 'word' && tok.v === w; };
  const expectPunct = (p: '(' | ')' | ',') => { const tok = tokens[i]; if (tok?.t !== 'punct' || tok.v !== p) fail(); i += 1; };

  const operand = (): Operand => {
    const tok = tokens[i];
    if (tok?.t === 'literal') { i += 1; return tok.v; }
    if (tok?.t === 'word' && !COMPARISONS.has(tok.v) && !['and', 'or', 'not'].includes(tok.v)) { i += 1; return { kind: 'property', name: tok.v }; }
    return fail();
  };

  const primary = (): FilterNode => {
    const tok = tokens[i];
    if (tok?.t === 'punct' && tok.v === '(') {
      i += 1;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    if (tok?.t === 'word' && tokens[i + 1]?.t === 'punct' && (tokens[i + 1] as { v: string }).v === '(') {
      if (!FUNCTIONS.has(tok.v)) throw badRequest(`An unknown function with name '${tok.v}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
      i += 2;
      const property = operand();
      expectPunct(',');
      const value = operand();
      expectPunct(')');
      if (property.kind !== 'property' || value.kind !== 'literal' || value.type !== 'string') throw badRequest(`The function '${tok.v}' takes a column and a text literal.`);
      return { kind: 'call', name: tok.v as 'contains', property, value };
    }
    const left = operand();
    const op = tokens[i];
    if (op?.t !== 'word' || !COMPARISONS.has(op.v)) return fail();
    i += 1;
    return { kind: 'compare', op: op.v as ComparisonOperator, left, right: operand() };
  };

  const not = (): FilterNode => {
    if (peekWord('not')) { i += 1; return { kind: 'not', operand: not() }; }
    return primary();
  };
  const and = (): FilterNode => {
    let left = not();
    while (peekWord('and')) { i += 1; left = { kind: 'and', left, right: not() }; }
    return left;
  };
  const or = (): FilterNode => {
    let left = and();
    while (peekWord('or')) { i += 1; left = { kind: 'or', left, right: and() }; }
    return left;
  };

  if (tokens.length === 0) fail(0);
  const tree = or();
  if (i < tokens.length) fail();
  return tree;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const rest = text.slice(pos);
    const ch = rest[0]!;
    if (/\s/.test(ch)) { pos += 1; continue; }
    if (ch === '(' || ch === ')' || ch === ',') { tokens.push({ t: 'punct', v: ch, pos }); pos += 1; continue; }
    if (ch === "'") {
      let end = 1;
      let value = '';
      for (;;) {
        if (end >= rest.length) throw badRequest(`There is an unterminated string literal at position ${pos + end} in '${text}'.`);
        if (rest[end] === "'") {
          if (rest[end + 1] === "'") { value += "'"; end += 2; continue; }
          break;
        }
        value += rest[end];
        end += 1;
      }
      tokens.push({ t: 'literal', v: { kind: 'literal', type: 'string', value, text: rest.slice(0, end + 1) }, pos });
      pos += end + 1;
      continue;
    }
    const literal = matchLiteral(rest);
    if (literal) { tokens.push({ t: 'literal', v: literal, pos }); pos += literal.text.length; continue; }
    const word = WORD.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'true' || w === 'false') tokens.push({ t: 'literal', v: { kind: 'literal', type: 'boolean', value: w === 'true', text: w }, pos });
      else if (w === 'null') tokens.push({ t: 'literal', v: { kind: 'literal', type: 'null', value: null, text: w }, pos });
      else tokens.push({ t: 'word', v: w, pos });
      pos += w.length;
      continue;
    }
    throw badRequest(`Syntax error: character '${ch}' is not valid at position ${pos} in '${text}'.`);
  }
  return tokens;
}

function matchLiteral(rest: string): Literal | undefined {
  const guid = GUID.exec(rest);
  if (guid) return { kind: 'literal', type: 'guid', value: guid[0].toLowerCase(), text: guid[0] };
  const dt = DATETIME.exec(rest);
  if (dt) return { kind: 'literal', type: 'datetime', value: dt[0], text: dt[0] };
  const date = DATE.exec(rest);
  if (date) return { kind: 'literal', type: 'date', value: date[0], text: date[0] };
  const num = NUMBER.exec(rest);
  if (num) return { kind: 'literal', type: num[1] ? 'decimal' : 'integer', value: Number(num[0]), text: num[0] };
  return undefined;
}
