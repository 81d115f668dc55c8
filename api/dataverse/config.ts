/** What the Dataverse adapter needs: where the environment is, how it gets tokens, and how hard it tries. */
import type { Logger } from '../logging/logger.js';

/** Web API version the adapter speaks (crm-apis.md §4: v9.2 is current). */
export const WEB_API_PATH = '/api/data/v9.2';
/** The documented default and maximum page size (crm-apis.md §4.3). */
export const MAX_PAGE_SIZE = 5_000;
/** The documented maximum number of requests in one `$batch` (crm-apis.md §4.4). */
export const MAX_BATCH_REQUESTS = 1_000;
/**
 * Requests per `$batch`: enough for one engine write of 200 records with a close action each, so such a
 * write is one HTTP call, and half the documented limit, since a batch runs as one request against the
 * server's two-minute timeout and service-protection execution time.
 */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * A bearer token source for the environment's resource. `forceRefresh` asks for a new token after the
 * Web API refused the current one; a plain `TokenProvider` (no options) also fits.
 */
export interface DataverseTokenProvider {
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface DataverseRetryOptions {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DataverseGatewayOptions {
  /** `https://org.crm.dynamics.com`, or the sandbox's `<base>/sandbox/dataverse`. */
  environmentUrl: string;
  tokens: DataverseTokenProvider;
  retry: DataverseRetryOptions;
  /** Tests pass a fake to skip real waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source; default Math.random. */
  random?: () => number;
  logger?: Logger;
  /** `Prefer: odata.maxpagesize`; default and maximum 5,000. */
  pageSize?: number;
  /** Requests per `$batch`; default 100, at most 1,000. */
  batchSize?: number;
  /** Per-request timeout; default 120 s (Dataverse's own limit for one operation is about 2 minutes). */
  timeoutMs?: number;
  /** Entity set names for tables the built-in table does not know (logical name → set name). */
  entitySets?: Record<string, string>;
}

export function checkedSizes(options: Pick<DataverseGatewayOptions, 'pageSize' | 'batchSize'>): { pageSize: number; batchSize: number } {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new RangeError(`pageSize must be 1–${MAX_PAGE_SIZE}, not ${pageSize}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_REQUESTS) throw new RangeError(`batchSize must be 1–${MAX_BATCH_REQUESTS}, not ${batchSize}.`);
  return { pageSize, batchSize };
}

/** The environment URL without a trailing slash; http is allowed only to a loopback host (the sandbox). */
export function environmentBase(url: string): string {
  const parsed = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new RangeError(`The Dataverse environment URL must use https (http only to a loopback host): ${parsed.origin}`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
