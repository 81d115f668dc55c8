import assert from 'node:assert/strict';
import request from 'supertest';
import { sample, startEmulator, type Json, type RunningEmulator, MOUNT } from '../emulator-server.js';
import { WEBHOOK_API } from './webhook-harness.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CALLBACK = 'https://receiver.example/webhooks/partner-center/contoso';

describe('partner center emulator: webhook registration API', () => {
  let pc: RunningEmulator;
  const verified: string[] = [];
  before(async () => {
    pc = await startEmulator({
      verifyAccessToken: () => Promise.reject(new Error('the Referrals API verifier must not be used for webhooks')),
      verifyWebhookAccessToken: (token) => {
        verified.push(token);
        if (token === 'user-token') return Promise.resolve({ scp: 'user_impersonation' });
        if (token === 'app-token') return Promise.resolve({ roles: [] });
        return Promise.reject(new Error('wrong audience'));
      },
    });
  });
  after(() => pc.close());
  beforeEach(() => { pc.emulator.webhooks.registrations.clear(); });

  const api = (method: 'get' | 'post' | 'put' | 'delete', path = '', token = 'user-token'): request.Test =>
    request(pc.origin)[method](`${MOUNT}${WEBHOOK_API}${path}`).set('Authorization', `Bearer ${token}`);
  /** A documented body with its placeholder URL made real. */
  const documented = (name: string): Json => ({ ...sample(name), WebhookUrl: CALLBACK });

  describe('GET /events', () => {
    it('starts with the documented list, in order, and adds the referral events', async () => {
      const res = await api('get', '/events').expect(200);
      const list = res.body as string[];
      assert.deepEqual(list.slice(0, 3), sample<string[]>('webhook-events-list-response.json'));
      for (const name of ['referral-created', 'referral-updated', 'related-referral-created', 'related-referral-updated']) assert.ok(list.includes(name), name);
    });
  });

  describe('POST', () => {
    it('registers the documented request and answers 200 with the documented response shape', async () => {
      const res = await api('post').send(documented('webhook-registration-post-request.json')).expect(200);
      const expected = sample('webhook-registration-post-response.json');
      assert.deepEqual(Object.keys(res.body as Json), Object.keys(expected));
      assert.match(String(res.body.SubscriberId), UUID);
      assert.equal(res.body.WebhookUrl, CALLBACK);
      assert.deepEqual(res.body.WebhookEvents, expected.WebhookEvents);
    });

    it('answers a second POST with 409 and the documented message', async () => {
      await api('post').send(documented('webhook-registration-post-request.json')).expect(200);
      const res = await api('post').send(documented('webhook-registration-post-request.json')).expect(409);
      assert.equal((res.body as ErrorBody).error.message, 'Registration already exists, use the PUT method to update a registration.');
    });

    it('reads camelCase keys (the swagger)', async () => {
      await api('post').send({ webhookUrl: CALLBACK, webhookEvents: ['referral-created'], signatureTokenToMsSignatureHeader: true }).expect(200);
      const stored = pc.emulator.webhooks.registrations.get();
      assert.deepEqual([stored?.webhookUrl, stored?.webhookEvents, stored?.signatureTokenToMsSignatureHeader], [CALLBACK, ['referral-created'], true]);
    });

    it('reads Microsoft\'s referral-connector sample (mixed casing) and reports the header choice', async () => {
      const res = await api('post').send({ ...sample<Json>('webhook-registration-request-referral-connector-sample.json'), WebhookUrl: CALLBACK }).expect(200);
      assert.deepEqual(res.body.WebhookEvents, ['referral-created', 'referral-updated']);
      assert.equal(res.body.SignatureTokenToMsSignatureHeader, true);
      assert.equal(pc.emulator.webhooks.registrations.get()?.signatureTokenToMsSignatureHeader, true);
    });

    it('spells event names as documented whatever case was sent, once each', async () => {
      const res = await api('post').send({ WebhookUrl: CALLBACK, WebhookEvents: ['USAGERECORDS-THRESHOLDEXCEEDED', 'test-created', 'Test-Created'] }).expect(200);
      assert.deepEqual(res.body.WebhookEvents, ['usagerecords-thresholdExceeded', 'test-created']);
    });

    const invalid: Array<[string, Json, string]> = [
      ['an unsupported event', { WebhookUrl: CALLBACK, WebhookEvents: ['referral-deleted'] }, 'WebhookEvents'],
      ['no events', { WebhookUrl: CALLBACK, WebhookEvents: [] }, 'WebhookEvents'],
      ['events not an array', { WebhookUrl: CALLBACK, WebhookEvents: 'referral-created' }, 'WebhookEvents'],
      ['no URL', { WebhookEvents: ['test-created'] }, 'WebhookUrl'],
      ['a relative URL', { WebhookUrl: '/callback', WebhookEvents: ['test-created'] }, 'WebhookUrl'],
      ['a non-http URL', { WebhookUrl: 'ftp://x.example/cb', WebhookEvents: ['test-created'] }, 'WebhookUrl'],
      ['a non-boolean header flag', { WebhookUrl: CALLBACK, WebhookEvents: ['test-created'], SignatureTokenToMsSignatureHeader: 'yes' }, 'SignatureTokenToMsSignatureHeader'],
    ];
    for (const [what, body, target] of invalid) {
      it(`answers ${what} with 400 invalidRequest naming ${target}`, async () => {
        const res = await api('post').send(body).expect(400);
        assert.deepEqual([(res.body as ErrorBody).error.code, (res.body as ErrorBody).error.target], ['invalidRequest', target]);
        assert.equal(pc.emulator.webhooks.registrations.get(), undefined);
      });
    }

    it('answers malformed JSON with 400', async () => {
      await api('post').set('Content-Type', 'application/json').send('{"WebhookUrl":').expect(400);
    });
  });

  describe('GET', () => {
    it('answers with the documented GET shape (no SubscriberId)', async () => {
      await api('post').send(documented('webhook-registration-post-request.json')).expect(200);
      const res = await api('get').expect(200);
      const expected = { ...sample('webhook-registration-get-response.json'), WebhookUrl: CALLBACK };
      assert.deepEqual(res.body, expected);
    });

    it('answers 404 when nothing is registered', async () => {
      const res = await api('get').expect(404);
      assert.equal((res.body as ErrorBody).error.code, 'itemNotFound');
    });
  });

  describe('PUT', () => {
    it('updates with the documented request, keeps the SubscriberId, and answers with the documented shape', async () => {
      const created = await api('post').send({ WebhookUrl: CALLBACK, WebhookEvents: ['referral-created'] }).expect(200);
      const res = await api('put').send(documented('webhook-registration-put-request.json')).expect(200);
      const expected = sample('webhook-registration-put-response.json');
      assert.deepEqual(Object.keys(res.body as Json), Object.keys(expected));
      assert.equal(res.body.SubscriberId, created.body.SubscriberId);
      assert.deepEqual(res.body.WebhookEvents, expected.WebhookEvents);
      assert.deepEqual(pc.emulator.webhooks.registrations.get()?.webhookEvents, expected.WebhookEvents);
    });

    it('replaces the header choice (absent means Authorization)', async () => {
      await api('post').send({ WebhookUrl: CALLBACK, WebhookEvents: ['test-created'], SignatureTokenToMsSignatureHeader: true }).expect(200);
      await api('put').send({ WebhookUrl: CALLBACK, WebhookEvents: ['test-created'] }).expect(200);
      assert.equal(pc.emulator.webhooks.registrations.get()?.signatureTokenToMsSignatureHeader, false);
    });

    it('answers 404 when nothing is registered yet', async () => {
      await api('put').send(documented('webhook-registration-put-request.json')).expect(404);
    });
  });

  describe('HTTP surface', () => {
    it('answers DELETE (undocumented) with 405 and Allow', async () => {
      const res = await api('delete').expect(405);
      assert.equal(res.headers.allow, 'GET, POST, PUT');
    });

    it('answers an unknown path below /webhooks with 404', async () => {
      await request(pc.origin).get(`${MOUNT}/webhooks/v1/nothing`).set('Authorization', 'Bearer user-token').expect(404);
    });

    it('echoes MS-CorrelationId and MS-RequestId, or makes them', async () => {
      const given = await api('get', '/events').set('MS-CorrelationId', 'c-1').set('MS-RequestId', 'r-1').expect(200);
      assert.deepEqual([given.headers['ms-correlationid'], given.headers['ms-requestid']], ['c-1', 'r-1']);
      const made = await api('get', '/events').expect(200);
      assert.match(String(made.headers['ms-correlationid']), UUID);
    });

    it('does not require client-request-id (a Referrals API header)', async () => {
      await api('get', '/events').expect(200);
    });

    it('takes injected faults like the Referrals API (path below the mount)', async () => {
      pc.emulator.faults.inject({ status: 503, pathPattern: /^\/webhooks\/v1\/registration$/ });
      await api('get').expect(503);
      await api('get').expect(404);
    });

    it('logs webhook API calls in the request log', async () => {
      await api('get', '/events').expect(200);
      assert.equal(pc.emulator.requestLog.at(-1)?.path, '/webhooks/v1/registration/events');
    });
  });

  describe('authentication (audience https://api.partnercenter.microsoft.com)', () => {
    it('answers a missing bearer with 401 and WWW-Authenticate', async () => {
      const res = await request(pc.origin).get(`${MOUNT}${WEBHOOK_API}/events`).expect(401);
      assert.equal((res.body as ErrorBody).error.code, 'unauthenticated');
      assert.equal(res.headers['www-authenticate'], 'Bearer');
    });

    it('answers a token its verifier rejects with 401', async () => {
      await api('get', '/events', 'referrals-audience-token').expect(401);
    });

    it('accepts an app-only token, unlike the Referrals API', async () => {
      await api('get', '/events', 'app-token').expect(200);
      assert.equal(verified.at(-1), 'app-token');
    });
  });
});
