import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffFields, toCrmFields, toReferralChanges } from '../../api/domain/mapping/apply.js';
import { parseMapping } from '../../api/domain/mapping/load.js';
import type { AssistanceRequestCode } from '../../api/domain/referral.js';
import { referral, salesforceFile } from './fixtures.js';

const mapping = parseMapping(salesforceFile());
const ASSISTANCE: AssistanceRequestCode[] = ['GeneralOrOther', 'CustomerTechnicalArchitecture', 'ProofOfConceptOrDemo', 'QuotesOrLicensing', 'PostSalesCustomerSuccess', 'WorkloadSpecificValueProposition'];

describe('mapping: toCrmFields (Salesforce defaults)', () => {
  it('maps the documented opportunity fields and the on-hold stage', () => {
    assert.deepEqual(toCrmFields(mapping, referral()), {
      Amount: 50000,
      CurrencyIsoCode: 'USD',
      CloseDate: '2026-06-30',
      Description: 'Customer wants a pilot.',
      Name: 'Fabrikam supply chain modernisation',
      How_can_Microsoft_help__c: 'Proof of concept or demo',
      Referral_Identifier__c: '7f3a1c52-0c1e-4f0b-9d53-6a1f2b1d9e01',
      Sync_with_Partner_Center__c: true,
      StageName: 'Prospecting',
    });
  });

  it('leaves out what the referral does not hold rather than writing empty', () => {
    const fields = toCrmFields(mapping, referral({ details: { dealValue: 10 } }));
    assert.equal('Description' in fields, false);
    assert.equal('CloseDate' in fields, false);
  });
});

describe('mapping: toReferralChanges (Salesforce defaults)', () => {
  it('turns an edited opportunity into domain changes, only for what differs', () => {
    const current = referral({ status: 'Active', substatus: 'Accepted' });
    const fields = { ...toCrmFields(mapping, current), Amount: 75000, How_can_Microsoft_help__c: 'Quotes or licensing' };
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), [
      { field: 'dealValue', value: 75000 },
      { field: 'assistanceRequestCode', value: 'QuotesOrLicensing' },
    ]);
  });

  it('sends nothing while the opportunity is on hold', () => {
    const current = referral();
    const fields = { ...toCrmFields(mapping, current), Amount: 1 };
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), []);
  });

  it('moving out of on hold accepts the referral', () => {
    const current = referral();
    const fields = { ...toCrmFields(mapping, current), StageName: 'Needs Analysis' };
    assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), [{ field: 'state', value: { status: 'Active', substatus: 'Accepted' } }]);
  });

  it('round-trips every "both" opportunity field: CRM values read back give no change', () => {
    const both = mapping.fields.filter((f) => f.direction === 'both' && (f.object ?? 'opportunity') === 'opportunity').map((f) => f.id).sort();
    assert.deepEqual(both, ['assistance', 'closeDate', 'currency', 'dealValue', 'name', 'notes']);
    fc.assert(fc.property(
      fc.record({
        dealValue: fc.double({ min: 0, max: 1e9, noNaN: true }),
        currency: fc.constantFrom('USD', 'EUR', 'JPY'),
        closing: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        notes: fc.string({ minLength: 1 }),
        name: fc.string({ minLength: 1 }),
        assistance: fc.constantFrom(...ASSISTANCE),
      }),
      (v) => {
        const closingDateTime = `${v.closing.toISOString().slice(0, 10)}T00:00:00Z`;
        const current = referral({
          status: 'Active', substatus: 'Accepted', name: v.name,
          details: { dealValue: v.dealValue, currency: v.currency, closingDateTime, notes: v.notes },
          inviteContext: { assistanceRequestCode: v.assistance },
        } as never);
        const fields = toCrmFields(mapping, current);
        assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), []);
        // Without a current referral every mapped value comes back as it went out.
        const back = new Map(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }).map((c) => [c.field, c.value]));
        assert.equal(back.get('dealValue'), v.dealValue);
        assert.equal(back.get('currency'), v.currency);
        assert.equal(back.get('closingDateTime'), closingDateTime);
        assert.equal(back.get('notes'), v.notes);
        assert.equal(back.get('assistanceRequestCode'), v.assistance);
      },
    ));
  });
});

describe('mapping: diffFields', () => {
  it('lists the fields whose value changed, ignoring equal re-reads', () => {
    assert.deepEqual(diffFields(
      { Amount: 10, CloseDate: '2026-06-30', Description: 'a', LastModifiedDate: '2026-01-01T00:00:00.000+0000' },
      { Amount: '10', CloseDate: '2026-07-01', Description: 'b', LastModifiedDate: '2026-01-01T00:00:00Z' },
    ), ['CloseDate', 'Description']);
  });

  it('treats null, empty and absent as the same', () => {
    assert.deepEqual(diffFields({ Description: null }, { Description: '' }), []);
  });
});
