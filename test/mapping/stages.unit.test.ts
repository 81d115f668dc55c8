import assert from 'node:assert/strict';
import { stageFor, stateForCrmStage as stateForStage } from '../../api/domain/mapping/apply.js';
import { parseMapping } from '../../api/domain/mapping/load.js';
import type { ReferralStatus, ReferralSubstatus } from '../../api/domain/referral.js';
import { salesforceFile } from './fixtures.js';

const mapping = parseMapping(salesforceFile());

/** Every documented (status, substatus) pair and the stage the co-sell connectors put it in (§7.5, §7.7). */
const STAGE_OF: Array<[ReferralStatus, ReferralSubstatus, string, string]> = [
  ['New', 'Pending', 'onHold', 'Prospecting'],
  ['New', 'Received', 'onHold', 'Prospecting'],
  ['Active', 'Accepted', 'active', 'Qualification'],
  ['Closed', 'Won', 'won', 'Closed Won'],
  ['Closed', 'Lost', 'lost', 'Closed Lost'],
  ['Closed', 'Declined', 'lost', 'Closed Lost'],
  ['Closed', 'Expired', 'lost', 'Closed Lost'],
];

describe('mapping: stageFor', () => {
  for (const [status, substatus, role, stageName] of STAGE_OF) {
    it(`${status}/${substatus} → ${role} (${stageName})`, () => {
      assert.deepEqual(stageFor(mapping, status, substatus), { role, values: { StageName: stageName } });
    });
  }

  it('None stands for no stage', () => {
    assert.equal(stageFor(mapping, 'None', 'None'), undefined);
  });
});

describe('mapping: stateForStage', () => {
  const incomingNew = { status: 'New', substatus: 'Pending', direction: 'Incoming' } as const;
  const accepted = { status: 'Active', substatus: 'Accepted' } as const;

  it('on hold asks for nothing', () => {
    assert.equal(stateForStage(mapping, 'Prospecting', incomingNew), undefined);
  });

  it('any open stage other than on hold accepts a new referral', () => {
    assert.deepEqual(stateForStage(mapping, 'Qualification', incomingNew), accepted);
    assert.deepEqual(stateForStage(mapping, 'Negotiation/Review', incomingNew), accepted);
  });

  it('an active stage leaves an accepted referral where it is', () => {
    assert.equal(stateForStage(mapping, 'Qualification', accepted), undefined);
  });

  it('Closed Won wins, Closed Lost loses an accepted referral', () => {
    assert.deepEqual(stateForStage(mapping, 'Closed Won', accepted), { status: 'Closed', substatus: 'Won' });
    assert.deepEqual(stateForStage(mapping, 'Closed Lost', accepted), { status: 'Closed', substatus: 'Lost' });
  });

  it('lost before acceptance declines an incoming referral', () => {
    assert.deepEqual(stateForStage(mapping, 'Closed Lost', incomingNew), { status: 'Closed', substatus: 'Declined' });
  });

  it('an org-specific closed stage is read from IsClosed/IsWon', () => {
    assert.deepEqual(stateForStage(mapping, { StageName: 'Lost to competitor', IsClosed: true, IsWon: false }, accepted), { status: 'Closed', substatus: 'Lost' });
  });

  it('a closed referral takes no stage', () => {
    assert.equal(stateForStage(mapping, 'Closed Won', { status: 'Closed', substatus: 'Lost' }), undefined);
  });
});
