import assert from 'node:assert/strict';
import request from 'supertest';
import { assertProblem, problemOf } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell, validCreateRequest } from '../helpers/referrals.js';

/** Bad input answers 4xx problem+json naming the field, and Partner Center sees no write. */
describe('referrals API: bad input', () => {
  let t: TestProduct;
  let token: string;
  let id: string;
  let snapshot: string;

  before(async () => {
    t = await startTestProduct({ MAX_BODY_BYTES: '4096' });
    token = await t.token();
    const r = incomingCoSell();
    t.sandbox.partnerCenter.store.put(r);
    id = String(r['id']);
  });
  after(() => t.close());

  const state = () => JSON.stringify(t.sandbox.partnerCenter.store.list());
  const writes = () => t.sandbox.partnerCenter.requestLog.filter((e) => e.method !== 'GET').length;
  let writesBefore = 0;
  beforeEach(() => { snapshot = state(); writesBefore = writes(); });
  afterEach(() => {
    assert.equal(state(), snapshot, 'the store changed');
    assert.equal(writes(), writesBefore, 'Partner Center received a write');
  });

  const post = (path: string) => request(t.url).post(path).set('Authorization', `Bearer ${token}`);
  const fields = (res: request.Response) => (problemOf(res).errors ?? []).map((e) => e.field).sort();

  it('malformed JSON', async () => {
    const res = await post('/v1/referrals').set('Content-Type', 'application/json').send('{"name": "x",');
    assertProblem(res, 'malformed_json', 400);
  });

  it('wrong types, each named', async () => {
    const res = await post('/v1/referrals').send(validCreateRequest({ name: 42, details: { dealValue: 'lots' } }));
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['body/details/dealValue', 'body/name']);
  });

  it('unknown fields', async () => {
    const res = await post('/v1/referrals').send(validCreateRequest({ colour: 'blue' }));
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(problemOf(res).errors, [{ field: 'body/colour', message: 'is not a known field' }]);
  });

  it('unknown nested fields', async () => {
    const res = await request(t.url).patch(`/v1/referrals/${id}`).set('Authorization', `Bearer ${token}`).send({ customerContacts: [{ firstName: 'A', nickname: 'B' }] });
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['body/customerContacts/0/nickname']);
  });

  it('missing required fields', async () => {
    const res = await post('/v1/referrals').send({ name: 'only a name' });
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['body/customerProfile', 'body/details']);
  });

  it('a missing body', async () => {
    const res = await post(`/v1/referrals/${id}/close`);
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['body']);
  });

  it('an enum value outside the contract', async () => {
    const res = await post(`/v1/referrals/${id}/close`).send({ outcome: 'Tie' });
    assertProblem(res, 'validation_failed', 400);
    assert.match(res.text, /must be one of: Won, Lost/);
  });

  it('an oversized body', async () => {
    const res = await post('/v1/referrals').send(validCreateRequest({ name: 'x'.repeat(8000) }));
    assertProblem(res, 'payload_too_large', 413);
  });

  it('a body that is not JSON', async () => {
    const res = await post(`/v1/referrals/${id}/decline`).set('Content-Type', 'text/plain').send('reason=because');
    assertProblem(res, 'unsupported_media_type', 415);
  });

  it('a bad query parameter', async () => {
    const res = await request(t.url).get('/v1/referrals?top=0&status=Open&colour=blue').set('Authorization', `Bearer ${token}`);
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['query/colour', 'query/status', 'query/top']);
  });

  it('a bad date', async () => {
    const res = await request(t.url).get('/v1/referrals?updatedSince=yesterday').set('Authorization', `Bearer ${token}`);
    assertProblem(res, 'validation_failed', 400);
    assert.deepEqual(fields(res), ['query/updatedSince']);
  });

  it('a bad continuation token', async () => {
    const res = await request(t.url).get('/v1/referrals?continuationToken=not-a-token').set('Authorization', `Bearer ${token}`);
    assertProblem(res, 'invalid_continuation_token', 400);
  });

  it('a body where none is accepted', async () => {
    const res = await request(t.url).get(`/v1/referrals/${id}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"a":1}');
    assertProblem(res, 'validation_failed', 400);
  });

  it('an unknown route under /v1', async () => {
    const res = await request(t.url).get('/v1/opportunities').set('Authorization', `Bearer ${token}`);
    assertProblem(res, 'not_found', 404);
  });

  it('a method the path does not have', async () => {
    const res = await request(t.url).delete(`/v1/referrals/${id}`).set('Authorization', `Bearer ${token}`);
    assertProblem(res, 'method_not_allowed', 405);
  });
});
