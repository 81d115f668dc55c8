import assert from 'node:assert/strict';
import request from 'supertest';
import { incomingReferral, MOUNT, REFERRALS, sample, startEmulator, type Json, type RunningEmulator } from './emulator-server.js';

describe('partner center emulator: fault injection', () => {
  let pc: RunningEmulator;
  before(async () => { pc = await startEmulator(); });
  after(() => pc.close());
  beforeEach(() => { pc.emulator.faults.clear(); pc.emulator.store.clear(); });

  it('throttles with 429, Retry-After and the documented throttling body', async () => {
    pc.emulator.faults.inject({ status: 429, retryAfterSeconds: 57 });
    const res = await pc.call('get', REFERRALS).expect(429);
    assert.equal(res.headers['retry-after'], '57');
    assert.deepEqual(res.body, sample('error-429-throttling-partnercenter-api.json'));
  });

  it('consumes a fault `times` times, then serves normally', async () => {
    pc.emulator.faults.inject({ status: 503, times: 2 });
    await pc.call('get', REFERRALS).expect(503);
    assert.equal(pc.emulator.faults.pending()[0]?.remaining, 1);
    await pc.call('get', REFERRALS).expect(503);
    assert.deepEqual(pc.emulator.faults.pending(), []);
    await pc.call('get', REFERRALS).expect(200);
  });

  it('answers 503 with serviceNotAvailable and the optional Retry-After', async () => {
    pc.emulator.faults.inject({ status: 503, retryAfterSeconds: 3 });
    const res = await pc.call('get', REFERRALS).expect(503);
    assert.equal((res.body as { error: Json }).error.code, 'serviceNotAvailable');
    assert.equal(res.headers['retry-after'], '3');
  });

  it('answers 500 with generalException', async () => {
    pc.emulator.faults.inject({ status: 500 });
    const res = await pc.call('get', REFERRALS).expect(500);
    assert.equal((res.body as { error: Json }).error.code, 'generalException');
  });

  it('matches on method and path pattern', async () => {
    pc.emulator.faults.inject({ status: 503, method: 'patch', pathPattern: /\/referrals\/[^/]+$/ });
    await pc.call('get', REFERRALS).expect(200);
    const referral = incomingReferral();
    pc.emulator.store.put(referral);
    await pc.call('get', `${REFERRALS}/${String(referral.id)}`).expect(200);
    await pc.call('patch', `${REFERRALS}/${String(referral.id)}`).send([{ op: 'replace', path: '/name', value: 'x' }]).expect(503);
  });

  it('never applies a write it fails', async () => {
    pc.emulator.faults.inject({ status: 429, method: 'POST' });
    await pc.call('post', REFERRALS).send({ type: 'Independent', customerProfile: {}, consent: {}, details: {} }).expect(429);
    assert.equal(pc.emulator.store.size, 0);
  });

  it('adds latency and then serves the request', async () => {
    pc.emulator.faults.inject({ latencyMs: 20 });
    await pc.call('get', REFERRALS).expect(200);
    assert.deepEqual(pc.emulator.faults.pending(), []);
  });

  it('refuses a fault with neither status nor latency', () => {
    assert.throws(() => pc.emulator.faults.inject({ times: 2 }), RangeError);
  });

  describe('control endpoint', () => {
    it('POST /_faults injects a fault described in JSON, pathPattern as a regex string', async () => {
      const res = await request(pc.origin).post(`${MOUNT}/_faults`).send({ status: 429, retryAfterSeconds: 2, times: 1, method: 'GET', pathPattern: '/referrals$' }).expect(201);
      assert.match(`${REFERRALS}`, new RegExp(String(((res.body as { pending: Json[] }).pending[0] as Json).pathPattern)));
      const throttled = await pc.call('get', REFERRALS).expect(429);
      assert.equal(throttled.headers['retry-after'], '2');
    });

    it('POST /_faults refuses an invalid fault with 400', async () => {
      await request(pc.origin).post(`${MOUNT}/_faults`).send({ status: 200 }).expect(400);
      await request(pc.origin).post(`${MOUNT}/_faults`).send({ status: 500, pathPattern: '(' }).expect(400);
    });

    it('DELETE /_faults clears pending faults', async () => {
      pc.emulator.faults.inject({ status: 503, times: 5 });
      await request(pc.origin).delete(`${MOUNT}/_faults`).expect(204);
      assert.deepEqual(pc.emulator.faults.pending(), []);
      await pc.call('get', REFERRALS).expect(200);
    });

    it('GET /_faults lists pending faults', async () => {
      pc.emulator.faults.inject({ status: 503, times: 5 });
      const res = await request(pc.origin).get(`${MOUNT}/_faults`).expect(200);
      assert.equal(((res.body as { pending: Json[] }).pending[0] as Json).remaining, 5);
    });
  });
});
