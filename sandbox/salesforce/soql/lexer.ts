/** SOQL tokens. Date and datetime literals are unquoted in SOQL, so the lexer recognises them before numbers. */
import { SalesforceError } from '../errors.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'end';
export interface Token { kind: TokenKind; text: string; pos: number; value?: string }

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', _: '\\_', '%': '\\%' };

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql.charAt(i);
    if (/\s/.test(c)) { i += 1; continue; }
    const rest = soql.slice(i);
    if (c === "'") {
      const { value, end } = readString(soql, i);
      tokens.push({ kind: 'string', text: soql.slice(i, end), pos: i, value });
      i = end;
      continue;
    }
    const literal = DATETIME.exec(rest) ?? DATE.exec(rest);
    if (literal) {
      tokens.push({ kind: literal[0].includes('T') ? 'datetime' : 'date', text: literal[0], pos: i });
      i += literal[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos: i });
      i += op.length;
      continue;
    }
    const number = /[\d.+-]/.test(c) ? NUMBER.exec(rest) : null;
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    if ('(),:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i += 1;
      continue;
    }
    throw malformedQuery(soql, i, `unexpected token: '${c}'`);
  }
  tokens.push({ kind: 'end', text: '<EOF>', pos: soql.length });
  return tokens;
}

/** A quoted string with SOQL's backslash escapes; `\_` and `\%` stay escaped for LIKE. */
function readString(soql: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < soql.length) {
    const c = soql.charAt(i);
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const next = soql.charAt(i + 1);
      const mapped = ESCAPES[next];
      if (mapped === undefined) throw malformedQuery(soql, i, `Invalid string literal '${soql.slice(start, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`);
      value += mapped;
      i += 2;
      continue;
    }
    value += c;
    i += 1;
  }
  throw malformedQuery(soql, start, `line 1:${start} mismatched character '<EOF>' expecting '''`);
}

/**
 * Salesforce's query errors quote the line, point at the column and name the row and column:
 * "\nSELECT Nme FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' …".
 */
export function queryError(errorCode: string, soql: string, pos: number, message: string): SalesforceError {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', pos);
  const line = soql.slice(lineStart, lineEnd < 0 ? soql.length : lineEnd);
  const column = pos - lineStart + 1;
  return new SalesforceError(400, errorCode, `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`);
}

export function malformedQuery(soql: string, pos: number, message: string): SalesforceError {
  return queryError('MALFORMED_QUERY', soql, pos, message);
}
