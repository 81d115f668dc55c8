import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProblemError } from './problem.js';

/**
 * Continuation tokens wrap the upstream cursor in an HMAC, so a client can neither forge one that
 * points elsewhere nor tamper with one it was given. Tokens carry a version for future formats.
 */
export class ContinuationTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('continuation token key must be at least 32 bytes');
  }

  seal(cursor: string): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, c: cursor }), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  open(token: string): string {
    const [payload, mac, extra] = token.split('.');
    const invalid = () => new ProblemError('invalid_continuation_token', 'The continuation token is not one this API issued, or it was altered; start again from the first page.', {
      errors: [{ field: 'query/continuationToken', message: 'is not a valid continuation token' }],
    });
    if (payload === undefined || mac === undefined || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.mac(payload), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v?: unknown; c?: unknown };
      if (parsed.v !== 1 || typeof parsed.c !== 'string') throw invalid();
      return parsed.c;
    } catch {
      throw invalid();
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
