import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { incomingReferral, MOUNT, REFERRALS, startEmulator, type Json, type RunningEmulator } from './emulator-server.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };

describe('partner center emulator: authentication and headers', () => {
  let pc: RunningEmulator;
  const verified: string[] = [];
  before(async () => {
    pc = await startEmulator({
      verifyAccessToken: (token) => {
        verified.push(token);
        if (token === 'user-token') return Promise.resolve({ scp: 'user_impersonation', tid: 't' });
        if (token === 'app-token') return Promise.resolve({ roles: ['Referrals.ReadWrite.All'], tid: 't' });
        return Promise.reject(new Error('bad signature'));
      },
    });
  });
  after(() => pc.close());

  const get = (headers: Record<string, string>) => request(pc.origin).get(`${MOUNT}${REFERRALS}`).set(headers);

  it('serves a delegated (App+User) token', async () => {
    await get({ Authorization: 'Bearer user-token', 'client-request-id': randomUUID() }).expect(200);
    assert.equal(verified.at(-1), 'user-token');
  });

  it('answers a missing Authorization header with 401 unauthenticated and WWW-Authenticate', async () => {
    const res = await get({ 'client-request-id': randomUUID() }).expect(401);
    assert.equal((res.body as ErrorBody).error.code, 'unauthenticated');
    assert.equal(res.headers['www-authenticate'], 'Bearer');
  });

  it('answers a non-Bearer scheme with 401', async () => {
    await get({ Authorization: 'Basic dXNlcjpwYXNz', 'client-request-id': randomUUID() }).expect(401);
  });

  it('answers a token the verifier rejects with 401', async () => {
    const res = await get({ Authorization: 'Bearer forged', 'client-request-id': randomUUID() }).expect(401);
    assert.equal((res.body as ErrorBody).error.code, 'unauthenticated');
  });

  it('answers an app-only token (no scp) with 403 accessDenied', async () => {
    const res = await get({ Authorization: 'Bearer app-token', 'client-request-id': randomUUID() }).expect(403);
    assert.equal((res.body as ErrorBody).error.code, 'accessDenied');
  });

  it('requires client-request-id (400 invalidRequest naming the header)', async () => {
    const res = await get({ Authorization: 'Bearer user-token' }).expect(400);
    assert.deepEqual([(res.body as ErrorBody).error.code, (res.body as ErrorBody).error.target], ['invalidRequest', 'client-request-id']);
  });

  it('echoes client-request-id and sends a request-id', async () => {
    const id = randomUUID();
    const res = await get({ Authorization: 'Bearer user-token', 'client-request-id': id }).expect(200);
    assert.equal(res.headers['client-request-id'], id);
    assert.match(String(res.headers['request-id']), /^[0-9a-f-]{36}$/);
  });

  it('accepts any non-empty bearer when no verifier is configured', async () => {
    const open = await startEmulator();
    try {
      await open.call('get', REFERRALS).set('Authorization', 'Bearer <token>').expect(200);
    } finally {
      await open.close();
    }
  });

  it('logs each request with its headers (credential redacted) and final status', async () => {
    const referral = incomingReferral();
    pc.emulator.store.put(referral);
    const id = randomUUID();
    await request(pc.origin).patch(`${MOUNT}${REFERRALS}/${String(referral.id)}?x=1`)
      .set({ Authorization: 'Bearer user-token', 'client-request-id': id, 'If-Match': String(referral.eTag) })
      .send([{ op: 'replace', path: '/name', value: 'n' }]).expect(204);
    const entry = pc.emulator.requestLog.at(-1);
    assert.equal(entry?.method, 'PATCH');
    assert.equal(entry?.path, `${REFERRALS}/${String(referral.id)}`);
    assert.equal(entry?.query, 'x=1');
    assert.equal(entry?.status, 204);
    assert.equal(entry?.headers['client-request-id'], id);
    assert.equal(entry?.headers['if-match'], referral.eTag);
    assert.equal(entry?.headers.authorization, 'Bearer [redacted]');
  });

  it('keeps the request log bounded to the last 1000 requests', async () => {
    const open = await startEmulator();
    try {
      for (let i = 0; i < 1005; i += 1) open.emulator.requestLog.push({ method: 'GET', path: '/', query: '', headers: {}, status: 200 });
      await open.call('get', REFERRALS).expect(200);
      assert.equal(open.emulator.requestLog.length, 1000);
      assert.equal(open.emulator.requestLog.at(-1)?.path, REFERRALS);
    } finally {
      await open.close();
    }
  });

  it('serves links under publicBaseUrl', async () => {
    const referral = incomingReferral();
    pc.emulator.store.put(referral);
    const res = await pc.call('get', `${REFERRALS}/${String(referral.id)}`).set('Authorization', 'Bearer user-token').expect(200);
    assert.equal(((res.body as Json).links as { self: { uri: string } }).self.uri, `${pc.base}${REFERRALS}/${String(referral.id)}`);
  });
});
