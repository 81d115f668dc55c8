import assert from 'node:assert/strict';
import { InvalidTransitionError, ReferralClosedError } from '../../api/domain/errors.js';
import type { ReferralStatus, ReferralSubstatus } from '../../api/domain/referral.js';
import { assertTransition } from '../../api/domain/referral-status.js';

const PAIRS: Array<[ReferralStatus, ReferralSubstatus]> = [
  ['New', 'Pending'], ['New', 'Received'], ['Active', 'Accepted'], ['Closed', 'Won'], ['Closed', 'Lost'], ['Closed', 'Declined'], ['Closed', 'Expired'],
];
const SUBSTATUSES: ReferralSubstatus[] = ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'];
const STATUSES: ReferralStatus[] = ['None', 'New', 'Active', 'Closed'];

/** The documented table, written out: from status → statuses it may move to. */
const MOVES: Record<string, string[]> = { New: ['New', 'Active', 'Closed'], Active: ['Active', 'Closed'], Closed: ['Closed'] };
const VALID: Record<string, string[]> = { New: ['Pending', 'Received'], Active: ['Accepted'], Closed: ['Won', 'Lost', 'Declined', 'Expired'] };

describe('referral status transitions (documented table)', () => {
  for (const [fs, fss] of PAIRS) {
    for (const ts of STATUSES) {
      for (const tss of SUBSTATUSES) {
        const ok = fs !== 'Closed' && (MOVES[fs] ?? []).includes(ts) && (VALID[ts] ?? []).includes(tss);
        it(`${fs}/${fss} → ${ts}/${tss}: ${ok ? 'allowed' : 'refused'}`, () => {
          const run = () => assertTransition({ status: fs, substatus: fss }, { status: ts, substatus: tss });
          if (ok) run();
          else assert.throws(run, fs === 'Closed' ? ReferralClosedError : InvalidTransitionError);
        });
      }
    }
  }
});
