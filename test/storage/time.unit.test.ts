import assert from 'node:assert/strict';
import { normalizeUpdatedDateTime, toInstant } from '../../api/storage/time.js';

describe('storage time normalization', () => {
  it("keeps Partner Center's 7-digit form as it is", () => {
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00.0000000Z'), '2020-10-30T21:03:00.0000000Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00.1234567Z'), '2020-10-30T21:03:00.1234567Z');
  });
  it('pads shorter fractions, truncates longer ones, and reads a missing zone as UTC', () => {
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00Z'), '2020-10-30T21:03:00.0000000Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00.5z'), '2020-10-30T21:03:00.5000000Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00.123456789Z'), '2020-10-30T21:03:00.1234567Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03:00.12'), '2020-10-30T21:03:00.1200000Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T21:03Z'), '2020-10-30T21:03:00.0000000Z');
  });
  it('converts offsets to UTC, across a day boundary', () => {
    assert.equal(normalizeUpdatedDateTime('2020-10-31T01:03:00.25+04:00'), '2020-10-30T21:03:00.2500000Z');
    assert.equal(normalizeUpdatedDateTime('2020-10-30T20:33:00-0030'), '2020-10-30T21:03:00.0000000Z');
    assert.equal(normalizeUpdatedDateTime('2020-12-31T23:30:00-01:00'), '2021-01-01T00:30:00.0000000Z');
  });
  it('refuses what is not a valid date-time', () => {
    for (const bad of ['', 'now', '2020-02-30T00:00:00Z', '2020-10-30T24:00:00Z', '2020-10-30 21:03:00Z', '2020-10-30T21:03:60Z']) {
      assert.throws(() => normalizeUpdatedDateTime(bad), RangeError, bad);
    }
  });
  it('orders as strings exactly as in time', () => {
    const values = ['2020-10-30T21:03:00.5Z', '2020-10-30T21:03:00Z', '2020-10-30T21:30:00+01:00', '2020-10-30T21:03:00.0000001Z'];
    const byString = values.map(normalizeUpdatedDateTime).sort();
    assert.deepEqual(byString, ['2020-10-30T20:30:00.0000000Z', '2020-10-30T21:03:00.0000000Z', '2020-10-30T21:03:00.0000001Z', '2020-10-30T21:03:00.5000000Z']);
  });
  it('stores instants in the fixed-width toISOString form', () => {
    assert.equal(toInstant('2026-01-01T01:00:00+01:00'), '2026-01-01T00:00:00.000Z');
    assert.throws(() => toInstant('soon'), RangeError);
  });
});
