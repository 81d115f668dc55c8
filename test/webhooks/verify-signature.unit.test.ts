import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { parsePartnerCenterEvent } from '../../api/webhooks/partner-center-event.js';
import { readSignatureHeaders, SignatureError, verifySignature, type SignatureErrorReason } from '../../api/webhooks/verify-signature.js';
import { parseHttpSample, sampleText } from './support/samples.js';
import { referralUpdatedBody, signatureOf, signedHeaders } from './support/signing.js';
import { testPki } from './support/test-pki.js';

const CERT_URL = 'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer';

function rejects(reason: SignatureErrorReason, run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof SignatureError && error.reason === reason);
}

describe('webhooks: verify-signature', () => {
  const pki = testPki();
  const certificate = new X509Certificate(pki.signing.certificateDer);
  const body = referralUpdatedBody();
  const headers = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
    ...signedHeaders({ body, privateKeyPem: pki.signing.privateKeyPem, certificateUrl: CERT_URL }),
    ...overrides,
  });
  const check = (raw: string | Buffer, given: Record<string, string | undefined>): void => {
    verifySignature(Buffer.from(raw), readSignatureHeaders(given), certificate);
  };

  describe('accepted', () => {
    it('verifies a signature in Authorization: Signature over the raw bytes', () => {
      const signed = readSignatureHeaders(headers());
      assert.equal(signed.signatureHeader, 'authorization');
      assert.equal(signed.certificateUrl, CERT_URL);
      assert.equal(signed.algorithm, 'rsa-sha256');
      verifySignature(Buffer.from(body), signed, certificate);
    });

    it('verifies a signature in x-ms-signature ("Signature <b64>", as Microsoft sends it)', () => {
      const given = signedHeaders({ body, privateKeyPem: pki.signing.privateKeyPem, certificateUrl: CERT_URL, placement: 'x-ms-signature' });
      assert.equal(given.authorization, undefined);
      assert.equal(readSignatureHeaders(given).signatureHeader, 'x-ms-signature');
      check(body, given);
    });

    it('accepts a bare base64 token in x-ms-signature', () => {
      check(body, headers({ authorization: undefined, 'x-ms-signature': signatureOf(body, pki.signing.privateKeyPem) }));
    });

    it('prefers x-ms-signature when Authorization carries something else (e.g. a proxy credential)', () => {
      check(body, headers({ authorization: 'Bearer proxy-token', 'x-ms-signature': `Signature ${signatureOf(body, pki.signing.privateKeyPem)}` }));
    });

    it('reads header names in any case and the algorithm case-insensitively', () => {
      const given = headers();
      check(body, {
        Authorization: given.authorization,
        'X-MS-Certificate-Url': given['x-ms-certificate-url'],
        'X-MS-Signature-Algorithm': 'RSA-SHA256',
      });
    });
  });

  describe('refused', () => {
    it('bad_signature: a tampered body (one character changed)', () => {
      rejects('bad_signature', () => check(body.replace('referral-updated', 'referral-created'), headers()));
    });

    it('bad_signature: the same JSON re-serialized (whitespace differs from what was signed)', () => {
      rejects('bad_signature', () => check(JSON.stringify(JSON.parse(body), null, 4), headers()));
    });

    it('bad_signature: signed with another key than the certificate holds', () => {
      rejects('bad_signature', () => check(body, headers({ authorization: `Signature ${signatureOf(body, pki.otherKeyPem)}` })));
    });

    it('bad_signature: a truncated signature', () => {
      const short = signatureOf(body, pki.signing.privateKeyPem).slice(0, 100);
      rejects('bad_signature', () => check(body, headers({ authorization: `Signature ${short}` })));
    });

    it('missing_headers: no signature at all', () => {
      rejects('missing_headers', () => readSignatureHeaders(headers({ authorization: undefined })));
    });

    it('missing_headers: Authorization with another scheme and no x-ms-signature', () => {
      rejects('missing_headers', () => readSignatureHeaders(headers({ authorization: 'Bearer abc' })));
    });

    it('missing_headers: no x-ms-certificate-url', () => {
      rejects('missing_headers', () => readSignatureHeaders(headers({ 'x-ms-certificate-url': undefined })));
    });

    it('missing_headers: no x-ms-signature-algorithm', () => {
      rejects('missing_headers', () => readSignatureHeaders(headers({ 'x-ms-signature-algorithm': undefined })));
    });

    it('missing_headers: blank values count as missing, and the message names every one', () => {
      assert.throws(
        () => readSignatureHeaders({ authorization: ' ', 'x-ms-certificate-url': '', 'x-ms-signature-algorithm': '  ' }),
        (error: unknown) => error instanceof SignatureError && error.reason === 'missing_headers'
          && /Authorization/.test(error.message) && /x-ms-certificate-url/.test(error.message) && /x-ms-signature-algorithm/.test(error.message),
      );
    });

    it('missing_headers: a repeated header is ambiguous and treated as absent', () => {
      rejects('missing_headers', () => readSignatureHeaders({ ...headers(), 'x-ms-certificate-url': undefined, 'X-MS-Certificate-Url': [CERT_URL, CERT_URL] }));
    });

    for (const algorithm of ['rsa-sha1', 'hmac-sha256', 'RSA-SHA512', 'rsa']) {
      it(`unsupported_algorithm: ${algorithm}`, () => {
        rejects('unsupported_algorithm', () => readSignatureHeaders(headers({ 'x-ms-signature-algorithm': algorithm })));
      });
    }

    it('malformed_signature: characters outside base64', () => {
      rejects('malformed_signature', () => readSignatureHeaders(headers({ authorization: 'Signature not*base64!!' })));
    });

    it('malformed_signature: base64 of an impossible length', () => {
      rejects('malformed_signature', () => readSignatureHeaders(headers({ authorization: 'Signature abcde' })));
    });

    it('malformed_signature: x-ms-signature with extra tokens', () => {
      rejects('malformed_signature', () => readSignatureHeaders(headers({ authorization: undefined, 'x-ms-signature': 'Signature abcd efgh' })));
    });

    it('certificate_invalid: a certificate without an RSA key', () => {
      const ec = new X509Certificate(pki.ecKey.certificateDer);
      rejects('certificate_invalid', () => verifySignature(Buffer.from(body), readSignatureHeaders(headers()), ec));
    });
  });

  describe('the documented signed POST (samples/webhook-signed-post-example.http)', () => {
    const message = parseHttpSample(sampleText('webhook-signed-post-example.http'));

    it('has headers that parse: a 256-byte RSA-2048 signature, the documented certificate URL, rsa-sha256', () => {
      const signed = readSignatureHeaders(message.headers);
      assert.equal(signed.signatureHeader, 'authorization');
      assert.equal(signed.signature.length, 256);
      assert.equal(signed.certificateUrl, 'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer');
      assert.equal(signed.algorithm, 'rsa-sha256');
    });

    it('has a body that parses as a test-created event (its signature needs Microsoft\'s certificate, so it is not verified here)', () => {
      const event = parsePartnerCenterEvent(message.body);
      assert.equal(event.eventName, 'test-created');
      assert.equal(event.resourceId, 'test');
      assert.equal(event.resourceChangeUtcDate, '2017-11-16T16:19:06.3520276+00:00');
      assert.equal(event.known, true);
    });

    it('does not verify against a certificate that is not Microsoft\'s', () => {
      rejects('bad_signature', () => verifySignature(Buffer.from(message.body), readSignatureHeaders(message.headers), certificate));
    });
  });
});
