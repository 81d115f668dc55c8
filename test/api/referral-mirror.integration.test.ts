import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract } from '../helpers/contract.js';
import { eventually } from '../helpers/eventually.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell } from '../helpers/referrals.js';


/** Retries in a test come quickly: a transient failure under a loaded machine must not outlast the test. */
const FAST_RETRIES = { pollIntervalMs: 20, inboxRetryBaseMs: 100, inboxRetryMaxMs: 1000, outboxRetryBaseMs: 100, outboxRetryMaxMs: 1000 };

describe('lists served from the local referral mirror', function () {
  this.timeout(90_000);
  let t: TestProduct;
  let token: string;
  const get = (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);

  before(async () => {
    t = await startTestProduct({ PIPELINE_CONCURRENCY: '4', SANDBOX_SEED_REFERRALS: '250' }, { pipeline: FAST_RETRIES });
    token = await t.token();
    await t.product.syncMirror();
  });
  after(() => t.close());

  it('says in the status when the mirror is filled', async () => {
    const res = await get('/v1/status');
    assertMatchesContract(res, 'GetPipelineStatus');
    assert.equal(res.body.mirror.ready, true);
    assert.equal(res.body.mirror.referrals, 250);
  });

  it('pages through all referrals without calling Partner Center', async () => {
    const before = t.sandbox.partnerCenter.requestLog.length;
    const seen: string[] = [];
    let next: string | undefined = '/v1/referrals?top=100';
    while (next !== undefined) {
      const res = await get(next.replace(t.url, ''));
      assert.equal(res.status, 200, res.text);
      assertMatchesContract(res, 'ListReferrals');
      const items = res.body.value as Array<{ id: string; updatedDateTime: string }>;
      const times = items.map((r) => Date.parse(r.updatedDateTime));
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      seen.push(...items.map((r) => r.id));
      next = res.body.nextLink as string | undefined;
    }
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250);
    assert.equal(t.sandbox.partnerCenter.requestLog.length, before);
  });

  it('filters as Partner Center would', async () => {
    const mirrored = await get('/v1/referrals?status=New&direction=Incoming&top=100');
    const all = t.sandbox.partnerCenter.store.list().filter((r) => r['status'] === 'New' && r['direction'] === 'Incoming');
    assert.equal((mirrored.body.value as unknown[]).length, Math.min(100, all.length));
    for (const r of mirrored.body.value as Array<{ status: string; direction: string }>) assert.deepEqual([r.status, r.direction], ['New', 'Incoming']);
  });

  it('lists a referral changed through the API within moments', async () => {
    const target = (await get('/v1/referrals?status=New&direction=Incoming&top=1')).body.value[0] as { id: string };
    const accepted = await request(t.url).post(`/v1/referrals/${target.id}/accept`).set('Authorization', `Bearer ${token}`).send();
    assert.equal(accepted.status, 200, accepted.text);
    await eventually('the mirror to show the accepted referral', async () => {
      const res = await get('/v1/referrals?status=Active&top=100');
      return (res.body.value as Array<{ id: string }>).some((r) => r.id === target.id);
    });
  });

  it('heals a change whose webhook never arrived at the next reconciliation', async () => {
    // Point Partner Center's webhook elsewhere, so this change reaches us by no webhook.
    const away = await request(t.url).post('/v1/webhooks/registration').set('Authorization', `Bearer ${token}`).send({ webhookUrl: 'https://elsewhere.example/hook', overwriteExisting: true });
    assert.equal(away.status, 200, away.text);
    const r = incomingCoSell({ name: 'Missed by the webhook' });
    t.sandbox.partnerCenter.store.put(r);
    await t.product.syncMirror();
    await eventually('the healed referral in the mirror', async () => {
      const res = await get(`/v1/referrals?engagementId=${String(r['engagementId'])}`);
      return (res.body.value as Array<{ id: string }>).some((x) => x.id === r['id']);
    });
    const status = await get('/v1/status');
    assert.ok(status.body.inbox.done >= 1);
  });
});
