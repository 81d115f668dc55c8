import assert from 'node:assert/strict';
import { toCrmRecord, toReferral, toReferralChanges } from '../../api/domain/mapping/apply.js';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import type { Referral } from '../../api/domain/referral.js';
import { referral } from './fixtures.js';

const mapping = defaultMapping('salesforce');
const accepted = (over: Partial<Referral> = {}): Referral => referral({ status: 'Active', substatus: 'Accepted', ...over });
const withLists = (): Referral => accepted({
  team: [{ firstName: 'Ann', lastName: 'Lee', email: 'ann@contoso.example' }],
  details: { dealValue: 50000, currency: 'USD', closingDateTime: '2026-06-30T00:00:00Z', requirements: { solutions: [{ id: 'SOL-34104-EBB', name: 'Contoso Analytics' }] } },
});

describe('mapping: related records (Salesforce defaults)', () => {
  it('customer contacts become Contacts matched by email', () => {
    const record = toCrmRecord(mapping, referral());
    assert.deepEqual(record?.related.contacts, [{ object: 'Contact', match: { Email: 'sue.smith@fabrikam.example' }, fields: { FirstName: 'Sue', LastName: 'Smith', Email: 'sue.smith@fabrikam.example' } }]);
  });

  it('team members become users found by email; users are only matched, never written', () => {
    const record = toCrmRecord(mapping, withLists());
    assert.deepEqual(record?.related.team, [{ object: 'User', match: { Email: 'ann@contoso.example' }, fields: { Email: 'ann@contoso.example' } }]);
  });

  it('solutions become Microsoft_Solutions__c rows', () => {
    const record = toCrmRecord(mapping, withLists());
    assert.deepEqual(record?.related.solutions, [{ object: 'Microsoft_Solutions__c', match: { Solution_Id__c: 'SOL-34104-EBB' }, fields: { Solution_Id__c: 'SOL-34104-EBB', Name: 'Contoso Analytics' } }]);
  });

  it('an empty list is sent as an empty list, so the CRM side can be cleared', () => {
    assert.deepEqual(toCrmRecord(mapping, accepted({ team: [] }))?.related.team, []);
  });

  it('related records read back unchanged give no change', () => {
    const current = withLists();
    const record = toCrmRecord(mapping, current)!;
    assert.deepEqual(toReferralChanges(mapping, record, current), []);
  });

  it('a contact added in the CRM replaces the customer contacts with the full new list', () => {
    const current = accepted();
    const record = toCrmRecord(mapping, current)!;
    const added = { object: 'Contact', match: {}, fields: { FirstName: 'Raj', LastName: 'Patel', Email: 'raj@fabrikam.example' } };
    const changes = toReferralChanges(mapping, { ...record, related: { ...record.related, contacts: [...record.related.contacts!, added] } }, current);
    assert.deepEqual(changes, [{ field: 'customerContacts', value: [
      { firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@fabrikam.example' },
      { firstName: 'Raj', lastName: 'Patel', email: 'raj@fabrikam.example' },
    ] }]);
  });

  it('team members read from users carry their names back, and the team compares by what was read', () => {
    const current = withLists();
    const users = [{ object: 'User', match: {}, fields: { Email: 'ann@contoso.example', FirstName: 'Ann', LastName: 'Lee' } }];
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields: {}, related: { team: users } }, current), []);
    const other = [{ object: 'User', match: {}, fields: { Email: 'bo@contoso.example', FirstName: 'Bo', LastName: 'Ek' } }];
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields: {}, related: { team: other } }, current), [
      { field: 'team', value: [{ email: 'bo@contoso.example', firstName: 'Bo', lastName: 'Ek' }] },
    ]);
  });

  it('a relation the adapter did not load changes nothing', () => {
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields: {}, related: {} }, withLists()), []);
  });

  it('solution rows without a solution id are left out with a warning', () => {
    const preview = toReferral(mapping, { object: 'opportunity', fields: {}, related: { solutions: [{ object: 'Microsoft_Solutions__c', match: {}, fields: { Name: 'No id' } }, { object: 'Microsoft_Solutions__c', match: {}, fields: { Solution_Id__c: 'SOL-1' } }] } });
    assert.deepEqual(preview.changes, [{ field: 'solutions', value: [{ id: 'SOL-1' }] }]);
    assert.deepEqual(preview.warnings.map((w) => w.field), ['solutions']);
  });
});

describe('mapping: lead or opportunity', () => {
  it('a marketplace lead becomes a Lead holding its first customer contact', () => {
    const record = toCrmRecord(mapping, referral({ category: 'MarketplaceLead', type: 'Independent', qualification: 'Direct' }));
    assert.equal(record?.object, 'lead');
    assert.equal(record.crmObject, 'Lead');
    assert.deepEqual(record.related, {});
    assert.equal(record.fields.Company, 'Fabrikam Inc');
    assert.equal(record.fields.LastName, 'Smith');
    assert.equal(record.fields.Country, 'US');
    assert.equal(record.fields.Status, 'Open - Not Contacted');
  });

  it('a lead without a contact still gets the required LastName and Company', () => {
    const record = toCrmRecord(mapping, referral({ category: 'QualifiedLead', customerProfile: {} }));
    assert.equal(record?.fields.LastName, 'Unknown');
    assert.equal(record.fields.Company, 'Unknown');
  });

  it('"sync co-sell opportunities only" skips leads but not co-sell opportunities', () => {
    assert.equal(toCrmRecord(mapping, referral({ category: 'MarketplaceLead' }), { coSellOpportunitiesOnly: true }), undefined);
    assert.equal(toCrmRecord(mapping, referral(), { coSellOpportunitiesOnly: true })?.object, 'opportunity');
  });

  it('a lead moved to a working status accepts the referral', () => {
    const current = referral({ category: 'MarketplaceLead' });
    const record = toCrmRecord(mapping, current)!;
    assert.deepEqual(toReferralChanges(mapping, { ...record, fields: { ...record.fields, Status: 'Working - Contacted' } }, current), [{ field: 'state', value: { status: 'Active', substatus: 'Accepted' } }]);
  });
});
