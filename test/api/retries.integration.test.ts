import assert from 'node:assert/strict';
import request from 'supertest';
import { assertProblem } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell, validCreateRequest } from '../helpers/referrals.js';

/** Partner Center faults injected into the emulator; waits are recorded instead of slept. */
describe('Partner Center client: retries under fault injection', () => {
  let t: TestProduct;
  let token: string;
  let id: string;

  before(async () => {
    t = await startTestProduct({ PARTNER_CENTER_MAX_ATTEMPTS: '4', PARTNER_CENTER_RETRY_BASE_MS: '100', PARTNER_CENTER_RETRY_MAX_MS: '5000' });
    token = await t.token();
    const r = incomingCoSell();
    t.sandbox.partnerCenter.store.put(r);
    id = String(r['id']);
  });
  after(() => t.close());
  beforeEach(() => { t.sleeps.length = 0; t.sandbox.partnerCenter.faults.clear(); });

  const get = () => request(t.url).get(`/v1/referrals/${id}`).set('Authorization', `Bearer ${token}`);

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    t.sandbox.partnerCenter.faults.inject({ status: 429, retryAfterSeconds: 2, times: 2 });
    const res = await get();
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(t.sleeps, [2000, 2000]);
  });

  it('backs off exponentially, with jitter, on 503 without Retry-After', async () => {
    t.sandbox.partnerCenter.faults.inject({ status: 503, times: 3 });
    const res = await get();
    assert.equal(res.status, 200, res.text);
    assert.equal(t.sleeps.length, 3);
    const [a, b, c] = t.sleeps as [number, number, number];
    assert.ok(a >= 50 && a <= 100, `first wait ${a}`);
    assert.ok(b >= 100 && b <= 200, `second wait ${b}`);
    assert.ok(c >= 200 && c <= 400, `third wait ${c}`);
  });

  it('gives up after the last attempt and answers 503 problem+json', async () => {
    t.sandbox.partnerCenter.faults.inject({ status: 503, times: 10 });
    const res = await get();
    assertProblem(res, 'upstream_unavailable', 503);
    assert.equal(t.sleeps.length, 3);
  });

  it('does not wait longer than its cap: a long Retry-After is handed to the caller', async () => {
    t.sandbox.partnerCenter.faults.inject({ status: 429, retryAfterSeconds: 57, times: 1 });
    const res = await get();
    assertProblem(res, 'rate_limited', 429);
    assert.equal(res.headers['retry-after'], '57');
    assert.deepEqual(t.sleeps, []);
  });

  it('retries a create that Partner Center throttled, creating it once', async () => {
    const before = t.sandbox.partnerCenter.store.size;
    t.sandbox.partnerCenter.faults.inject({ status: 429, retryAfterSeconds: 1, times: 1, method: 'POST' });
    const res = await request(t.url).post('/v1/referrals').set('Authorization', `Bearer ${token}`).send(validCreateRequest());
    assert.equal(res.status, 201, res.text);
    assert.equal(t.sandbox.partnerCenter.store.size, before + 2);
    assert.deepEqual(t.sleeps, [1000]);
  });

  it('does not retry a create on a 500: it may have been applied', async () => {
    const before = t.sandbox.partnerCenter.store.size;
    t.sandbox.partnerCenter.faults.inject({ status: 500, times: 1, method: 'POST' });
    const res = await request(t.url).post('/v1/referrals').set('Authorization', `Bearer ${token}`).send(validCreateRequest());
    assert.ok(res.status >= 500, res.text);
    assertProblem(res);
    assert.equal(t.sandbox.partnerCenter.store.size, before);
    assert.deepEqual(t.sleeps, []);
  });

  it('answers 5xx without internals', async () => {
    t.sandbox.partnerCenter.faults.inject({ status: 500, times: 1 });
    const res = await get();
    assertProblem(res);
    assert.doesNotMatch(res.text, /at .*\.js|stack|Bearer/);
  });
});
