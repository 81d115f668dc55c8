/**
 * Recursive-descent parser for the `$filter` forms the Referrals docs use:
 * comparisons (`eq ne gt ge lt le`), `and` / `or` / `not`, parentheses, string / number / boolean /
 * null / date-time / date / GUID literals, nested paths (`customerProfile/address/country`) and
 * lambdas (`team/any(t:t/email eq '…')`, `all`). Anything else is a 400 naming the position.
 *
 * Precedence (OData): not > comparison > and > or.
 */
import { syntaxError, tokenize, type Token } from './odata-lexer.js';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'datetime' | 'date' | 'guid';

export interface LiteralNode { kind: 'literal'; type: LiteralType; value: string | number | boolean | null }
/** `variable` is set when the path starts at a lambda variable; otherwise it starts at the referral. */
export interface PathNode { kind: 'path'; variable?: string; segments: string[] }
export interface LambdaNode { kind: 'lambda'; collection: PathNode; quantifier: 'any' | 'all'; variable?: string; predicate?: FilterNode }
export type OperandNode = LiteralNode | PathNode | LambdaNode;

export type FilterNode =
  | { kind: 'compare'; operator: ComparisonOperator; left: OperandNode; right: OperandNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'truthy'; operand: OperandNode };

const COMPARISON_OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const KNOWN_UNSUPPORTED_OPERATORS = new Set<string>(['has', 'in', 'add', 'sub', 'mul', 'div', 'divby', 'mod']);
const MAX_DEPTH = 64;
export const MAX_FILTER_LENGTH = 4096;

export function parseFilter(text: string): FilterNode {
  if (text.length > MAX_FILTER_LENGTH) throw syntaxError(`the filter is longer than ${MAX_FILTER_LENGTH} characters.`, MAX_FILTER_LENGTH);
  return new Parser(tokenize(text)).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly variables: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  parseAll(): FilterNode {
    if (this.peek().kind === 'eof') throw syntaxError('the filter is empty.', 0);
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'eof') throw this.unexpected(next, "'and', 'or' or the end of the filter");
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === 'identifier' && token.text === word;
  }

  private expect(kind: Token['kind'], description: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, description);
    return this.take();
  }

  private unexpected(token: Token, expected: string): Error {
    const found = token.kind === 'eof' ? 'the end of the filter' : `'${token.text}'`;
    if (token.kind === 'identifier' && KNOWN_UNSUPPORTED_OPERATORS.has(token.text)) {
      return syntaxError(`the '${token.text}' operator is not supported.`, token.position);
    }
    return syntaxError(`expected ${expected} but found ${found}.`, token.position);
  }

  private nested<T>(position: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw syntaxError(`the filter is nested more than ${MAX_DEPTH} levels deep.`, position);
    try { return parse(); } finally { this.depth -= 1; }
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.take();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.take();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    return this.nested(token.position, () => {
      if (this.isKeyword('not')) {
        this.take();
        return { kind: 'not', operand: this.parseUnary() };
      }
      return this.parseComparison();
    });
  }

  private parseComparison(): FilterNode {
    if (this.peek().kind === 'lparen') {
      this.take();
      const inner = this.parseOr();
      this.expect('rparen', "')'");
      return inner;
    }
    const left = this.parseOperand();
    const next = this.peek();
    if (next.kind === 'identifier' && COMPARISON_OPERATORS.has(next.text)) {
      this.take();
      return { kind: 'compare', operator: next.text as ComparisonOperator, left, right: this.parseOperand() };
    }
    if (next.kind === 'identifier' && KNOWN_UNSUPPORTED_OPERATORS.has(next.text)) throw this.unexpected(next, '');
    return { kind: 'truthy', operand: left };
  }

  private parseOperand(): OperandNode {
    const token = this.peek();
    switch (token.kind) {
      case 'string': this.take(); return { kind: 'literal', type: 'string', value: token.text };
      case 'number': this.take(); return { kind: 'literal', type: 'number', value: Number(token.text) };
      case 'datetime': this.take(); return { kind: 'literal', type: 'datetime', value: token.text };
      case 'date': this.take(); return { kind: 'literal', type: 'date', value: token.text };
      case 'guid': this.take(); return { kind: 'literal', type: 'guid', value: token.text };
      case 'identifier': {
        if (token.text === 'true' || token.text === 'false') { this.take(); return { kind: 'literal', type: 'boolean', value: token.text === 'true' }; }
        if (token.text === 'null') { this.take(); return { kind: 'literal', type: 'null', value: null }; }
        if (this.peek(1).kind === 'lparen') throw syntaxError(`the function '${token.text}' is not supported.`, token.position);
        return this.parsePath();
      }
      default:
        throw this.unexpected(token, 'a property, a literal or \'(\'');
    }
  }

  private parsePath(): OperandNode {
    const first = this.take();
    const path: PathNode = { kind: 'path', segments: [] };
    if (this.variables.includes(first.text)) path.variable = first.text;
    else if (first.text !== '$it') path.segments.push(first.text);
    while (this.peek().kind === 'slash') {
      this.take();
      const segment = this.expect('identifier', 'a property name after \'/\'');
      if ((segment.text === 'any' || segment.text === 'all') && this.peek().kind === 'lparen') {
        return this.parseLambda(path, segment);
      }
      path.segments.push(segment.text);
    }
    if (path.segments.length === 0 && path.variable === undefined) throw syntaxError("'$it' must be followed by a property.", first.position);
    return path;
  }

  private parseLambda(collection: PathNode, quantifier: Token): LambdaNode {
    this.expect('lparen', "'('");
    const node: LambdaNode = { kind: 'lambda', collection, quantifier: quantifier.text as 'any' | 'all' };
    if (this.peek().kind === 'rparen' && quantifier.text === 'any') {
      this.take();
      return node;
    }
    const variable = this.expect('identifier', 'a lambda variable name');
    if (this.variables.includes(variable.text)) throw syntaxError(`the lambda variable '${variable.text}' is already in use.`, variable.position);
    this.expect('colon', "':' after the lambda variable");
    this.variables.push(variable.text);
    try {
      node.variable = variable.text;
      node.predicate = this.parseOr();
    } finally {
      this.variables.pop();
    }
    this.expect('rparen', "')' to close the lambda");
    return node;
  }
}
