import assert from 'node:assert/strict';
import { selectQueries, selectQuery, soqlDateTime, soqlLiteral, soqlName, whereClause } from '../../api/salesforce/soql.js';

describe('salesforce SOQL building (unit)', () => {
  it('quotes and escapes strings', () => {
    assert.equal(soqlLiteral("O'Brien"), "'O\\'Brien'");
    assert.equal(soqlLiteral('back\\slash'), "'back\\\\slash'");
    assert.equal(soqlLiteral('line\nbreak\ttab "q"'), "'line\\nbreak\\ttab \\\"q\\\"'");
    assert.equal(soqlLiteral("x' OR Name != '"), "'x\\' OR Name != \\''");
  });

  it('writes numbers, booleans, null and datetimes unquoted', () => {
    assert.equal(soqlLiteral(42), '42');
    assert.equal(soqlLiteral(-1.5), '-1.5');
    assert.equal(soqlLiteral(1e-7), '0.0000001');
    assert.equal(soqlLiteral(true), 'true');
    assert.equal(soqlLiteral(null), 'null');
    assert.equal(soqlLiteral(new Date('2026-03-02T10:00:00.000Z')), '2026-03-02T10:00:00Z');
    assert.equal(soqlDateTime('2026-03-02T11:00:00.000+0100'), '2026-03-02T10:00:00Z');
    assert.throws(() => soqlLiteral(Number.NaN), RangeError);
    assert.throws(() => soqlDateTime('yesterday'), RangeError);
  });

  it('refuses anything that is not an API name where a name goes', () => {
    assert.equal(soqlName('Opportunity__r.Account.Name'), 'Opportunity__r.Account.Name');
    assert.throws(() => soqlName('Name FROM User --'), RangeError);
    assert.throws(() => whereClause({ 'Name = 1 OR Id': 'x' }), RangeError);
  });

  it('builds SELECT … WHERE a = x AND b IN (…) ORDER BY … LIMIT', () => {
    assert.equal(
      selectQuery({ object: 'Opportunity', fields: ['Id', 'Name', 'id'], where: { StageName: 'Prospecting', Amount: [1, 2] }, orderBy: ['Id'], limit: 5 }),
      "SELECT Id, Name FROM Opportunity WHERE StageName = 'Prospecting' AND Amount IN (1, 2) ORDER BY Id LIMIT 5",
    );
    assert.throws(() => whereClause({ Id: [] }), RangeError);
  });

  it('splits a long IN list so every query fits the budget and no value is lost', () => {
    const names = Array.from({ length: 500 }, (_, i) => `Account name number ${i} with some length`);
    const queries = selectQueries({ object: 'Account', fields: ['Id'], where: { Name: names, Industry: 'Energy' } }, 4_000);
    assert.ok(queries.length > 1);
    for (const q of queries) {
      assert.ok(encodeURIComponent(q).length <= 4_000);
      assert.match(q, /Industry = 'Energy'/);
    }
    const found = queries.flatMap((q) => [...q.matchAll(/'(Account name number \d+ with some length)'/g)].map((m) => m[1]));
    assert.deepEqual(found, names);
  });

  it('keeps a query that fits as one', () => {
    assert.equal(selectQueries({ object: 'Account', fields: ['Id'], where: { Name: ['a', 'b'] } }).length, 1);
  });
});
