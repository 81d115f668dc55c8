/**
 * One hook on jsforce's transports (the connection's and its OAuth2 client's): every HTTP request
 * jsforce sends goes through `Transport.httpRequest`, REST, SOAP and token calls alike, so counting
 * there counts retries and re-authentication too. The hook also
 *  - switches jsforce's own backoff off (it retries GET/DELETE 5xx five times over ~15 s and ignores
 *    Retry-After; `retry.ts` is the one retry policy), so one `httpRequest` is one HTTP request;
 *  - tells the attempt in progress (through AsyncLocalStorage) the status and Retry-After of the last
 *    response, which jsforce's errors do not carry.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection, HttpRequest, HttpResponse } from '@jsforce/jsforce-node';
import type { ResponseSeen } from './errors.js';

type Transport = Connection['_transport'];

export interface TransportObserver {
  onRequest(request: HttpRequest): void;
  onResponse(request: HttpRequest, response: HttpResponse): void;
}

const attempt = new AsyncLocalStorage<ResponseSeen>();

/** Runs one attempt; `seen` receives the last response's status and Retry-After. */
export function observeResponses<T>(seen: ResponseSeen, call: () => Promise<T>): Promise<T> {
  return attempt.run(seen, call);
}

export function hookTransport(transport: Transport, observer: TransportObserver): void {
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, options = {}) => {
    observer.onRequest(request);
    const sent = send(request, { ...options, retry: { ...options.retry, maxRetries: 0, methods: [] } });
    const seen = attempt.getStore();
    sent.then((response) => {
      if (seen) {
        seen.status = response.statusCode;
        const after = retryAfterMs(response.headers['retry-after']);
        if (after === undefined) delete seen.retryAfterMs;
        else seen.retryAfterMs = after;
      }
      observer.onResponse(request, response);
    }, () => undefined);
    return sent;
  };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Collections create/update/upsert/delete and single-record writes; the POST that retrieves many is a read. */
export function isWriteRequest(request: HttpRequest): boolean {
  const path = new URL(request.url, 'http://relative.invalid').pathname;
  if (!/\/services\/data\/v\d+\.\d+\/(composite\/)?sobjects(\/|$)/.test(path)) return false;
  if (request.method === 'POST' && /\/composite\/sobjects\/[^/]+$/.test(path)) return false;
  return request.method === 'POST' || request.method === 'PATCH' || request.method === 'PUT' || request.method === 'DELETE';
}
