import assert from 'node:assert/strict';
import { checkPair, checkTransition, isTerminal } from '../../../sandbox/partner-center/transitions.js';

// The documented table, written out by hand (REST-DOCS referral-resources).
const VALID_PAIRS = new Set(['New/Pending', 'New/Received', 'Active/Accepted', 'Closed/Won', 'Closed/Lost', 'Closed/Declined', 'Closed/Expired']);
const MAY_MOVE_TO: Record<string, string[]> = { New: ['New', 'Active', 'Closed'], Active: ['Active', 'Closed'], Closed: [] };
const STATUSES = ['None', 'New', 'Active', 'Closed'];
const SUBSTATUSES = ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'];

describe('partner center emulator: status transitions', () => {
  describe('every (status, substatus) pair', () => {
    for (const status of STATUSES) {
      for (const substatus of SUBSTATUSES) {
        const valid = VALID_PAIRS.has(`${status}/${substatus}`);
        it(`${status}/${substatus} is ${valid ? 'writable' : 'refused'}`, () => {
          const error = checkPair({ status, substatus });
          if (valid) assert.equal(error, undefined);
          else assert.equal(error?.status, 400);
        });
      }
    }
  });

  describe('every move from a valid state to every pair', () => {
    for (const from of VALID_PAIRS) {
      const [fromStatus = '', fromSubstatus = ''] = from.split('/');
      for (const status of STATUSES) {
        for (const substatus of SUBSTATUSES) {
          const allowed = VALID_PAIRS.has(`${status}/${substatus}`) && (MAY_MOVE_TO[fromStatus] ?? []).includes(status);
          it(`${from} → ${status}/${substatus}: ${allowed ? 'allowed' : 'refused'}`, () => {
            const error = checkTransition({ status: fromStatus, substatus: fromSubstatus }, { status, substatus });
            if (allowed) {
              assert.equal(error, undefined);
            } else {
              assert.equal(error?.status, 400);
              assert.equal(error.code, 'invalidRequest');
              assert.ok(error.target === 'status' || error.target === 'substatus');
            }
          });
        }
      }
    }
  });

  it('treats every Closed substatus as terminal', () => {
    for (const substatus of ['Won', 'Lost', 'Declined', 'Expired']) {
      assert.equal(isTerminal({ status: 'Closed', substatus }), true);
      assert.match(checkTransition({ status: 'Closed', substatus }, { status: 'Closed', substatus })?.message ?? '', /terminal/);
    }
  });

  it('lets a stored referral outside the table (status None) move to any valid pair', () => {
    assert.equal(checkTransition({ status: 'None', substatus: 'None' }, { status: 'Active', substatus: 'Accepted' }), undefined);
  });

  it('names substatus as the target when only the pair is wrong', () => {
    assert.equal(checkTransition({ status: 'New', substatus: 'Pending' }, { status: 'Active', substatus: 'Pending' })?.target, 'substatus');
  });
});
