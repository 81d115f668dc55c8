import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { verifyStandardWebhook } from '../../api/pipeline/index.js';
import { assertMatchesContract, assertProblem } from '../helpers/contract.js';
import { eventually } from '../helpers/eventually.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell } from '../helpers/referrals.js';

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

/** A trigger subscriber: a real HTTP endpoint that records what it is sent. */
async function subscriber(): Promise<{ url: string; received: Received[]; status: { code: number }; close(): void }> {
  const received: Received[] = [];
  const status = { code: 200 };
  const app = express();
  app.post('/hook', express.text({ type: () => true }), (req, res) => {
    received.push({ headers: req.headers, body: req.body as string });
    res.status(status.code).end();
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, status, close: () => { server.closeAllConnections(); server.close(); } };
}


/** Retries in a test come quickly: a transient failure under a loaded machine must not outlast the test. */
const FAST_RETRIES = { pollIntervalMs: 20, inboxRetryBaseMs: 100, inboxRetryMaxMs: 1000, outboxRetryBaseMs: 100, outboxRetryMaxMs: 1000 };

describe('sandbox end to end: emulator → signed webhook → inbox → pipeline → trigger subscriber', function () {
  this.timeout(90_000);
  let t: TestProduct;
  let token: string;
  let hook: Awaited<ReturnType<typeof subscriber>>;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  before(async () => {
    t = await startTestProduct({ PIPELINE_CONCURRENCY: '4' }, { pipeline: FAST_RETRIES });
    token = await t.token();
    hook = await subscriber();
  });
  after(async () => { hook.close(); await t.close(); });

  it('registered this backend with the emulator at start-up', async () => {
    const res = await request(t.url).get('/v1/webhooks/registration').set(auth());
    assert.equal(res.status, 200, res.text);
    assertMatchesContract(res, 'GetWebhookRegistration');
    assert.equal(res.body.webhookUrl, `${t.url}/webhooks/partner-center/sandbox`);
    assert.equal(res.body.receivesHere, true);
  });

  let secret = '';
  it('subscribes a trigger: 201 with Location and a signing secret', async () => {
    const res = await request(t.url).post('/v1/triggers/referral-updated').set(auth()).send({ callbackUrl: hook.url });
    assert.equal(res.status, 201, res.text);
    assertMatchesContract(res, 'OnReferralUpdated');
    assert.equal(res.headers['location'], `${t.url}/v1/triggers/${res.body.id}`);
    assert.match(res.body.signingSecret as string, /^whsec_/);
    secret = res.body.signingSecret as string;
  });

  it('delivers a referral update made in the emulator to the subscriber, signed', async () => {
    const r = incomingCoSell({ name: 'End to end' });
    t.sandbox.partnerCenter.store.put(r);
    const accepted = await request(t.url).post(`/v1/referrals/${String(r['id'])}/accept`).set(auth()).send();
    assert.equal(accepted.status, 200, accepted.text);
    const got = await eventually('a delivery for the accepted referral', () => hook.received.find((d) => (JSON.parse(d.body) as { referral: { id: string; status: string } }).referral.status === 'Active'));
    verifyStandardWebhook(secret, got.headers, got.body);
    const payload = JSON.parse(got.body) as { eventType: string; referral: { id: string } };
    assert.equal(payload.eventType, 'referral-updated');
    assert.equal(payload.referral.id, r['id']);
  });

  it('shows the pipeline counts', async () => {
    const res = await request(t.url).get('/v1/status').set(auth());
    assert.equal(res.status, 200, res.text);
    assertMatchesContract(res, 'GetPipelineStatus');
    assert.ok(res.body.inbox.done >= 1);
    assert.ok(res.body.outbox.delivered >= 1);
  });

  it('lists and deletes trigger subscriptions', async () => {
    const list = await request(t.url).get('/v1/triggers').set(auth());
    assertMatchesContract(list, 'ListTriggerSubscriptions');
    const id = (list.body.value as Array<{ id: string; signingSecret?: string }>)[0]!;
    assert.equal(id.signingSecret, undefined);
    const del = await request(t.url).delete(`/v1/triggers/${id.id}`).set(auth());
    assert.equal(del.status, 204);
    assertProblem(await request(t.url).delete(`/v1/triggers/${id.id}`).set(auth()), 'not_found', 404);
  });

  it('refuses a non-https callback outside loopback', async () => {
    const res = await request(t.url).post('/v1/triggers/referral-created').set(auth()).send({ callbackUrl: 'http://example.com/hook' });
    assertProblem(res, 'validation_failed', 400);
  });

  it('refuses to take over a registration that points elsewhere, unless told to overwrite', async () => {
    const other = await request(t.url).post('/v1/webhooks/registration').set(auth()).send({ webhookUrl: 'https://elsewhere.example/hook', overwriteExisting: false });
    assertProblem(other, 'webhook_registered_elsewhere', 409);
    const forced = await request(t.url).post('/v1/webhooks/registration').set(auth()).send({ webhookUrl: 'https://elsewhere.example/hook', overwriteExisting: true });
    assert.equal(forced.status, 200, forced.text);
    assert.equal(forced.body.receivesHere, false);
    const back = await request(t.url).post('/v1/webhooks/registration').set(auth()).send({ overwriteExisting: true });
    assert.equal(back.body.receivesHere, true);
  });

  it('lists the events Partner Center can send and sends a test event', async () => {
    const events = await request(t.url).get('/v1/webhooks/events').set(auth());
    assertMatchesContract(events, 'ListWebhookEvents');
    assert.ok((events.body.value as string[]).includes('referral-updated'));
    const sent = await request(t.url).post('/v1/webhooks/test-events').set(auth()).send();
    assert.equal(sent.status, 200, sent.text);
    const id = sent.body.correlationId as string;
    const res = await request(t.url).get(`/v1/webhooks/test-events/${id}`).set(auth());
    assert.equal(res.status, 200, res.text);
    assertMatchesContract(res, 'GetTestWebhookEventResults');
  });

  it('answers 404 for an unknown event and an empty dead-letter list', async () => {
    assertProblem(await request(t.url).get('/v1/events/nope').set(auth()), 'not_found', 404);
    const dead = await request(t.url).get('/v1/events/dead-letters').set(auth());
    assertMatchesContract(dead, 'ListDeadLetters');
    assert.deepEqual(dead.body.value, []);
  });
});
