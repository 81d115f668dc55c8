import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readSignatureHeaders, verifySignature } from '../../../../api/webhooks/verify-signature.js';
import {
  changeDate, deliverySigner, serializeEvent, type OutgoingEvent,
} from '../../../../sandbox/partner-center/webhooks/index.js';
import { parseHttpSample, sampleText } from '../../../webhooks/support/samples.js';
import { testPki } from '../../../webhooks/support/test-pki.js';

describe('partner center emulator: webhook event bodies and signing', () => {
  const pki = testPki();

  it('serializes the documented delivered event to exactly its documented Content-Length (195 bytes: compact JSON)', () => {
    const message = parseHttpSample(sampleText('webhook-signed-post-example.http'));
    const documented = JSON.parse(message.body) as Record<string, string>;
    const event: OutgoingEvent = {
      eventName: String(documented.EventName),
      resourceUri: String(documented.ResourceUri),
      resourceName: String(documented.ResourceName),
      resourceChangeUtcDate: String(documented.ResourceChangeUtcDate),
    };
    const wire = serializeEvent(event);
    assert.equal(Buffer.byteLength(wire), Number(message.headers['content-length']));
    assert.deepEqual(JSON.parse(wire), documented);
  });

  it('keeps the documented key order', () => {
    const wire = serializeEvent({ eventName: 'referral-created', resourceUri: 'https://x/y', resourceName: 'referral', resourceChangeUtcDate: changeDate('2026-01-01T00:00:00Z') });
    assert.deepEqual(Object.keys(JSON.parse(wire) as object), Object.keys(JSON.parse(sampleText('webhook-event-referral-created.json')) as object));
  });

  it('writes change dates with seven fractional digits and +00:00, from any precision or offset', () => {
    assert.equal(changeDate('2018-02-17T00:05:39.5485487Z'), '2018-02-17T00:05:39.5485487+00:00');
    assert.equal(changeDate('2026-01-01T01:00:00+01:00'), '2026-01-01T00:00:00.0000000+00:00');
    assert.equal(changeDate(new Date('2026-03-04T05:06:07.089Z')), '2026-03-04T05:06:07.0890000+00:00');
    assert.throws(() => changeDate('soon'), RangeError);
  });

  it('signs so that the product\'s verifier accepts, in either header', () => {
    const signer = deliverySigner({ privateKeyPem: pki.signing.privateKeyPem, certificateDer: pki.signing.certificateDer, certificateUrl: () => 'https://127.0.0.1:1/cert/x.cer' });
    const body = Buffer.from(sampleText('webhook-event-referral-updated.json'));
    const certificate = new X509Certificate(pki.signing.certificateDer);
    for (const inMsSignatureHeader of [false, true]) {
      const headers = signer.headers(body, inMsSignatureHeader);
      const lowerCased = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const signed = readSignatureHeaders(lowerCased);
      assert.equal(signed.signatureHeader, inMsSignatureHeader ? 'x-ms-signature' : 'authorization');
      assert.equal(signed.certificateUrl, 'https://127.0.0.1:1/cert/x.cer');
      verifySignature(body, signed, certificate);
    }
  });

  it('refuses a key that does not belong to the certificate, and a non-RSA key', () => {
    assert.throws(() => deliverySigner({ privateKeyPem: pki.otherKeyPem, certificateDer: pki.signing.certificateDer, certificateUrl: 'https://x/c.cer' }), /does not match/);
    assert.throws(() => deliverySigner({ privateKeyPem: pki.ecKey.privateKeyPem, certificateDer: pki.ecKey.certificateDer, certificateUrl: 'https://x/c.cer' }), /RSA/);
  });
});
