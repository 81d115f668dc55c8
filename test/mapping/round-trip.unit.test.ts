import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffFields, toCrmRecord, toReferralChanges } from '../../api/domain/mapping/apply.js';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import type { AssistanceRequestCode, Member, Referral, ReferralStatus, ReferralSubstatus } from '../../api/domain/referral.js';
import { referral } from './fixtures.js';

const text = fc.string({ minLength: 1, maxLength: 30 });
const member: fc.Arbitrary<Member> = fc.record({ firstName: text, lastName: text, email: fc.emailAddress(), phoneNumber: fc.stringMatching(/^\+?[0-9 ]{4,15}$/), title: text }, { requiredKeys: ['email'] });
const help = fc.constantFrom<AssistanceRequestCode>('Unknown', 'GeneralOrOther', 'CustomerTechnicalArchitecture', 'ProofOfConceptOrDemo', 'QuotesOrLicensing', 'PostSalesCustomerSuccess', 'WorkloadSpecificValueProposition');
const state = fc.constantFrom<[ReferralStatus, ReferralSubstatus]>(['New', 'Received'], ['Active', 'Accepted'], ['Active', 'Accepted'], ['Active', 'Accepted'], ['Closed', 'Won'], ['Closed', 'Lost']);

/** Referrals with every field the default mappings carry both ways, in any combination. */
const referrals: fc.Arbitrary<Referral> = fc.record({
  state,
  category: fc.constantFrom<Referral['category']>('CoSellOpportunity', 'CoSellOpportunity', 'MarketplaceLead', 'QualifiedLead'),
  name: text,
  dealValue: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: undefined }),
  currency: fc.option(fc.constantFrom('USD', 'EUR', 'JPY'), { nil: undefined }),
  closing: fc.option(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), { nil: undefined }),
  notes: fc.option(text, { nil: undefined }),
  help,
  customer: fc.record({ name: text, postalCode: fc.stringMatching(/^[0-9]{5}$/), country: fc.constantFrom('US', 'DE', 'FR', 'JP', 'BR') }),
  contacts: fc.array(member, { maxLength: 3 }),
  team: fc.array(member, { maxLength: 3 }),
  solutions: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^SOL-[0-9]{3,6}-[A-Z]{3}$/), name: text }), { maxLength: 3, selector: (s) => s.id }),
}).map((v) => referral({
  status: v.state[0], substatus: v.state[1], category: v.category, name: v.name,
  customerProfile: { name: v.customer.name, address: { postalCode: v.customer.postalCode, country: v.customer.country }, team: v.contacts },
  team: v.team,
  details: {
    ...(v.dealValue !== undefined ? { dealValue: v.dealValue } : {}),
    ...(v.currency !== undefined ? { currency: v.currency } : {}),
    ...(v.closing !== undefined ? { closingDateTime: v.closing.toISOString() } : {}),
    ...(v.notes !== undefined ? { notes: v.notes } : {}),
    requirements: { solutions: v.solutions },
  },
  inviteContext: { assistanceRequestCode: v.help },
}));

for (const crm of ['salesforce', 'dynamics365'] as const) {
  const mapping = defaultMapping(crm);
  describe(`mapping: round trip referral → CRM → referral (${crm} defaults, property-based)`, () => {
    it('the CRM record read back asks for no change to the referral it came from', () => {
      fc.assert(fc.property(referrals, (r) => {
        const record = toCrmRecord(mapping, r);
        assert.ok(record);
        assert.deepEqual(toReferralChanges(mapping, record, r), []);
      }), { numRuns: 300 });
    });

    it('mapping the same referral twice gives no field to write', () => {
      fc.assert(fc.property(referrals, (r) => {
        const a = toCrmRecord(mapping, r)!.fields;
        assert.deepEqual(diffFields(a, toCrmRecord(mapping, structuredClone(r))!.fields), []);
      }));
    });

    it('an edited deal value comes back as exactly one change', () => {
      fc.assert(fc.property(referrals, fc.integer({ min: 1, max: 1e6 }), (r, bump) => {
        const current = { ...r, status: 'Active', substatus: 'Accepted', category: 'CoSellOpportunity' } as Referral;
        const record = toCrmRecord(mapping, current)!;
        const field = crm === 'salesforce' ? 'Amount' : 'estimatedvalue';
        const value = (current.details?.dealValue ?? 0) + bump;
        assert.deepEqual(toReferralChanges(mapping, { ...record, fields: { ...record.fields, [field]: value } }, current), [{ field: 'dealValue', value }]);
      }));
    });
  });
}
