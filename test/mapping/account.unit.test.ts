import assert from 'node:assert/strict';
import { toCrmRecord, toReferral } from '../../api/domain/mapping/apply.js';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import { referral } from './fixtures.js';

const mapping = defaultMapping('salesforce');

describe('mapping: customer account (Salesforce defaults)', () => {
  it('writes the customer to Account with an ISO-2 BillingCountry, matched by name', () => {
    const customer = toCrmRecord(mapping, referral({ customerProfile: { name: 'Fabrikam Inc', address: { city: 'Berlin', country: 'de' }, team: [] } }))?.related.customer;
    assert.equal(customer?.object, 'Account');
    assert.equal(customer.match.Name, 'Fabrikam Inc');
    assert.deepEqual({ Name: customer.fields.Name, BillingCountry: customer.fields.BillingCountry, BillingCity: customer.fields.BillingCity }, { Name: 'Fabrikam Inc', BillingCountry: 'DE', BillingCity: 'Berlin' });
  });

  it('reads a country name held in the CRM back as its ISO-2 code', () => {
    const preview = toReferral(mapping, { object: 'opportunity', fields: {}, related: { customer: { object: 'Account', match: {}, fields: { Name: 'Contoso GmbH', BillingCountry: 'Germany' } } } });
    assert.deepEqual(preview.draft.customerProfile, { name: 'Contoso GmbH', address: { country: 'DE' } });
  });

  it('warns instead of sending a country it cannot read', () => {
    const preview = toReferral(mapping, { object: 'opportunity', fields: {}, related: { customer: { object: 'Account', match: {}, fields: { BillingCountry: 'Atlantis' } } } });
    assert.deepEqual(preview.warnings.map((w) => w.field), ['accountCountry']);
  });
});

describe('mapping: shipped defaults', () => {
  it('the Dynamics 365 defaults parse too', () => {
    assert.equal(defaultMapping('dynamics365').crm, 'dynamics365');
  });
});
