import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../logging/logger.js';
import { PartnerCenterError, PartnerCenterNetworkError, errorFromResponse } from './errors.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface AccessTokenSource {
  getToken(): Promise<string>;
}

export interface PartnerCenterHttpOptions {
  tokens: AccessTokenSource;
  retry: RetryPolicy;
  timeoutMs: number;
  logger: Logger;
  /** Injected so tests can count waits instead of sleeping through them. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
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

/**
 * One Partner Center API as documented: a bearer token and a fresh client-request-id on every call,
 * JSON bodies, typed errors, and retries (Retry-After first, then capped exponential backoff with jitter).
 */
export class PartnerCenterHttp {
  private readonly sleep: (ms: number) => Promise<void>;
  // undici's request API: keep-alive connections and no web-stream overhead on 200 KB list pages.
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  constructor(private readonly options: PartnerCenterHttpOptions) {
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
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
