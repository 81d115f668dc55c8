import assert from 'node:assert/strict';
import request from 'supertest';
import { incomingReferral, MOUNT, REFERRALS, startEmulator, type RunningEmulator } from './emulator-server.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };

describe('partner center emulator: errors', () => {
  let pc: RunningEmulator;
  before(async () => { pc = await startEmulator(); });
  after(() => pc.close());

  it('answers malformed JSON with 400 invalidRequest in the documented envelope', async () => {
    const res = await pc.call('post', REFERRALS).set('Content-Type', 'application/json').send('{"type": "Shared",').expect(400);
    assert.equal((res.body as ErrorBody).error.code, 'invalidRequest');
    assert.match((res.body as ErrorBody).error.message, /not valid JSON/);
  });

  it('answers a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ type: 'Independent', details: { notes: 'x'.repeat(1024 * 1024) } });
    await pc.call('post', REFERRALS).set('Content-Type', 'application/json').send(big).expect(413);
  });

  it('answers a non-JSON media type with 415', async () => {
    await pc.call('post', REFERRALS).set('Content-Type', 'text/plain').send('type=Shared').expect(415);
  });

  it('answers an unknown id with 404 itemNotFound', async () => {
    const res = await pc.call('get', `${REFERRALS}/does-not-exist`).expect(404);
    assert.deepEqual((res.body as ErrorBody).error.code, 'itemNotFound');
  });

  it('answers an unknown path under /v1.0 with 404 in the envelope', async () => {
    const res = await pc.call('get', '/v1.0/engagements/other').expect(404);
    assert.equal((res.body as ErrorBody).error.code, 'itemNotFound');
  });

  it('answers DELETE with 405 and Allow', async () => {
    const referral = incomingReferral();
    pc.emulator.store.put(referral);
    const res = await pc.call('delete', `${REFERRALS}/${String(referral.id)}`).expect(405);
    assert.equal(res.headers.allow, 'GET, PATCH, PUT');
  });

  it('requires If-Match on the obsolete PUT', async () => {
    const referral = incomingReferral();
    pc.emulator.store.put(referral);
    const res = await pc.call('put', `${REFERRALS}/${String(referral.id)}`).send(referral).expect(400);
    assert.equal((res.body as ErrorBody).error.target, 'If-Match');
  });

  it('leaves paths outside /v1.0 to the host app', async () => {
    await request(pc.origin).get(`${MOUNT}/elsewhere`).expect(404);
    assert.notEqual(pc.emulator.requestLog.at(-1)?.path, '/elsewhere');
  });
});
