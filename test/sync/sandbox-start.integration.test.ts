import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { eventually } from '../helpers/eventually.js';
import { validCreateRequest } from '../helpers/referrals.js';
import { SELLER_USER_ID } from '../../sandbox/salesforce/index.js';

type Row = Record<string, unknown>;

// `npm start` with no credentials: the sync is on by default, workers and the poller run on their own clocks.
describe('sandbox mode runs the Salesforce sync (npm start)', function () {
  this.timeout(60_000);
  let t: TestProduct;
  before(async () => { t = await startTestProduct({ CRM: '', PIPELINE_CONCURRENCY: '4', SANDBOX_SEED_REFERRALS: '12', CRM_POLL_INTERVAL_S: '1' }); });
  after(() => t.close());

  it('writes the seeded referrals to the Salesforce emulator at start', async () => {
    await eventually('seeded referrals in Salesforce', () => {
      const records = t.sandbox.salesforce.store.count('Opportunity') + t.sandbox.salesforce.store.count('Lead');
      return records >= 12 - t.sandbox.partnerCenter.store.list().filter((r) => r.direction === 'Outgoing' && (r.target ?? []).some((x) => x.id === 'msft')).length || undefined;
    }, 30_000);
  });

  it('a referral created in Partner Center appears as an opportunity, and an edit there flows back', async () => {
    const res = await request(t.url).post('/v1/referrals').set('Authorization', `Bearer ${await t.token()}`).send(validCreateRequest({ externalReferenceId: undefined })).expect(201);
    const id = (res.body as { referral: { id: string } }).referral.id;
    const opp = await eventually('the opportunity', () => t.sandbox.salesforce.store.findByField('Opportunity', 'Referral_Identifier__c', id)[0], 30_000);
    assert.equal(opp.Amount, 50000);
    t.sandbox.salesforce.store.update('Opportunity', opp.Id as string, { Amount: 65000 }, { asUserId: SELLER_USER_ID });
    await eventually('the referral updated from Salesforce', () => (((t.sandbox.partnerCenter.store.get(id) as unknown as Row).details as Row).dealValue === 65000) || undefined, 30_000);
  });
});
