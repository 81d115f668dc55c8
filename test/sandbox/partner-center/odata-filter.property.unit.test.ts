import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PartnerCenterError } from '../../../sandbox/partner-center/errors.js';
import { evaluateFilter } from '../../../sandbox/partner-center/odata-eval.js';
import { parseFilter, type FilterNode, type LiteralNode, type OperandNode } from '../../../sandbox/partner-center/odata-filter.js';

/** Prints an AST back to $filter text, fully parenthesized so precedence cannot change its meaning. */
function print(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or': return `(${print(node.left)} ${node.kind} ${print(node.right)})`;
    case 'not': return `not (${print(node.operand)})`;
    case 'truthy': return printOperand(node.operand);
    case 'compare': return `${printOperand(node.left)} ${node.operator} ${printOperand(node.right)}`;
  }
}

function printOperand(node: OperandNode): string {
  if (node.kind === 'literal') return printLiteral(node);
  if (node.kind === 'path') return [node.variable, ...node.segments].filter((s) => s !== undefined).join('/');
  const collection = printOperand(node.collection);
  if (node.predicate === undefined || node.variable === undefined) return `${collection}/any()`;
  return `${collection}/${node.quantifier}(${node.variable}:${print(node.predicate)})`;
}

function printLiteral(node: LiteralNode): string {
  if (node.type === 'string') return `'${String(node.value).replace(/'/g, "''")}'`;
  return String(node.value);
}

const KEYWORDS = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'true', 'false', 'null', 'any', 'all', 'has', 'in', 'add', 'sub', 'mul', 'div', 'divby', 'mod']);
const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).filter((s) => !KEYWORDS.has(s));
const literal: fc.Arbitrary<LiteralNode> = fc.oneof(
  fc.string({ maxLength: 8 }).map((value): LiteralNode => ({ kind: 'literal', type: 'string', value })),
  fc.integer({ min: 0, max: 1_000_000 }).map((value): LiteralNode => ({ kind: 'literal', type: 'number', value })),
  fc.boolean().map((value): LiteralNode => ({ kind: 'literal', type: 'boolean', value })),
  fc.constant<LiteralNode>({ kind: 'literal', type: 'null', value: null }),
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d): LiteralNode => ({ kind: 'literal', type: 'datetime', value: d.toISOString() })),
);
const path: fc.Arbitrary<OperandNode> = fc.array(name, { minLength: 1, maxLength: 3 }).map((segments) => ({ kind: 'path', segments }));
const comparison: fc.Arbitrary<FilterNode> = fc.record({
  kind: fc.constant('compare' as const),
  operator: fc.constantFrom('eq' as const, 'ne' as const, 'gt' as const, 'ge' as const, 'lt' as const, 'le' as const),
  left: path,
  right: literal,
});
const filter: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('node') }),
  ),
})).node;

const referral = fc.dictionary(name, fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 6 });

describe('partner center emulator: $filter properties', () => {
  it('parses what it prints back to the same tree', () => {
    fc.assert(fc.property(filter, (ast) => {
      // fast-check builds null-prototype records; compare the plain JSON shapes.
      assert.deepEqual(JSON.parse(JSON.stringify(parseFilter(print(ast)))), JSON.parse(JSON.stringify(ast)));
    }));
  });

  it('evaluates not X as the negation of X', () => {
    fc.assert(fc.property(filter, referral, (ast, r) => {
      assert.equal(evaluateFilter({ kind: 'not', operand: ast }, r), !evaluateFilter(ast, r));
    }));
  });

  it('evaluates and / or like the boolean operators on their parts', () => {
    fc.assert(fc.property(filter, filter, referral, (a, b, r) => {
      assert.equal(evaluateFilter(parseFilter(`(${print(a)}) and (${print(b)})`), r), evaluateFilter(a, r) && evaluateFilter(b, r));
      assert.equal(evaluateFilter(parseFilter(`(${print(a)}) or (${print(b)})`), r), evaluateFilter(a, r) || evaluateFilter(b, r));
    }));
  });

  it('rejects arbitrary text only with a 400 invalidRequest, never a crash', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => {
      try {
        parseFilter(text);
      } catch (error) {
        assert.ok(error instanceof PartnerCenterError, String(error));
        assert.equal(error.status, 400);
      }
    }));
  });
});
