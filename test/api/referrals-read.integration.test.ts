import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract, assertProblem } from '../helpers/contract.js';
import { manualClock } from '../../api/domain/clock.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell } from '../helpers/referrals.js';

describe('referrals API: list and get', () => {
  let t: TestProduct;
  let token: string;

  before(async () => {
    // A day after the fixtures were created: inside Partner Center's 14-day response window.
    t = await startTestProduct({}, { clock: manualClock(new Date('2026-01-02T00:00:00Z')) });
    token = await t.token();
    for (let i = 0; i < 250; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      t.sandbox.partnerCenter.store.put(incomingCoSell({
        id: `ref-${String(i).padStart(3, '0')}`,
        status: i % 5 === 0 ? 'Active' : 'New',
        substatus: i % 5 === 0 ? 'Accepted' : 'Pending',
        direction: i % 2 === 0 ? 'Incoming' : 'Outgoing',
        type: i % 3 === 0 ? 'Independent' : 'Shared',
        updatedDateTime: at,
        createdDateTime: at,
      }));
    }
  });
  after(() => t.close());

  const get = (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);

  it('lists the most recently updated referrals first, 100 a page by default', async () => {
    const res = await get('/v1/referrals');
    assert.equal(res.status, 200);
    assertMatchesContract(res, 'ListReferrals');
    const items = res.body.value as Array<{ id: string; updatedDateTime: string }>;
    assert.equal(items.length, 100);
    assert.equal(items[0]!.id, 'ref-249');
    const times = items.map((r) => Date.parse(r.updatedDateTime));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  it('orders oldest first on request', async () => {
    const res = await get('/v1/referrals?order=asc&top=3');
    assert.deepEqual((res.body.value as Array<{ id: string }>).map((r) => r.id), ['ref-000', 'ref-001', 'ref-002']);
  });

  it('pages through every referral exactly once by following nextLink', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/v1/referrals?top=100';
    let pages = 0;
    while (next !== undefined) {
      const res = await get(next.replace(t.url, ''));
      assert.equal(res.status, 200, res.text);
      assertMatchesContract(res, 'ListReferrals');
      seen.push(...(res.body.value as Array<{ id: string }>).map((r) => r.id));
      next = res.body.nextLink as string | undefined;
      if (next !== undefined) assert.ok(next.startsWith(`${t.url}/v1/referrals?continuationToken=`));
      pages++;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250);
  });

  it('pages with the continuation token alone, keeping the first request\'s filters', async () => {
    const first = await get('/v1/referrals?status=New&top=50');
    const second = await get(`/v1/referrals?continuationToken=${encodeURIComponent(first.body.continuationToken as string)}`);
    assert.equal(second.status, 200);
    assert.equal((second.body.value as unknown[]).length, 50);
    assert.ok((second.body.value as Array<{ status: string }>).every((r) => r.status === 'New'));
  });

  it('filters by status, substatus, type and direction together', async () => {
    const res = await get('/v1/referrals?status=New&substatus=Pending&type=Shared&direction=Incoming&top=100');
    assert.equal(res.status, 200);
    const items = res.body.value as Array<{ status: string; substatus: string; type: string; direction: string }>;
    assert.ok(items.length > 0);
    for (const r of items) assert.deepEqual([r.status, r.substatus, r.type, r.direction], ['New', 'Pending', 'Shared', 'Incoming']);
  });

  it('filters by update time', async () => {
    const res = await get(`/v1/referrals?updatedSince=${encodeURIComponent('2026-01-01T00:04:00Z')}&order=asc`);
    const ids = (res.body.value as Array<{ id: string }>).map((r) => r.id);
    assert.equal(ids[0], 'ref-241');
    assert.equal(ids.length, 9);
  });

  it('refuses a continuation token it did not issue', async () => {
    const res = await get('/v1/referrals?continuationToken=eyJ2IjoxLCJjIjoiaHR0cDovL2V2aWwifQ.AAAA');
    assertProblem(res, 'invalid_continuation_token', 400);
  });

  it('refuses a continuation token that was altered', async () => {
    const first = await get('/v1/referrals?top=10');
    const token = first.body.continuationToken as string;
    const [payload, mac] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ v: 1, c: '?$skiptoken=forged' })).toString('base64url');
    assert.notEqual(altered, payload);
    const res = await get(`/v1/referrals?continuationToken=${altered}.${mac}`);
    assertProblem(res, 'invalid_continuation_token', 400);
  });

  it('gets one referral with its eTag as the ETag header', async () => {
    const res = await get('/v1/referrals/ref-007');
    assert.equal(res.status, 200);
    assertMatchesContract(res, 'GetReferral');
    assert.equal(res.body.id, 'ref-007');
    assert.equal(res.headers['etag'], res.body.eTag);
    assert.match(res.body.eTag as string, /^".+"$/);
  });

  it('answers 404 problem+json for an unknown referral', async () => {
    const res = await get('/v1/referrals/does-not-exist');
    assertProblem(res, 'not_found', 404);
  });

  it('derives the documented category and the Microsoft co-sell flag', async () => {
    t.sandbox.partnerCenter.store.put(incomingCoSell({ id: 'marketplace-1', type: 'Independent', qualification: 'Direct', inviteContext: { invitedBy: { organizationId: 'msft' } } }));
    const lead = await get('/v1/referrals/marketplace-1');
    assert.equal(lead.body.category, 'MarketplaceLead');
    assert.equal(lead.body.microsoftCoSell, false);
    const cosell = await get('/v1/referrals/ref-001');
    assert.equal(cosell.body.category, 'CoSellOpportunity');
    assert.equal(cosell.body.microsoftCoSell, true);
  });

  it('sends a fresh client-request-id on every Partner Center call', async () => {
    const log = t.sandbox.partnerCenter.requestLog;
    const before = log.length;
    await get('/v1/referrals/ref-001');
    await get('/v1/referrals/ref-002');
    const ids = log.slice(before).map((e) => e.headers['client-request-id']);
    assert.equal(ids.length, 2);
    for (const id of ids) assert.match(String(id), /^[0-9a-f-]{36}$/);
    assert.notEqual(ids[0], ids[1]);
  });
});
