/**
 * Tokenizer for the OData `$filter` subset the Referrals docs use. Positions are 0-based offsets
 * into the (URL-decoded) filter text, so errors can point at the offending character.
 */
import { invalidRequest } from './errors.js';

export type TokenKind =
  | 'identifier' | 'string' | 'number' | 'datetime' | 'date' | 'guid'
  | 'lparen' | 'rparen' | 'slash' | 'colon' | 'comma' | 'eof';

export interface Token { kind: TokenKind; text: string; position: number }

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.-])/iy;
const DATE = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/y;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_]*/y;

const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', '/': 'slash', ':': 'colon', ',': 'comma' };

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

export function syntaxError(message: string, position: number): Error {
  return invalidRequest(`Invalid $filter at position ${position}: ${message}`, '$filter');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) { i += 1; continue; }
    const punctuation = PUNCTUATION[ch];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: ch, position: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      const token = readString(text, i);
      tokens.push(token.token);
      i = token.end;
      continue;
    }
    const token = readLiteral(text, i);
    if (!token) throw syntaxError(`unexpected character '${ch}'.`, i);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'eof', text: '', position: text.length });
  return tokens;
}

// Order matters: a GUID or a date can start like a number or an identifier.
const LITERALS: ReadonlyArray<[TokenKind, RegExp]> = [['guid', GUID], ['datetime', DATETIME], ['date', DATE], ['number', NUMBER], ['identifier', IDENTIFIER]];

function readLiteral(text: string, position: number): Token | undefined {
  for (const [kind, pattern] of LITERALS) {
    const match = matchAt(pattern, text, position);
    if (match !== undefined) return { kind, text: match, position };
  }
  return undefined;
}

/** `'it''s'` → `it's` (OData doubles single quotes inside string literals). */
function readString(text: string, start: number): { token: Token; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw syntaxError('unterminated string literal.', start);
    const ch = text.charAt(i);
    if (ch === "'") {
      if (text.charAt(i + 1) === "'") { value += "'"; i += 2; continue; }
      return { token: { kind: 'string', text: value, position: start }, end: i + 1 };
    }
    value += ch;
    i += 1;
  }
}
