import assert from 'node:assert/strict';
import request from 'supertest';
import { assertProblem } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell } from '../helpers/referrals.js';

describe('referrals API: inbound tokens', () => {
  let t: TestProduct;
  let id: string;
  before(async () => {
    t = await startTestProduct();
    const r = incomingCoSell();
    t.sandbox.partnerCenter.store.put(r);
    id = String(r['id']);
  });
  after(() => t.close());

  const idp = () => t.sandbox.identity;
  const mint = (claims: Record<string, unknown>, opts: Parameters<ReturnType<typeof idp>['mintAccessToken']>[1] = {}) =>
    idp().mintAccessToken({ aud: 'api://cosell-connector', roles: ['Referrals.ReadWrite'], tid: 'sandbox', ...claims }, { tenantId: 'sandbox', ...opts });
  const get = (token?: string) => {
    const r = request(t.url).get(`/v1/referrals/${id}`);
    return token === undefined ? r : r.set('Authorization', `Bearer ${token}`);
  };

  it('accepts a client-credentials token from the sandbox identity provider', async () => {
    const res = await get(await t.token());
    assert.equal(res.status, 200, res.text);
  });

  it('answers 401 with a Bearer challenge when there is no token', async () => {
    const res = await get();
    assertProblem(res, 'unauthorized', 401);
    assert.match(String(res.headers['www-authenticate']), /^Bearer/);
  });

  it('rejects an expired token', async () => {
    const res = await get(await mint({}, { expiresInSeconds: -3600 }));
    assertProblem(res, 'unauthorized', 401);
  });

  it('rejects a token for another audience', async () => {
    const res = await get(await mint({ aud: 'https://graph.microsoft.com' }));
    assertProblem(res, 'unauthorized', 401);
  });

  it('rejects a token from another issuer', async () => {
    const res = await get(await mint({ iss: 'https://login.microsoftonline.com/sandbox/v2.0' }));
    assertProblem(res, 'unauthorized', 401);
  });

  it('rejects a token with a bad signature', async () => {
    const res = await get(await mint({}, { key: 'rogue' }));
    assertProblem(res, 'unauthorized', 401);
  });

  it('rejects a token that is not a JWT', async () => {
    const res = await get('not.a.jwt');
    assertProblem(res, 'unauthorized', 401);
  });

  it('answers 403 to a reader that tries to write', async () => {
    const res = await request(t.url).post(`/v1/referrals/${id}/accept`).set('Authorization', `Bearer ${await t.token('reader')}`).send();
    assertProblem(res, 'forbidden', 403);
  });

  it('lets a reader read', async () => {
    const res = await get(await t.token('reader'));
    assert.equal(res.status, 200, res.text);
  });

  it('never echoes the token in an error', async () => {
    const token = await mint({}, { key: 'rogue' });
    const res = await get(token);
    assert.ok(!res.text.includes(token));
  });
});
