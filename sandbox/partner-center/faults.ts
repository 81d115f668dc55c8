/**
 * Per-test fault injection: throttling, outages, server errors and latency. A fault is taken
 * before any handler runs, so an injected error never half-applies a write. Each fault is consumed
 * `times` times (default 1) by matching requests, then disappears.
 */
import { FaultQueue, type BaseFaultSpec } from '../fault-queue.js';
import { invalidRequest, PartnerCenterError, preconditionFailed, type PartnerCenterErrorCode } from './errors.js';
import { isPlainObject } from './json-values.js';

export interface FaultSpec extends BaseFaultSpec {
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  times?: number;
  /** HTTP method to match (case-insensitive); all methods when absent. */
  method?: string;
  /** Tested against the request path below the emulator mount, e.g. `/v1.0/engagements/referrals/abc`. */
  pathPattern?: RegExp;
}

export interface PendingFault {
  id: string;
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  remaining: number;
  method?: string;
  pathPattern?: string;
}

export interface FaultOutcome { latencyMs: number; error?: { status: number; headers: Record<string, string>; body: unknown } }

export class FaultInjector {
  private readonly queue = new FaultQueue<FaultSpec>();

  /** Queues a fault and returns its id. */
  inject(spec: FaultSpec): string {
    const { retryAfterSeconds } = spec;
    if (retryAfterSeconds !== undefined && (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0)) throw new RangeError('retryAfterSeconds must be a non-negative integer.');
    return this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  pending(): PendingFault[] {
    return this.queue.all().map((f) => {
      const view: PendingFault = { id: f.id, remaining: f.remaining };
      if (f.status !== undefined) view.status = f.status;
      if (f.retryAfterSeconds !== undefined) view.retryAfterSeconds = f.retryAfterSeconds;
      if (f.latencyMs !== undefined) view.latencyMs = f.latencyMs;
      if (f.method !== undefined) view.method = f.method;
      if (f.pathPattern !== undefined) view.pathPattern = f.pathPattern.source;
      return view;
    });
  }

  /** Consumes the first fault matching the request, if any. */
  take(method: string, path: string): FaultOutcome | undefined {
    const fault = this.queue.take(method, path);
    if (!fault) return undefined;
    const outcome: FaultOutcome = { latencyMs: fault.latencyMs ?? 0 };
    if (fault.status !== undefined) outcome.error = faultError(fault.status, fault.retryAfterSeconds);
    return outcome;
  }
}

const CODE_BY_STATUS: Readonly<Record<number, PartnerCenterErrorCode>> = {
  400: 'invalidRequest', 401: 'unauthenticated', 403: 'accessDenied', 404: 'itemNotFound',
  409: 'resourceModified', 503: 'serviceNotAvailable',
};

function faultError(status: number, retryAfterSeconds: number | undefined): NonNullable<FaultOutcome['error']> {
  const headers: Record<string, string> = {};
  if (status === 429) {
    // The documented throttling body is not the error envelope (samples/error-429-throttling-partnercenter-api.json).
    const seconds = retryAfterSeconds ?? 1;
    headers['Retry-After'] = String(seconds);
    return { status, headers, body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` } };
  }
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  if (status === 412) return { status, headers, body: preconditionFailed().toEnvelope() };
  const code = CODE_BY_STATUS[status] ?? 'generalException';
  const message = status === 503 ? 'The service is temporarily unavailable. Retry after a delay.' : `Injected fault (HTTP ${status}).`;
  return { status, headers, body: new PartnerCenterError(status, code, message).toEnvelope() };
}

/** Reads the JSON body of `POST {mount}/_faults`: the FaultSpec with `pathPattern` as a regex source string. */
export function parseFaultSpec(body: unknown): FaultSpec {
  if (!isPlainObject(body)) throw invalidRequest('The fault must be a JSON object.', 'body');
  const spec: FaultSpec = {};
  for (const key of ['status', 'retryAfterSeconds', 'latencyMs', 'times'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number') throw invalidRequest(`${key} must be a number.`, key);
    spec[key] = value;
  }
  if (body.method !== undefined && body.method !== null) {
    if (typeof body.method !== 'string') throw invalidRequest('method must be a string.', 'method');
    spec.method = body.method;
  }
  if (body.pathPattern !== undefined && body.pathPattern !== null) {
    if (typeof body.pathPattern !== 'string') throw invalidRequest('pathPattern must be a regular expression source string.', 'pathPattern');
    try {
      spec.pathPattern = new RegExp(body.pathPattern);
    } catch {
      throw invalidRequest('pathPattern is not a valid regular expression.', 'pathPattern');
    }
  }
  return spec;
}
