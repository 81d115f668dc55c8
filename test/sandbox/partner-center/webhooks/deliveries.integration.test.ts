import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { partnerCenterSignatureVerifier } from '../../../../api/webhooks/signature-verifier.js';
import { retryDelayMs } from '../../../../sandbox/partner-center/webhooks/index.js';
import { startReceiver } from '../../../webhooks/support/receiver-app.js';
import { incomingReferral, REFERRALS, type Json } from '../emulator-server.js';
import { startWebhookHarness, TENANT, type WebhookHarness } from './webhook-harness.js';

const REFERRAL_EVENTS = ['referral-created', 'referral-updated', 'related-referral-created', 'related-referral-updated'];

describe('partner center emulator: signed webhook deliveries, end to end', () => {
  let h: WebhookHarness;
  let referral: Json;
  before(async () => { h = await startWebhookHarness(); });
  after(() => h.close());
  beforeEach(async () => {
    const { webhooks, store } = h.pc.emulator;
    webhooks.registrations.clear();
    await webhooks.deliveries.idle();
    webhooks.deliveries.clearLog();
    store.clear();
    h.receiver.accepted.length = 0;
    h.receiver.acceptWith(undefined);
    h.sleeps.length = 0;
    referral = incomingReferral();
    store.put(referral);
  });

  const patchNotes = (id: string, notes: string) =>
    h.pc.call('patch', `${REFERRALS}/${id}`).send([{ op: 'replace', path: '/details/notes', value: notes }]).expect(204);
  const settled = () => h.pc.emulator.webhooks.deliveries.idle();
  const log = () => h.pc.emulator.webhooks.deliveries.log();

  it('a referral update through the API reaches the receiver signed, verified, and accepted with the right tenant, event and referral id', async () => {
    await h.register(REFERRAL_EVENTS);
    await patchNotes(String(referral.id), 'call the customer');
    await settled();
    assert.equal(h.receiver.accepted.length, 1);
    const [delivery] = h.receiver.accepted;
    assert.deepEqual([delivery?.tenantId, delivery?.eventName, delivery?.resourceId], [TENANT, 'referral-updated', referral.id]);
    assert.equal(log()[0]?.state, 'delivered');
  });

  it('a referral created through the API raises referral-created', async () => {
    await h.register(REFERRAL_EVENTS);
    const created = await h.pc.call('post', REFERRALS).send({
      type: 'Independent', customerProfile: { name: 'Fabrikam', address: { country: 'DE' } }, consent: { consentToContact: true }, details: { dealValue: 1 },
    }).expect(201);
    await settled();
    assert.deepEqual(h.receiver.accepted.map((d) => [d.eventName, d.resourceId]), [['referral-created', (created.body as Json).id]]);
  });

  it('sends the body and headers Partner Center sends: compact PascalCase JSON, documented ResourceUri, 7-digit +00:00 date, Signature scheme', async () => {
    await h.register(['referral-updated']);
    await patchNotes(String(referral.id), 'x');
    await settled();
    const [record] = log();
    const stored = h.pc.emulator.store.get(String(referral.id));
    const expectedBody = JSON.stringify({
      EventName: 'referral-updated',
      ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${String(referral.id)}`,
      ResourceName: 'referral',
      AuditUri: null,
      ResourceChangeUtcDate: String(stored?.updatedDateTime).replace(/Z$/, '+00:00'),
    });
    assert.equal(record?.body, expectedBody);
    assert.match(expectedBody, /"ResourceChangeUtcDate":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00"/);
    assert.equal(h.receiver.accepted[0]?.rawBody, expectedBody);
    assert.equal(h.receiver.accepted[0]?.dedupeKey, createHash('sha256').update(expectedBody).digest('hex'));
    assert.deepEqual(Object.keys(record?.headers ?? {}).sort(), ['Authorization', 'Content-Type', 'X-MS-Certificate-Url', 'X-MS-Signature-Algorithm']);
    assert.match(String(record?.headers.Authorization), /^Signature [A-Za-z0-9+/]+={0,2}$/);
    assert.equal(record?.headers['X-MS-Certificate-Url'], h.certificates.certificateUrl);
    assert.equal(record?.headers['X-MS-Signature-Algorithm'], 'rsa-sha256');
  });

  it('puts the signature in x-ms-signature when the registration asks, and the receiver still verifies it', async () => {
    await h.register(['referral-updated'], { SignatureTokenToMsSignatureHeader: true });
    await patchNotes(String(referral.id), 'x');
    await settled();
    const headers = log()[0]?.headers ?? {};
    assert.equal(headers.Authorization, undefined);
    assert.match(String(headers['x-ms-signature']), /^Signature /);
    assert.equal(h.receiver.accepted.length, 1);
  });

  it('raises related-referral-updated too when another referral shares the engagementId', async () => {
    const companion = incomingReferral({ engagementId: referral.engagementId });
    h.pc.emulator.store.put(companion);
    await h.register(REFERRAL_EVENTS);
    await patchNotes(String(referral.id), 'x');
    await settled();
    assert.deepEqual(h.receiver.accepted.map((d) => [d.eventName, d.resourceId]).sort(), [
      ['referral-updated', referral.id],
      ['related-referral-updated', referral.id],
    ]);
  });

  it('raises related-referral-created for a referral created into an existing engagement', async () => {
    await h.register(REFERRAL_EVENTS);
    const companion = incomingReferral({ engagementId: referral.engagementId });
    h.pc.emulator.store.put(companion);
    await settled();
    assert.deepEqual(h.receiver.accepted.map((d) => d.eventName).sort(), ['referral-created', 'related-referral-created']);
  });

  it('raises no related event for a referral alone in its engagement', async () => {
    h.pc.emulator.store.put(incomingReferral());
    await h.register(REFERRAL_EVENTS);
    await patchNotes(String(referral.id), 'x');
    await settled();
    assert.deepEqual(h.receiver.accepted.map((d) => d.eventName), ['referral-updated']);
  });

  it('sends only the events registered for', async () => {
    await h.register(['referral-created', 'test-created']);
    await patchNotes(String(referral.id), 'x');
    await settled();
    assert.equal(log().length, 0);
  });

  it('sends nothing without a registration', async () => {
    await patchNotes(String(referral.id), 'x');
    await settled();
    assert.equal(log().length, 0);
  });

  it('never blocks the referral write: the write answers while the delivery is still in flight', async () => {
    await h.register(['referral-updated']);
    let release!: () => void;
    let entered!: () => void;
    const stored = new Promise<void>((resolve) => { release = resolve; });
    const receiving = new Promise<void>((resolve) => { entered = resolve; });
    h.receiver.acceptWith(async () => { entered(); await stored; return { duplicate: false }; });
    await patchNotes(String(referral.id), 'x');
    await receiving;
    assert.equal(log()[0]?.state, 'pending');
    release();
    await settled();
    assert.equal(log()[0]?.state, 'delivered');
  });

  it('retries when the receiver answers 500, then delivers the same bytes on 200', async () => {
    await h.register(['referral-updated']);
    const seen: string[] = [];
    h.receiver.acceptWith((delivery) => {
      seen.push(delivery.dedupeKey);
      return seen.length === 1 ? Promise.reject(new Error('storage unavailable')) : Promise.resolve({ duplicate: false });
    });
    await patchNotes(String(referral.id), 'x');
    await settled();
    const [record] = log();
    assert.deepEqual(record?.attempts.map((a) => a.statusCode), [500, 200]);
    assert.equal(record?.state, 'delivered');
    assert.deepEqual(h.sleeps, [1000]);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
  });

  it('makes 10 attempts at most, waiting 1 s doubling between them, then gives up', async () => {
    await h.register(['referral-updated']);
    h.receiver.acceptWith(() => Promise.reject(new Error('down')));
    await patchNotes(String(referral.id), 'x');
    await settled();
    const [record] = log();
    assert.equal(record?.attempts.length, 10);
    assert.ok(record?.attempts.every((a) => a.statusCode === 500 && !a.delivered));
    assert.equal(record?.state, 'failed');
    const schedule = [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000];
    assert.deepEqual(record?.retryDelaysMs, schedule);
    assert.deepEqual(h.sleeps, schedule);
  });

  it('is refused (401, retried, then failed) by a receiver in production mode, which allows only Microsoft\'s certificate host', async () => {
    const production = await startReceiver({ verifier: partnerCenterSignatureVerifier() });
    try {
      await h.webhookApi('post').send({ WebhookUrl: production.urlFor(TENANT), WebhookEvents: ['referral-updated'] }).expect(200);
      await patchNotes(String(referral.id), 'x');
      await settled();
      const [record] = log();
      assert.equal(record?.state, 'failed');
      assert.ok(record?.attempts.every((a) => a.statusCode === 401));
      assert.equal(production.accepted.length, 0);
      assert.ok(production.logs.some((l) => l.reason === 'certificate_host_not_allowed'));
    } finally {
      await production.close();
    }
  });
});

describe('partner center emulator: webhook deliveries without a signing certificate', () => {
  let h: WebhookHarness;
  before(async () => { h = await startWebhookHarness({ signing: false }); });
  after(() => h.close());

  it('logs the delivery as failed and never sends it unsigned', async () => {
    const referral = incomingReferral();
    h.pc.emulator.store.put(referral);
    await h.register(['referral-updated']);
    await h.pc.call('patch', `${REFERRALS}/${String(referral.id)}`).send([{ op: 'replace', path: '/details/notes', value: 'x' }]).expect(204);
    await h.pc.emulator.webhooks.deliveries.idle();
    const [record] = h.pc.emulator.webhooks.deliveries.log();
    assert.equal(record?.state, 'failed');
    assert.equal(record?.attempts.length, 1);
    assert.match(String(record?.attempts[0]?.error), /no webhook signing certificate/);
    assert.equal(h.receiver.accepted.length, 0);
  });
});

describe('partner center emulator: webhook retry schedule', () => {
  it('doubles from 1 s and stays under the 5-minute cap for the documented 10 attempts', () => {
    assert.deepEqual(Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1)), [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000]);
    assert.equal(retryDelayMs(20), 300_000);
  });
});
