/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, as svix does it), for the deliveries we
 * send to trigger subscribers: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`), keyed by the bytes of a `whsec_<base64>` secret.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks' recommended tolerance against replays: five minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export class WebhookVerificationError extends Error {
  constructor(message: string) { super(message); this.name = 'WebhookVerificationError'; }
}

/** A new signing secret: `whsec_` + base64 of 24 random bytes (192 bits, as svix issues them). */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new RangeError('The webhook signing secret is empty or not base64.');
  return key;
}

function signature(key: Buffer, id: string, timestamp: number, body: string | Buffer): Buffer {
  const hmac = createHmac('sha256', key);
  hmac.update(`${id}.${timestamp}.`);
  hmac.update(body);
  return hmac.digest();
}

/** The three headers for one delivery attempt; `timestamp` is the attempt's time in unix seconds. */
export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string | Buffer): WebhookHeaders {
  if (!Number.isInteger(timestamp)) throw new RangeError('The webhook timestamp must be whole unix seconds.');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature(secretKey(secret), id, timestamp, body).toString('base64')}`,
  };
}

export interface VerifyOptions {
  /** Unix seconds; default now. */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

/**
 * Checks a delivery over its raw body bytes (never re-serialized JSON). The signature header may hold
 * several space-separated `v1,<sig>` values (key rotation); one match is enough. Compared in constant time.
 * @throws WebhookVerificationError
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string | Buffer, options: VerifyOptions = {}): void {
  const read = (name: keyof WebhookHeaders): string => {
    const value = headers[name];
    const one = Array.isArray(value) ? value[0] : value;
    if (one === undefined || one === '') throw new WebhookVerificationError(`The ${name} header is missing.`);
    return one;
  };
  const id = read('webhook-id');
  const timestampText = read('webhook-timestamp');
  const signatures = read('webhook-signature');
  if (!/^\d{1,15}$/.test(timestampText)) throw new WebhookVerificationError('The webhook-timestamp header is not unix seconds.');
  const timestamp = Number(timestampText);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (timestamp < now - tolerance) throw new WebhookVerificationError('The webhook timestamp is too old.');
  if (timestamp > now + tolerance) throw new WebhookVerificationError('The webhook timestamp is too far in the future.');
  const expected = signature(secretKey(secret), id, timestamp, body);
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw new WebhookVerificationError('No webhook signature matches.');
}
