import assert from 'node:assert/strict';
import { generateWebhookSecret, signStandardWebhook, verifyStandardWebhook, WebhookVerificationError } from '../../api/pipeline/standard-webhooks.js';

// The Standard Webhooks specification's published test vector: matching it means any of its libraries can verify our deliveries.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const headers = (signature = SIGNATURE, timestamp = String(TIMESTAMP)) => ({ 'webhook-id': ID, 'webhook-timestamp': timestamp, 'webhook-signature': signature });

describe('Standard Webhooks signing', () => {
  it('reproduces the specification test vector', () => {
    assert.deepEqual(signStandardWebhook(SECRET, ID, TIMESTAMP, BODY), headers());
  });

  it('verifies the test vector over the raw bytes, string or Buffer', () => {
    verifyStandardWebhook(SECRET, headers(), BODY, { nowSeconds: TIMESTAMP });
    verifyStandardWebhook(SECRET, headers(), Buffer.from(BODY), { nowSeconds: TIMESTAMP + 299 });
  });

  it('accepts any one matching signature among several (key rotation)', () => {
    verifyStandardWebhook(SECRET, headers(`v1,bm90IGl0 v2,whatever ${SIGNATURE}`), BODY, { nowSeconds: TIMESTAMP });
  });

  it('rejects a changed body, a wrong secret and a re-serialized body', () => {
    const reject = (fn: () => void) => assert.throws(fn, WebhookVerificationError);
    reject(() => verifyStandardWebhook(SECRET, headers(), '{"test": 2432232315}', { nowSeconds: TIMESTAMP }));
    reject(() => verifyStandardWebhook(generateWebhookSecret(), headers(), BODY, { nowSeconds: TIMESTAMP }));
    reject(() => verifyStandardWebhook(SECRET, headers(), JSON.stringify(JSON.parse(BODY)), { nowSeconds: TIMESTAMP }));
  });

  it('rejects timestamps outside the tolerance, and missing or malformed headers', () => {
    const reject = (h: Record<string, string>, now = TIMESTAMP) => assert.throws(() => verifyStandardWebhook(SECRET, h, BODY, { nowSeconds: now }), WebhookVerificationError);
    reject(headers(), TIMESTAMP + 301);
    reject(headers(), TIMESTAMP - 301);
    reject({ 'webhook-id': ID, 'webhook-timestamp': String(TIMESTAMP) });
    reject(headers(SIGNATURE, 'yesterday'));
    reject(headers('v1,'));
  });

  it('issues whsec_ secrets of 24 random bytes', () => {
    const secret = generateWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.notEqual(secret, generateWebhookSecret());
  });
});
