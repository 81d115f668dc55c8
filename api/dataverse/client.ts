/**
 * One Web API request as documented (crm-apis.md §4): a bearer token, the OData headers on every call,
 * and the retry policy. 429 (service protection, `Retry-After` in seconds) and 503 mean the request was
 * not processed and are always retried; 502, 504 and a lost connection may follow an applied write, so
 * they are retried only for repeatable requests. A 401 gets one new token; a second one is a
 * configuration error. Every other answer goes back to the caller, who knows what a 404 means.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { CrmConfigurationError, CrmUnavailableError } from '../domain/crm.js';
import type { Logger } from '../logging/logger.js';
import { TokenAcquisitionError } from '../partner-center/msal-errors.js';
import { retryDelayMs } from '../partner-center/retry-policy.js';
import { WEB_API_PATH, type DataverseRetryOptions, type DataverseTokenProvider } from './config.js';
import type { UsageCounter } from './usage.js';

export interface DataverseRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL, or a path relative to the Web API root (`opportunities?$select=name`). */
  url: string;
  headers?: Record<string, string>;
  /** JSON-serialised unless already a string (a `$batch` body). */
  body?: unknown;
  /** Sending it twice cannot apply it twice (reads, PATCH, DELETE, a conditional write). */
  repeatable: boolean;
  /** For log lines and errors: `reading opportunity records`. */
  what: string;
  /** Requests carried inside a `$batch` body, for the batch usage counts. */
  batchedRequests?: number;
}

export interface DataverseResponse {
  status: number;
  header(name: string): string | undefined;
  text: string;
}

export interface ClientOptions {
  environmentUrl: string;
  tokens: DataverseTokenProvider;
  retry: DataverseRetryOptions;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  usage: UsageCounter;
  logger?: Logger;
}

const BASE_HEADERS = { accept: 'application/json', 'odata-maxversion': '4.0', 'odata-version': '4.0', 'if-none-match': 'null' };

export class DataverseClient {
  readonly apiRoot: string;
  // keep-alive connections: a backfill sends thousands of requests to one host.
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

  constructor(private readonly options: ClientOptions) {
    this.apiRoot = `${options.environmentUrl}${WEB_API_PATH}/`;
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.apiRoot}${path}`;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  async send(req: DataverseRequest): Promise<DataverseResponse> {
    const target = this.url(req.url);
    const { retry, logger } = this.options;
    let refreshed = false;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt += 1) {
      let response: DataverseResponse;
      try {
        response = await this.once(req, target, forceRefresh);
      } catch (cause) {
        if (cause instanceof CrmConfigurationError || cause instanceof CrmUnavailableError) throw cause;
        const delay = retryDelayMs(attempt, { networkError: true, idempotent: req.repeatable }, retry, this.options.random);
        logger?.warn({ what: req.what, attempt, error: (cause as Error).name, retryInMs: delay }, 'Dataverse call got no answer');
        if (delay === undefined) throw new CrmUnavailableError(`Dataverse could not be reached while ${req.what} (${(cause as Error).name}) after ${attempt} attempt(s).`);
        await this.options.sleep(delay);
        continue;
      }
      forceRefresh = false;
      if (response.status === 401) {
        if (refreshed) throw new CrmConfigurationError(`Dataverse refused the connector's token while ${req.what}, also after a new one was acquired.`);
        // One new token, not counted as an attempt: a token that expired early is not an outage.
        refreshed = true;
        forceRefresh = true;
        attempt -= 1;
        continue;
      }
      if (!isTransient(response.status)) return response;
      const retryAfterSeconds = retryAfterOf(response.header('retry-after'));
      const delay = retryDelayMs(attempt, {
        status: response.status,
        idempotent: req.repeatable,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      }, retry, this.options.random);
      logger?.warn({ what: req.what, status: response.status, attempt, retryInMs: delay }, 'Dataverse asked to wait');
      if (delay === undefined) {
        throw new CrmUnavailableError(
          `Dataverse stayed unavailable while ${req.what} (HTTP ${response.status}) after ${attempt} attempt(s).`,
          retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined,
        );
      }
      await this.options.sleep(delay);
    }
  }

  private async once(req: DataverseRequest, target: string, forceRefresh: boolean): Promise<DataverseResponse> {
    let token: string;
    try {
      token = await this.options.tokens.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    } catch (err) {
      // The provider's own error names the identity failure (AADSTS code), never the secret.
      if (err instanceof TokenAcquisitionError && err.retryable) throw new CrmUnavailableError(`No token for Dataverse while ${req.what}: ${err.message}`);
      throw new CrmConfigurationError(`No token for Dataverse while ${req.what}: ${err instanceof Error ? err.message : 'token acquisition failed'}`);
    }
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    this.options.usage.onRequest(req.method !== 'GET');
    if (req.batchedRequests !== undefined) this.options.usage.onBatch(req.batchedRequests);
    const response = await request(target, {
      dispatcher: this.dispatcher,
      method: req.method,
      headers: {
        ...BASE_HEADERS,
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...lowerCased(req.headers ?? {}),
      },
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.body.text();
    return { status: response.statusCode, header: headerReader(response.headers), text };
  }
}

/** 429 service protection, 503 unavailable; 502/504 gateway failures (repeatable requests only, by the policy). */
function isTransient(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** `Retry-After` in seconds (crm-apis.md §4.5); an HTTP date is honoured too. */
export function retryAfterOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function headerReader(headers: Dispatcher.ResponseData['headers']): (name: string) => string | undefined {
  return (name) => {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  };
}
