import assert from 'node:assert/strict';
import request from 'supertest';
import { assertProblem } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell } from '../helpers/referrals.js';

/**
 * Every action from every documented (status, substatus) pair, both directions, through the API and
 * the emulator. The expectations are written out by hand, not computed from the code under test.
 */
const STATES = [['New', 'Pending'], ['New', 'Received'], ['Active', 'Accepted'], ['Closed', 'Won'], ['Closed', 'Lost'], ['Closed', 'Declined'], ['Closed', 'Expired']] as const;
type Outcome = 'ok' | 'invalid_transition' | 'referral_closed';

function expected(action: string, status: string, direction: string): Outcome {
  if (status === 'Closed') return 'referral_closed';
  if (action === 'accept' || action === 'decline') return status === 'New' && direction === 'Incoming' ? 'ok' : 'invalid_transition';
  return 'ok'; // won or lost from New or Active, as the documented table allows
}

const ACTIONS: Array<{ name: string; path: string; body: object; result: [string, string] }> = [
  { name: 'accept', path: 'accept', body: {}, result: ['Active', 'Accepted'] },
  { name: 'decline', path: 'decline', body: { reason: 'Not a fit' }, result: ['Closed', 'Declined'] },
  { name: 'win', path: 'close', body: { outcome: 'Won' }, result: ['Closed', 'Won'] },
  { name: 'lose', path: 'close', body: { outcome: 'Lost' }, result: ['Closed', 'Lost'] },
];

describe('referrals API: the whole status transition table', () => {
  let t: TestProduct;
  let token: string;
  before(async () => { t = await startTestProduct(); token = await t.token(); });
  after(() => t.close());

  for (const action of ACTIONS) {
    for (const [status, substatus] of STATES) {
      for (const direction of ['Incoming', 'Outgoing']) {
        const outcome = expected(action.name, status, direction);
        it(`${action.name} from ${status}/${substatus} (${direction}) → ${outcome === 'ok' ? action.result.join('/') : outcome}`, async () => {
          const r = incomingCoSell({ status, substatus, direction });
          t.sandbox.partnerCenter.store.put(r);
          const res = await request(t.url).post(`/v1/referrals/${String(r['id'])}/${action.path}`).set('Authorization', `Bearer ${token}`).send(action.body);
          const raw = t.sandbox.partnerCenter.store.get(String(r['id'])) as { status: string; substatus: string };
          if (outcome === 'ok') {
            assert.equal(res.status, 200, res.text);
            assert.deepEqual([res.body.status, res.body.substatus], action.result);
            assert.deepEqual([raw.status, raw.substatus], action.result);
          } else {
            assertProblem(res, outcome, 409);
            assert.deepEqual([raw.status, raw.substatus], [status, substatus]);
          }
        });
      }
    }
  }
});
