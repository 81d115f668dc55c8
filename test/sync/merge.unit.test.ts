import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import { planMerge, viewOfRecord, viewOfReferral, type MergeInput } from '../../api/domain/sync/index.js';
import { referral } from '../mapping/fixtures.js';

const mapping = defaultMapping('salesforce');
const at = (s: number): string => new Date(Date.UTC(2026, 10, 1, 0, 0, s)).toISOString();
const input = (over: Partial<MergeInput>): MergeInput => ({
  mapping, object: 'opportunity', base: {}, referral: {}, record: {}, referralChangedAt: at(0), recordChangedAt: at(0), policy: 'lastWriter', ...over,
});

describe('sync: three-way merge', () => {
  it('copies only the side that moved away from the base', () => {
    const plan = planMerge(input({ base: { Amount: 100, Description: 'a' }, referral: { Amount: 200, Description: 'a' }, record: { Amount: 100, Description: 'b' } }));
    assert.deepEqual(plan.toCrm, [{ key: 'Amount', from: 100, to: 200 }]);
    assert.deepEqual(plan.toPartnerCenter, [{ key: 'Description', from: 'a', to: 'b' }]);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(plan.agreed, { Amount: 200, Description: 'b' });
  });

  it('an echo (both sides equal to the base) changes nothing', () => {
    const view = { Amount: 100, Name: 'Deal', '@stage': 'active' };
    const plan = planMerge(input({ base: view, referral: view, record: { ...view } }));
    assert.equal(plan.toCrm.length + plan.toPartnerCenter.length + plan.conflicts.length, 0);
  });

  it('both sides changed one field: the later writer wins and the conflict is recorded', () => {
    const base = { Amount: 100 };
    const crmLater = planMerge(input({ base, referral: { Amount: 200 }, record: { Amount: 300 }, referralChangedAt: at(1), recordChangedAt: at(2) }));
    assert.deepEqual(crmLater.toPartnerCenter, [{ key: 'Amount', from: 200, to: 300 }]);
    assert.deepEqual(crmLater.conflicts, [{ key: 'Amount', partnerCenter: 200, crm: 300, base: 100, winner: 'crm' }]);
    const pcLater = planMerge(input({ base, referral: { Amount: 200 }, record: { Amount: 300 }, referralChangedAt: at(3), recordChangedAt: at(2) }));
    assert.deepEqual(pcLater.toCrm, [{ key: 'Amount', from: 300, to: 200 }]);
    assert.equal(pcLater.conflicts[0]?.winner, 'partnerCenter');
  });

  it('a configured policy overrides modification times', () => {
    const plan = planMerge(input({ base: { Amount: 1 }, referral: { Amount: 2 }, record: { Amount: 3 }, recordChangedAt: at(9), policy: 'partnerCenter' }));
    assert.deepEqual(plan.toCrm, [{ key: 'Amount', from: 3, to: 2 }]);
  });

  it('both sides moved to the same value: agreed, no write, no conflict', () => {
    const plan = planMerge(input({ base: { Amount: 1 }, referral: { Amount: 5 }, record: { Amount: 5 } }));
    assert.deepEqual([plan.toCrm, plan.toPartnerCenter, plan.conflicts], [[], [], []]);
    assert.equal(plan.agreed.Amount, 5);
  });

  it('a field that goes to the CRM only is restored there when a seller edits it', () => {
    const plan = planMerge(input({ base: { Referral_Identifier__c: 'r1' }, referral: { Referral_Identifier__c: 'r1' }, record: { Referral_Identifier__c: 'typo' }, recordChangedAt: at(5) }));
    assert.deepEqual(plan.toCrm, [{ key: 'Referral_Identifier__c', from: 'typo', to: 'r1' }]);
    assert.deepEqual(plan.toPartnerCenter, []);
  });

  it('team members (CRM users, never created) only ever add: a member the CRM lacks is no removal', () => {
    const ann = { Email: 'ann@contoso.example' }; const bob = { Email: 'bob@contoso.example' }; const msft = { Email: 'john@microsoft.example' };
    const settled = planMerge(input({ base: { '@team': [ann, msft] }, referral: { '@team': [ann, msft] }, record: { '@team': [ann] } }));
    assert.deepEqual([settled.toCrm, settled.toPartnerCenter], [[], []]);
    const sellerAdds = planMerge(input({ base: { '@team': [ann, msft] }, referral: { '@team': [ann, msft] }, record: { '@team': [ann, bob] } }));
    assert.deepEqual(sellerAdds.toPartnerCenter, [{ key: '@team', from: [ann, msft], to: [ann, bob, msft] }]);
    assert.deepEqual(sellerAdds.toCrm, []);
    const pcAdds = planMerge(input({ base: { '@team': [ann] }, referral: { '@team': [ann, msft] }, record: { '@team': [ann] } }));
    assert.deepEqual(pcAdds.toCrm, [{ key: '@team', from: [ann], to: [ann, msft] }]);
  });

  it('keys the mapping turns off are ignored', () => {
    const plan = planMerge(input({ base: {}, referral: { Unmapped__c: 1 }, record: { Unmapped__c: 2 } }));
    assert.deepEqual(plan.agreed, {});
  });

  it('a key one side did not read stands at the base for that side', () => {
    const plan = planMerge(input({ base: { '@customer': { Name: 'A' } }, referral: { '@customer': { Name: 'B' } }, record: {} }));
    assert.deepEqual(plan.toCrm, [{ key: '@customer', from: { Name: 'A' }, to: { Name: 'B' } }]);
  });

  it('views of a referral and of the record written from it agree', () => {
    const r = referral({ status: 'Active', substatus: 'Accepted', details: { dealValue: 5000, currency: 'USD', closingDateTime: '2026-06-30T00:00:00Z', notes: ' hello ' } });
    const pc = viewOfReferral(mapping, 'opportunity', r)!;
    const fields: Record<string, unknown> = { Amount: 5000, CurrencyIsoCode: 'USD', CloseDate: '2026-06-30', Description: 'hello', StageName: 'Qualification', IsClosed: false, IsWon: false };
    for (const [k, v] of Object.entries(pc)) if (!k.startsWith('@') && !(k in fields)) fields[k] = v;
    const crm = viewOfRecord(mapping, { object: 'opportunity', fields, related: {} });
    const plan = planMerge(input({ base: pc, referral: pc, record: crm }));
    assert.deepEqual(plan.toCrm, []);
    assert.deepEqual(plan.toPartnerCenter, []);
    assert.equal(crm['@stage'], 'active');
  });

  it('a country name in the CRM equals its ISO code from Partner Center', () => {
    const crm = viewOfRecord(mapping, { object: 'opportunity', fields: {}, related: { customer: [{ object: 'Account', match: {}, fields: { Name: 'Fabrikam', BillingCountry: 'United States' } }] } });
    assert.deepEqual(crm['@customer'], { BillingCountry: 'US', Name: 'Fabrikam' });
  });

  it('property: applying a plan to both sides leaves nothing to sync (no ping-pong), whatever the edits', () => {
    const value = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 }));
    const keys = ['Amount', 'Description', 'CloseDate', '@stage'];
    const viewArb = fc.record(Object.fromEntries(keys.map((k) => [k, value])));
    fc.assert(fc.property(viewArb, viewArb, viewArb, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (base, pc, crm, tp, tc) => {
      const plan = planMerge(input({ base: base, referral: pc, record: crm, referralChangedAt: at(tp), recordChangedAt: at(tc) }));
      const pcAfter = { ...pc, ...Object.fromEntries(plan.toPartnerCenter.map((c) => [c.key, c.to])) };
      const crmAfter = { ...crm, ...Object.fromEntries(plan.toCrm.map((c) => [c.key, c.to])) };
      const again = planMerge(input({ base: plan.agreed, referral: pcAfter, record: crmAfter, referralChangedAt: at(tp + 1), recordChangedAt: at(tc + 1) }));
      assert.deepEqual([again.toCrm, again.toPartnerCenter], [[], []]);
      assert.deepEqual(pcAfter, crmAfter);
    }), { numRuns: 500 });
  });
});
