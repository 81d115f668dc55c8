import assert from 'node:assert/strict';
import { checksumSuffix, normalizeId, to18 } from '../../../sandbox/salesforce/ids.js';

describe('salesforce emulator: record Ids (unit)', () => {
  it('computes the case-encoding suffix of documented examples', () => {
    // Salesforce's own examples: 001D000000IqhSL → 001D000000IqhSLIAZ, 001D000000IRFma → …IAH.
    assert.equal(to18('001D000000IqhSL'), '001D000000IqhSLIAZ');
    assert.equal(to18('001D000000IRFma'), '001D000000IRFmaIAH');
    assert.equal(checksumSuffix('000000000000000'), 'AAA');
  });

  it('normalizes 15-character Ids and refuses malformed ones or wrong suffixes', () => {
    assert.equal(normalizeId('001D000000IqhSL'), '001D000000IqhSLIAZ');
    assert.equal(normalizeId('001D000000IqhSLiaz'), '001D000000IqhSLIAZ');
    assert.equal(normalizeId('001D000000IqhSLAAA'), undefined);
    assert.equal(normalizeId('not-an-id'), undefined);
  });
});
