import assert from 'node:assert/strict';
import { conditionText, dateTimeLiteral, literal, queryString, splitFilters } from '../../api/dataverse/odata.js';

const G1 = '7eb682f1-ca75-e511-80d4-00155d2a68d1';
const G2 = '00000000-0000-0000-0000-000000000001';

describe('dataverse OData query building (unit)', () => {
  it('quotes strings with the quote doubled, so an injected quote stays inside the literal', () => {
    assert.equal(literal("O'Brien", false), "'O''Brien'");
    assert.equal(literal("x' or name ne '", false), "'x'' or name ne '''");
  });

  it('writes GUID columns unquoted and refuses a non-GUID for them', () => {
    assert.equal(literal(G1.toUpperCase(), true), G1);
    assert.throws(() => literal("x' or 1 eq 1", true), RangeError);
  });

  it('quotes a GUID-shaped value of a string column', () => {
    assert.equal(literal(G1, false), `'${G1}'`);
  });

  it('writes numbers, booleans and null unquoted', () => {
    assert.equal(literal(42, false), '42');
    assert.equal(literal(1e-7, false), '0.0000001');
    assert.equal(literal(true, false), 'true');
    assert.equal(literal(null, true), 'null');
    assert.throws(() => literal(Number.POSITIVE_INFINITY, false), RangeError);
  });

  it('turns a list into an or group and one value into eq', () => {
    assert.equal(conditionText({ property: 'opportunityid', values: [G1, G2], guid: true }), `(opportunityid eq ${G1} or opportunityid eq ${G2})`);
    assert.equal(conditionText({ property: 'name', values: ['A'], guid: false }), "name eq 'A'");
    assert.throws(() => conditionText({ property: 'name', values: [], guid: false }), RangeError);
    assert.throws(() => conditionText({ property: 'name eq 1 or x', values: ['A'], guid: false }), RangeError);
  });

  it('writes date-time bounds as unquoted UTC', () => {
    assert.equal(dateTimeLiteral('2026-11-01T01:00:00+01:00'), '2026-11-01T00:00:00.000Z');
    assert.throws(() => dateTimeLiteral("2026-11-01' or true"), RangeError);
  });

  it('splits only the longest list, keeping the other conditions in every filter', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    const filters = splitFilters([
      { property: 'statecode', values: [0], guid: false },
      { property: 'opportunityid', values: ids, guid: true },
    ], ['modifiedon gt 2026-01-01T00:00:00.000Z']);
    assert.equal(filters.length, 3);
    for (const f of filters) assert.match(f, /^modifiedon gt 2026-01-01T00:00:00.000Z and statecode eq 0 and \(opportunityid eq /);
    const found = filters.flatMap((f) => [...f.matchAll(/opportunityid eq ([0-9a-f-]{36})/g)].map((m) => m[1]));
    assert.deepEqual(found, ids);
  });

  it('keeps a short query whole', () => {
    assert.deepEqual(splitFilters([{ property: 'name', values: ['a', 'b'], guid: false }]), ["(name eq 'a' or name eq 'b')"]);
  });

  it('percent-encodes the filter and keeps the $ options readable', () => {
    const q = queryString({ select: ['name', '_parentaccountid_value', 'name'], filter: "name eq 'A&B #1'", orderby: ['modifiedon asc', 'opportunityid asc'], top: 5 });
    assert.equal(q, "?$select=name,_parentaccountid_value&$filter=name%20eq%20'A%26B%20%231'&$orderby=modifiedon%20asc%2Copportunityid%20asc&$top=5");
  });
});
