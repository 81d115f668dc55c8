import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../logging/logger.js';
import { PartnerCenterError, PartnerCenterNetworkError, errorFromResponse } from './errors.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';
import type { JsonPatchOperation, PcReferral, PcReferralList } from './wire.js';

export interface AccessTokenSource {
  getToken(): Promise<string>;
}

export interface PartnerCenterClientOptions {
  /** Host of the Referrals API (https://api.partner.microsoft.com), or the sandbox mount. */
  baseUrl: string;
  tokens: AccessTokenSource;
  retry: RetryPolicy;
  timeoutMs: number;
  logger: Logger;
  /** Injected so tests can count waits instead of sleeping through them. */
  sleep?: (ms: number) => Promise<void>;
}

interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  idempotent: boolean;
}

export interface PartnerCenterResponse<T> {
  status: number;
  header(name: string): string | undefined;
  body: T;
}

function headerReader(headers: Dispatcher.ResponseData['headers']): (name: string) => string | undefined {
  return (name) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  };
}

const REFERRALS_PATH = '/v1.0/engagements/referrals';

/** The Referrals REST API as documented: client-request-id on every call, JSON Patch, nextLink paging, retries. */
export class PartnerCenterClient {
  private readonly referralsUrl: string;
  private readonly sleep: (ms: number) => Promise<void>;
  // undici's request API: keep-alive connections and no web-stream overhead on 200 KB list pages.
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  constructor(private readonly options: PartnerCenterClientOptions) {
    this.referralsUrl = options.baseUrl.replace(/\/+$/, '') + REFERRALS_PATH;
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  async listReferrals(query: Record<string, string>): Promise<PcReferralList> {
    return (await this.send<PcReferralList>('GET', this.referralsUrl, { query, idempotent: true })).body;
  }

  /**
   * Follows an @odata.nextLink. Only its query string is used, applied to the configured Referrals URL:
   * the token is never sent to another host, and the documented nextLink's missing /engagements/ and
   * http scheme do no harm.
   */
  async listNext(nextLink: string): Promise<PcReferralList> {
    const search = nextLink.includes('?') ? nextLink.slice(nextLink.indexOf('?')) : '';
    return (await this.send<PcReferralList>('GET', this.referralsUrl + search, { idempotent: true })).body;
  }

  async getReferral(id: string): Promise<PcReferral> {
    return (await this.send<PcReferral>('GET', `${this.referralsUrl}/${encodeURIComponent(id)}`, { idempotent: true })).body;
  }

  /** Not idempotent: retried only when Partner Center said it did not process it (429, 503). */
  async createReferral(referral: PcReferral): Promise<PcReferral> {
    return (await this.send<PcReferral>('POST', this.referralsUrl, { body: referral, idempotent: false })).body;
  }

  /** `ifMatch` is sent byte for byte, quotes included, as the eTag was served. */
  async patchReferral(id: string, operations: JsonPatchOperation[], ifMatch?: string): Promise<PcReferral> {
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
    return (await this.send<PcReferral>('PATCH', `${this.referralsUrl}/${encodeURIComponent(id)}`, { body: operations, headers, idempotent: true })).body;
  }

  async send<T>(method: Dispatcher.HttpMethod, url: string, req: RequestOptions): Promise<PartnerCenterResponse<T>> {
    const target = new URL(url);
    for (const [k, v] of Object.entries(req.query ?? {})) target.searchParams.set(k, v);
    const { logger, retry, timeoutMs } = this.options;
    for (let attempt = 1; ; attempt++) {
      const clientRequestId = randomUUID();
      let error: PartnerCenterError;
      let status: number | undefined;
      try {
        const response = await request(target, {
          dispatcher: this.dispatcher,
          method,
          headers: {
            authorization: `Bearer ${await this.options.tokens.getToken()}`,
            accept: 'application/json',
            'client-request-id': clientRequestId,
            ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...req.headers,
          },
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.statusCode;
        const text = await response.body.text();
        const header = headerReader(response.headers);
        if (status >= 200 && status < 300) {
          return { status, header, body: (text === '' ? undefined : JSON.parse(text)) as T };
        }
        error = errorFromResponse(status, header, text);
      } catch (cause) {
        if (cause instanceof SyntaxError) {
          throw new PartnerCenterError({ status: 502, code: 'invalidResponse', message: `${method} ${target.pathname} answered ${status ?? '?'} with a body that is not JSON` });
        }
        // No answer, or the answer broke off: either way nothing usable arrived.
        status = undefined;
        error = new PartnerCenterNetworkError(`${method} ${target.pathname} got no complete answer: ${(cause as Error).name}`, cause);
      }
      const delay = retryDelayMs(attempt, {
        ...(status !== undefined ? { status } : { networkError: true }),
        ...(error!.retryAfterSeconds !== undefined ? { retryAfterSeconds: error!.retryAfterSeconds } : {}),
        idempotent: req.idempotent,
      }, retry);
      logger.warn({ method, path: target.pathname, status: error!.status, code: error!.code, attempt, clientRequestId, retryInMs: delay }, 'Partner Center call failed');
      if (delay === undefined) throw error!;
      await this.sleep(delay);
    }
  }
}
