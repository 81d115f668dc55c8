/**
 * Opaque `$skiptoken` for `@odata.nextLink`. It carries the original query and a keyset cursor
 * (the last row's sort key and id), not an offset, so referrals created or expired while a client
 * pages are neither repeated nor skipped. It is signed with a per-emulator key: a tampered or
 * made-up token is a 400, never a silently wrong page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidRequest } from './errors.js';
import { isPlainObject } from './json-values.js';

export interface SkipTokenState {
  /** The query options of the first request, as sent. */
  filter?: string;
  orderby?: string;
  select?: string;
  count: boolean;
  pageSize: number;
  /** Keyset cursor: the last returned row. */
  afterKey: string;
  afterId: string;
}

const VERSION = 1;
const SIGNATURE_BYTES = 16;

export class SkipTokenCodec {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  encode(state: SkipTokenState): string {
    const payload = Buffer.from(JSON.stringify({ v: VERSION, ...state }), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  decode(token: string): SkipTokenState {
    const invalid = invalidRequest('The $skiptoken is not valid; follow @odata.nextLink exactly as returned.', '$skiptoken');
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) throw invalid;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid;
    }
    if (!isPlainObject(parsed) || parsed.v !== VERSION || typeof parsed.afterKey !== 'string' || typeof parsed.afterId !== 'string'
      || typeof parsed.count !== 'boolean' || typeof parsed.pageSize !== 'number') throw invalid;
    const state: SkipTokenState = { count: parsed.count, pageSize: parsed.pageSize, afterKey: parsed.afterKey, afterId: parsed.afterId };
    for (const key of ['filter', 'orderby', 'select'] as const) {
      const value = parsed[key];
      if (typeof value === 'string') state[key] = value;
    }
    return state;
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  }
}
