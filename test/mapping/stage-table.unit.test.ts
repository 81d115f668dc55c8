import assert from 'node:assert/strict';
import { toCrmRecord, toReferralChanges } from '../../api/domain/mapping/apply.js';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import type { StageRole } from '../../api/domain/mapping/types.js';
import type { ReferralStatus, ReferralSubstatus } from '../../api/domain/referral.js';
import { referral } from './fixtures.js';

/**
 * Stage → state for every stage and every documented referral state, written out by hand from the
 * connectors' rules: leaving on-hold accepts; won/lost close; a closed referral takes nothing; an
 * incoming referral lost before acceptance is declined.
 */
type Pair = [ReferralStatus, ReferralSubstatus];
const PAIRS: Pair[] = [['New', 'Pending'], ['New', 'Received'], ['Active', 'Accepted'], ['Closed', 'Won'], ['Closed', 'Lost'], ['Closed', 'Declined'], ['Closed', 'Expired']];
const EXPECTED: Record<StageRole, Record<string, string | null>> = {
  onHold: { 'New/Pending': null, 'New/Received': null, 'Active/Accepted': null, 'Closed/Won': null, 'Closed/Lost': null, 'Closed/Declined': null, 'Closed/Expired': null },
  active: { 'New/Pending': 'Active/Accepted', 'New/Received': 'Active/Accepted', 'Active/Accepted': null, 'Closed/Won': null, 'Closed/Lost': null, 'Closed/Declined': null, 'Closed/Expired': null },
  won: { 'New/Pending': 'Closed/Won', 'New/Received': 'Closed/Won', 'Active/Accepted': 'Closed/Won', 'Closed/Won': null, 'Closed/Lost': null, 'Closed/Declined': null, 'Closed/Expired': null },
  lost: { 'New/Pending': 'Closed/Declined', 'New/Received': 'Closed/Declined', 'Active/Accepted': 'Closed/Lost', 'Closed/Won': null, 'Closed/Lost': null, 'Closed/Declined': null, 'Closed/Expired': null },
};

for (const crm of ['salesforce', 'dynamics365'] as const) {
  const mapping = defaultMapping(crm);
  describe(`mapping: CRM stage → referral state (${crm} defaults)`, () => {
    for (const role of ['onHold', 'active', 'won', 'lost'] as const) {
      for (const [status, substatus] of PAIRS) {
        const want = EXPECTED[role][`${status}/${substatus}`] ?? null;
        it(`${role} on an incoming ${status}/${substatus} referral → ${want ?? 'no change'}`, () => {
          const current = referral({ status, substatus, direction: 'Incoming' });
          const fields = { ...toCrmRecord(mapping, current)!.fields, ...mapping.stages.opportunity[role].set };
          const state = toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current).find((c) => c.field === 'state');
          assert.equal(state === undefined ? null : `${state.value.status}/${state.value.substatus}`, want);
        });
      }
    }

    it('lost before acceptance is lost, not declined, for an outgoing referral', () => {
      const current = referral({ status: 'New', substatus: 'Pending', direction: 'Outgoing' });
      const fields = { ...toCrmRecord(mapping, current)!.fields, ...mapping.stages.opportunity.lost.set };
      assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), [{ field: 'state', value: { status: 'Closed', substatus: 'Lost' } }]);
    });

    it('a closed referral takes no change at all, not even content', () => {
      const current = referral({ status: 'Closed', substatus: 'Won' });
      const fields = { ...toCrmRecord(mapping, current)!.fields, [crm === 'salesforce' ? 'Amount' : 'estimatedvalue']: 1 };
      assert.deepEqual(toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, current), []);
    });
  });
}

describe('mapping: Dataverse state and status reason', () => {
  const mapping = defaultMapping('dynamics365');
  const accepted = referral({ status: 'Active', substatus: 'Accepted' });
  const stateOf = (fields: Record<string, unknown>) => toReferralChanges(mapping, { object: 'opportunity', fields, related: {} }, accepted).find((c) => c.field === 'state')?.value;

  it('writes statecode and statuscode as a pair', () => {
    assert.deepEqual({ statecode: toCrmRecord(mapping, accepted)?.fields.statecode, statuscode: toCrmRecord(mapping, accepted)?.fields.statuscode }, { statecode: 0, statuscode: 1 });
    const won = toCrmRecord(mapping, referral({ status: 'Closed', substatus: 'Won' }))!.fields;
    assert.deepEqual([won.statecode, won.statuscode], [1, 3]);
  });

  it('any Lost status reason (Out-Sold too) loses; any open reason but On Hold is active', () => {
    assert.deepEqual(stateOf({ statecode: 2, statuscode: 5 }), { status: 'Closed', substatus: 'Lost' });
    assert.equal(stateOf({ statecode: 0, statuscode: 1 }), undefined);
    assert.deepEqual(stateOf({ statecode: 1, statuscode: 3 }), { status: 'Closed', substatus: 'Won' });
  });

  it('maps the help code through option-set integers both ways', () => {
    const fields = toCrmRecord(mapping, accepted)!.fields;
    assert.equal(typeof fields.msp_helprequested, 'number');
    const changed = toReferralChanges(mapping, { object: 'opportunity', fields: { ...fields, msp_helprequested: 100000003 }, related: {} }, accepted);
    assert.deepEqual(changed, [{ field: 'assistanceRequestCode', value: 'QuotesOrLicensing' }]);
  });
});
