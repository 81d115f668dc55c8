import assert from 'node:assert/strict';
import { parseSoql } from '../../../sandbox/salesforce/soql/parser.js';
import { SalesforceError } from '../../../sandbox/salesforce/errors.js';

function malformed(soql: string): SalesforceError {
  try {
    parseSoql(soql);
  } catch (error) {
    if (error instanceof SalesforceError) return error;
    throw error;
  }
  throw new Error(`expected ${soql} to be refused`);
}

describe('salesforce emulator: SOQL parser (unit)', () => {
  it('parses every clause, keywords in any case', () => {
    const q = parseSoql("select Id, Account.Name from Opportunity where Amount >= 10 and Name like 'A%' order by Name desc nulls first, Id limit 5 offset 2");
    assert.deepEqual(q.select.map((s) => (s.kind === 'field' ? s.path.parts.join('.') : 'COUNT()')), ['Id', 'Account.Name']);
    assert.equal(q.from.name, 'Opportunity');
    assert.equal(q.where?.kind, 'and');
    assert.deepEqual(q.orderBy.map((o) => [o.path.parts.join('.'), o.descending, o.nullsLast]), [['Name', true, false], ['Id', false, false]]);
    assert.deepEqual([q.limit, q.offset], [5, 2]);
  });

  it('reads every literal kind', () => {
    const q = parseSoql("SELECT Id FROM X WHERE A = 'it\\'s' AND B = -1.5 AND C = true AND D = null AND E = 2026-01-01 AND F = 2026-01-01T00:00:00Z AND G = LAST_N_DAYS:7 AND H = TODAY");
    assert.ok(q.where?.kind === 'and');
    const kinds = q.where.items.map((c) => (c.kind === 'compare' ? c.value.kind : c.kind));
    assert.deepEqual(kinds, ['string', 'number', 'boolean', 'null', 'date', 'datetime', 'dateRange', 'dateRange']);
    const first = q.where.items[0];
    assert.ok(first?.kind === 'compare' && first.value.kind === 'string' && first.value.value === "it's");
  });

  it('treats <> as !=, parses NOT IN and COUNT()', () => {
    const q = parseSoql("SELECT COUNT() FROM X WHERE A <> 'x' AND B NOT IN ('a', 'b')");
    assert.equal(q.select[0]?.kind, 'count');
    assert.ok(q.where?.kind === 'and');
    assert.ok(q.where.items[0]?.kind === 'compare' && q.where.items[0].op === '!=');
    assert.ok(q.where.items[1]?.kind === 'in' && q.where.items[1].negated);
  });

  it('refuses malformed queries with MALFORMED_QUERY and the position', () => {
    for (const soql of ['SELECT FROM X', 'SELECT Id X', 'SELECT Id FROM X WHERE', "SELECT Id FROM X WHERE A = 'open", 'SELECT Id FROM X LIMIT -1', 'SELECT Id FROM X WHERE A = 1 AND B = 2 OR C = 3', 'SELECT Id FROM X GROUP BY Id']) {
      assert.equal(malformed(soql).errorCode, 'MALFORMED_QUERY', soql);
    }
    assert.match(malformed('SELECT Id FROM X\nWHERE A ==').message, /ERROR at Row:2:Column:10/);
  });
});
