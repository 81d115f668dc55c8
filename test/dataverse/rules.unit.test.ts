import assert from 'node:assert/strict';
import { retryAfterOf } from '../../api/dataverse/client.js';
import { pluralise, EntitySets } from '../../api/dataverse/entity-sets.js';
import { attributesNamed, recordError } from '../../api/dataverse/errors.js';
import { closeBody, splitOpportunityUpdate } from '../../api/dataverse/opportunity-close.js';

describe('dataverse adapter rules (unit)', () => {
  it('names entity sets from the table, then by English plural', () => {
    const sets = new EntitySets({ msp_custom: 'msp_customset' });
    assert.equal(sets.setOf('opportunity'), 'opportunities');
    assert.equal(sets.setOf('msp_partnercentersolution'), 'msp_partnercentersolutions');
    assert.equal(sets.setOf('msp_custom'), 'msp_customset');
    assert.equal(pluralise('msp_category'), 'msp_categories');
    assert.equal(pluralise('msp_address'), 'msp_addresses');
    assert.throws(() => sets.setOf('Opportunity'), RangeError);
  });

  it('closes an opportunity through WinOpportunity, keeping the other columns for the PATCH', () => {
    const split = splitOpportunityUpdate({ statecode: 1, statuscode: 3, description: 'won' });
    assert.deepEqual(split, { fields: { description: 'won' }, close: { action: 'WinOpportunity', status: 3 } });
    assert.deepEqual(closeBody(split.close, 'b0000000-0000-0000-0000-000000000001'), {
      Status: 3,
      OpportunityClose: { subject: 'Won (co-sell sync)', 'opportunityid@odata.bind': '/opportunities(b0000000-0000-0000-0000-000000000001)' },
    });
  });

  it('loses an opportunity through LoseOpportunity, from the state or from a lost status reason alone', () => {
    assert.deepEqual(splitOpportunityUpdate({ statecode: 2 }).close, { action: 'LoseOpportunity', status: 4 });
    assert.deepEqual(splitOpportunityUpdate({ statuscode: 5 }).close, { action: 'LoseOpportunity', status: 5 });
  });

  it('leaves open states (reopening, on hold) to a plain PATCH', () => {
    assert.deepEqual(splitOpportunityUpdate({ statecode: 0, statuscode: 2 }), { fields: { statecode: 0, statuscode: 2 } });
  });

  it('maps refusals to the port codes with the attribute named', () => {
    const long = recordError(400, { code: '0x80044331', message: "A validation error occurred.  The length of the 'subject' attribute of the 'task' entity exceeded the maximum allowed length of '200'." });
    assert.equal(long.code, 'invalid');
    assert.deepEqual(long.fields, ['subject']);
    assert.equal(long.crmCode, '0x80044331');
    assert.equal(recordError(412, { code: '', message: 'A record with matching key values already exists.' }).code, 'duplicate');
    assert.equal(recordError(404, { code: '', message: 'opportunity With Id = 1 Does Not Exist' }).code, 'not-found');
    assert.equal(recordError(403, { code: '0x80040220', message: 'Principal user is missing prvWriteOpportunity privilege' }).code, 'forbidden');
    assert.deepEqual(attributesNamed("An undeclared property 'parentaccountid@odata.bind' … Could not find a property named '_foo_value' on type"), ['parentaccountid', 'foo']);
  });

  it('reads Retry-After in seconds', () => {
    assert.equal(retryAfterOf('7'), 7);
    assert.equal(retryAfterOf(undefined), undefined);
    assert.equal(retryAfterOf('soon'), undefined);
  });
});
