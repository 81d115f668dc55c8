/**
 * Recursive-descent parser for the SOQL subset: SELECT field paths or COUNT(), FROM one object,
 * WHERE with = != < > <= >= LIKE IN / NOT IN, AND / OR / NOT and parentheses, ORDER BY with
 * ASC/DESC and NULLS FIRST/LAST, LIMIT and OFFSET. As in Salesforce, AND and OR may not be
 * mixed at one level without parentheses.
 */
import { parseDateTime } from '../datetime.js';
import type { ComparisonOp, Condition, FieldPath, Literal, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { malformedQuery, tokenize, type Token } from './lexer.js';

const DATE_RANGES = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS']);
const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'ORDER', 'LIMIT', 'OFFSET', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'BY', 'ASC', 'DESC', 'NULLS', 'SELECT', 'GROUP', 'HAVING']);

export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql).query();
}

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(private readonly soql: string) {
    this.tokens = tokenize(soql);
  }

  query(): SoqlQuery {
    this.keyword('SELECT');
    const select = this.selectList();
    this.keyword('FROM');
    const from = this.ident();
    const query: SoqlQuery = { select, from: { name: from.text, pos: from.pos }, orderBy: [] };
    if (this.acceptKeyword('WHERE')) query.where = this.condition();
    if (this.acceptKeyword('ORDER')) {
      this.keyword('BY');
      query.orderBy = this.orderList();
    }
    if (this.acceptKeyword('LIMIT')) query.limit = this.integer();
    if (this.acceptKeyword('OFFSET')) query.offset = this.integer();
    const last = this.peek();
    if (last.kind !== 'end') throw this.unexpected(last);
    return query;
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const t = this.peek();
      if (t.kind === 'ident' && t.text.toUpperCase() === 'COUNT' && this.peek(1).text === '(') {
        this.at += 2;
        this.punct(')');
        items.push({ kind: 'count', pos: t.pos });
      } else {
        items.push({ kind: 'field', path: this.path() });
      }
    } while (this.acceptPunct(','));
    if (items.some((i) => i.kind === 'count') && items.length > 1) throw malformedQuery(this.soql, this.peek().pos, 'COUNT() must be the only element in the SELECT list.');
    return items;
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const path = this.path();
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      let nullsLast = descending;
      if (this.acceptKeyword('NULLS')) {
        if (this.acceptKeyword('LAST')) nullsLast = true;
        else { this.keyword('FIRST'); nullsLast = false; }
      }
      items.push({ path, descending, nullsLast });
    } while (this.acceptPunct(','));
    return items;
  }

  private condition(): Condition {
    const first = this.unary();
    const t = this.peek();
    const connective = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (connective !== 'AND' && connective !== 'OR') return first;
    const items = [first];
    while (this.acceptKeyword(connective)) items.push(this.unary());
    const other = this.peek();
    if (other.kind === 'ident' && ['AND', 'OR'].includes(other.text.toUpperCase())) {
      throw malformedQuery(this.soql, other.pos, `unexpected token: '${other.text}'`);
    }
    return { kind: connective === 'AND' ? 'and' : 'or', items };
  }

  private unary(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', item: this.unary() };
    if (this.acceptPunct('(')) {
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const path = this.path();
    const t = this.next();
    if (t.kind === 'op') return { kind: 'compare', path, op: t.text as ComparisonOp, value: this.literal() };
    const word = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (word === 'LIKE') return { kind: 'compare', path, op: 'LIKE', value: this.literal() };
    if (word === 'IN' || (word === 'NOT' && this.acceptKeyword('IN'))) {
      this.punct('(');
      const values: Literal[] = [this.literal()];
      while (this.acceptPunct(',')) values.push(this.literal());
      this.punct(')');
      return { kind: 'in', path, negated: word === 'NOT', values };
    }
    throw this.unexpected(t);
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string': return { kind: 'string', value: t.value ?? '', pos: t.pos };
      case 'number': return { kind: 'number', value: Number(t.text), pos: t.pos };
      case 'date': return { kind: 'date', value: t.text, pos: t.pos };
      case 'datetime': {
        const ms = parseDateTime(t.text);
        if (ms === undefined) throw malformedQuery(this.soql, t.pos, `line 1:${t.pos} no viable alternative at character '${t.text}'`);
        return { kind: 'datetime', ms, pos: t.pos };
      }
      case 'ident': {
        const word = t.text.toUpperCase();
        if (word === 'NULL') return { kind: 'null', pos: t.pos };
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: t.pos };
        if (DATE_RANGES.has(word)) {
          const n = word.endsWith('_N_DAYS') ? (this.punct(':'), this.integer()) : 1;
          return { kind: 'dateRange', name: word, n, pos: t.pos };
        }
        throw this.unexpected(t);
      }
      default: throw this.unexpected(t);
    }
  }

  private path(): FieldPath {
    const t = this.ident();
    return { parts: t.text.split('.'), pos: t.pos };
  }

  private ident(): Token {
    const t = this.next();
    if (t.kind !== 'ident' || CLAUSE_WORDS.has(t.text.toUpperCase())) throw this.unexpected(t);
    return t;
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(t);
    return Number(t.text);
  }

  private keyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek());
  }

  private acceptKeyword(word: string): boolean {
    const t = this.peek();
    if (t.kind === 'ident' && t.text.toUpperCase() === word) { this.at += 1; return true; }
    return false;
  }

  private punct(p: string): void {
    if (!this.acceptPunct(p)) throw this.unexpected(this.peek());
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === p) { this.at += 1; return true; }
    return false;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.at < this.tokens.length - 1) this.at += 1;
    return t;
  }

  private unexpected(t: Token): Error {
    return malformedQuery(this.soql, t.pos, t.kind === 'end' ? 'unexpected token: <EOF>' : `unexpected token: '${t.text}'`);
  }
}
