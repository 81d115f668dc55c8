import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { manualClock } from '../../api/domain/clock.js';
import { httpsCertificateDownloader } from '../../api/webhooks/certificate-download.js';
import { partnerCenterSignatureVerifier } from '../../api/webhooks/signature-verifier.js';
import { receiverTrust, startCertificateServer, type CertificateServer } from '../../sandbox/partner-center/webhooks/index.js';
import { startReceiver, type ReceiverApp } from './support/receiver-app.js';
import { sampleText } from './support/samples.js';
import { referralUpdatedBody, signatureOf, signedHeaders } from './support/signing.js';
import { testPki } from './support/test-pki.js';

const TENANT = 'contoso-tenant';
const REFERRAL_ID = '0f5c5b7d-3a53-4b8e-9d41-4d2f0e7c1a11';

describe('webhooks: receiver route POST /webhooks/partner-center/:tenantId', () => {
  const pki = testPki();
  const during = new Date((pki.validFrom.getTime() + pki.validTo.getTime()) / 2);
  let certificates: CertificateServer;
  let trust: ReturnType<typeof receiverTrust>;
  let receiver: ReceiverApp;
  const body = referralUpdatedBody(REFERRAL_ID);

  before(async () => {
    certificates = await startCertificateServer({ certificateDer: pki.signing.certificateDer, tls: { keyPem: pki.tls.keyPem, certificatePem: pki.tls.certificatePem } });
    trust = receiverTrust(certificates, pki.tls.caPem);
    receiver = await startReceiver({
      verifier: partnerCenterSignatureVerifier({
        allowedHosts: trust.allowedHosts,
        download: httpsCertificateDownloader({ dispatcher: trust.dispatcher }),
        clock: manualClock(during),
      }),
    });
  });
  after(async () => {
    await receiver.close();
    await trust.dispatcher.close();
    await certificates.close();
  });
  beforeEach(() => {
    receiver.accepted.length = 0;
    receiver.acceptWith(undefined);
  });

  const headersFor = (payload: string, overrides: Record<string, string | undefined> = {}): Record<string, string> => {
    const merged: Record<string, string | undefined> = {
      ...signedHeaders({ body: payload, privateKeyPem: pki.signing.privateKeyPem, certificateUrl: certificates.certificateUrl }),
      ...overrides,
    };
    return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  };
  const post = (payload: string, headers: Record<string, string>, tenant = TENANT): request.Test =>
    request(receiver.origin).post(`/webhooks/partner-center/${tenant}`).set(headers).send(payload);

  async function refused(payload: string, headers: Record<string, string>, reason: string): Promise<void> {
    const res = await post(payload, headers).expect(401);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.code, 'unauthorized');
    assert.ok(res.headers['www-authenticate']);
    assert.equal(receiver.accepted.length, 0);
    const rejection = receiver.logs.filter((l) => l.msg === 'partner center webhook rejected').at(-1);
    assert.equal(rejection?.reason, reason);
    assert.equal(rejection?.tenantId, TENANT);
  }

  it('verifies, hands the delivery to accept, and answers 200 once accept resolves', async () => {
    const res = await post(body, headersFor(body)).expect(200);
    assert.deepEqual(res.body, { received: true, duplicate: false });
    assert.deepEqual(receiver.accepted, [{
      tenantId: TENANT,
      eventName: 'referral-updated',
      resourceId: REFERRAL_ID,
      resourceChangeAt: '2026-01-01T10:00:00.1234567+00:00',
      rawBody: body,
      dedupeKey: createHash('sha256').update(body).digest('hex'),
    }]);
  });

  it('accepts the signature in x-ms-signature', async () => {
    const headers = signedHeaders({ body, privateKeyPem: pki.signing.privateKeyPem, certificateUrl: certificates.certificateUrl, placement: 'x-ms-signature' });
    await post(body, headers).expect(200);
    assert.equal(receiver.accepted.length, 1);
  });

  it('answers a duplicate (a retried delivery: same bytes, same dedupe key) with 200 too', async () => {
    await post(body, headersFor(body)).expect(200);
    const res = await post(body, headersFor(body)).expect(200);
    assert.deepEqual(res.body, { received: true, duplicate: true });
    assert.equal(receiver.accepted[0]?.dedupeKey, receiver.accepted[1]?.dedupeKey);
  });

  it('does not answer before accept has stored the event', async () => {
    let release!: () => void;
    let entered!: () => void;
    const stored = new Promise<void>((resolve) => { release = resolve; });
    const accepting = new Promise<void>((resolve) => { entered = resolve; });
    let answered = false;
    receiver.acceptWith(async () => { entered(); await stored; return { duplicate: false }; });
    const pending = post(body, headersFor(body)).then((res) => { answered = true; return res; });
    await accepting;
    assert.equal(answered, false);
    release();
    assert.equal((await pending).status, 200);
  });

  it('acknowledges and records an event it does not handle (subscription-updated)', async () => {
    const unknown = JSON.stringify(JSON.parse(sampleText('webhook-event-subscription-updated.json')));
    await post(unknown, headersFor(unknown)).expect(200);
    assert.equal(receiver.accepted[0]?.eventName, 'subscription-updated');
    assert.ok(receiver.logs.some((l) => l.eventName === 'subscription-updated' && /unknown event/.test(String(l.msg))));
  });

  it('answers 5xx when accept fails, so Partner Center retries', async () => {
    receiver.acceptWith(() => Promise.reject(new Error('database down')));
    const res = await post(body, headersFor(body)).expect(500);
    assert.equal(res.body.code, 'internal_error');
  });

  describe('401 with the reason logged', () => {
    it('tampered body', () => refused(body.replace('referral-updated', 'referral-created'), headersFor(body), 'bad_signature'));
    it('wrong key', () => refused(body, headersFor(body, { authorization: `Signature ${signatureOf(body, pki.otherKeyPem)}` }), 'bad_signature'));
    it('no signature header', () => refused(body, headersFor(body, { authorization: undefined }), 'missing_headers'));
    it('no certificate URL header', () => refused(body, headersFor(body, { 'x-ms-certificate-url': undefined }), 'missing_headers'));
    it('no algorithm header', () => refused(body, headersFor(body, { 'x-ms-signature-algorithm': undefined }), 'missing_headers'));
    it('unsupported algorithm', () => refused(body, headersFor(body, { 'x-ms-signature-algorithm': 'rsa-sha1' }), 'unsupported_algorithm'));
    it('malformed base64', () => refused(body, headersFor(body, { authorization: 'Signature ***' }), 'malformed_signature'));
    it('http certificate URL', () => refused(body, headersFor(body, { 'x-ms-certificate-url': certificates.certificateUrl.replace('https:', 'http:') }), 'certificate_url_not_https'));
    it('certificate host not allowed', () => refused(body, headersFor(body, {
      'x-ms-certificate-url': 'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer',
    }), 'certificate_host_not_allowed'));
    it('certificate that cannot be fetched', () => refused(body, headersFor(body, {
      'x-ms-certificate-url': certificates.certificateUrl.replace(/[^/]+\.cer$/, 'gone.cer'),
    }), 'certificate_fetch_failed'));

    it('never logs the body or the signature', async () => {
      const headers = headersFor(body, { 'x-ms-signature-algorithm': 'rsa-sha1' });
      const mark = receiver.logText().length;
      await post(body, headers).expect(401);
      const text = receiver.logText().slice(mark);
      assert.match(text, /unsupported_algorithm/);
      assert.ok(!text.includes(REFERRAL_ID));
      assert.ok(!text.includes(signatureOf(body, pki.signing.privateKeyPem).slice(0, 40)));
    });
  });

  describe('other refusals', () => {
    it('400 for a signed body that is not a Partner Center event', async () => {
      const notEvent = JSON.stringify({ hello: 'world' });
      const res = await post(notEvent, headersFor(notEvent)).expect(400);
      assert.equal(res.body.code, 'validation_failed');
      assert.deepEqual(res.body.errors, [{ field: 'body/EventName', message: 'EventName must be a non-empty string.' }]);
      assert.equal(receiver.accepted.length, 0);
    });

    it('400 for signed bytes that are not UTF-8', async () => {
      const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      const headers = signedHeaders({ body: bytes, privateKeyPem: pki.signing.privateKeyPem, certificateUrl: certificates.certificateUrl });
      // Sent with fetch: superagent would re-encode a Buffer body.
      const res = await fetch(receiver.urlFor(TENANT), { method: 'POST', headers, body: bytes });
      assert.equal(res.status, 400);
    });

    it('401 (not 400) for an unsigned body that is not an event: the signature is checked first', async () => {
      await refused('{}', headersFor('{}', { authorization: undefined }), 'missing_headers');
    });

    it('413 for a body over the limit', async () => {
      const big = JSON.stringify({ EventName: 'x'.repeat(70 * 1024) });
      const res = await post(big, headersFor(big)).expect(413);
      assert.equal(res.body.code, 'payload_too_large');
    });

    it('404 for a tenant id that cannot be one', async () => {
      await post(body, headersFor(body), '..%2F..').expect(404);
    });

    it('405 with Allow: POST for other methods', async () => {
      const res = await request(receiver.origin).get(`/webhooks/partner-center/${TENANT}`).expect(405);
      assert.equal(res.headers.allow, 'POST');
    });
  });

  it('fails with 500 rather than verify re-serialized JSON when a body parser ran first', async () => {
    const misconfigured = await startReceiver({
      verifier: { verify: () => Promise.reject(new Error('must not be reached')) },
      before: express.json(),
    });
    try {
      const res = await request(misconfigured.origin).post(`/webhooks/partner-center/${TENANT}`)
        .set(headersFor(body)).send(body).expect(500);
      assert.equal(res.body.code, 'internal_error');
      assert.equal(misconfigured.accepted.length, 0);
    } finally {
      await misconfigured.close();
    }
  });
});
