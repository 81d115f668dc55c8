/**
 * Per-test fault injection: expired sessions, API limits, deleted entities, outages and latency.
 * A fault is taken before authentication and any handler, so an injected error never half-applies
 * a write. Each fault serves `times` matching requests (default 1), then disappears. Bodies are
 * Salesforce's REST error arrays (`[{message, errorCode}]`).
 */
import { FaultQueue, type BaseFaultSpec, parseFaultBody } from '../fault-queue.js';

export interface FaultSpec extends BaseFaultSpec {
  status?: number;
  /** Default by status: 401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED, 404 ENTITY_IS_DELETED, 500 UNKNOWN_EXCEPTION, 503 SERVER_UNAVAILABLE. */
  errorCode?: string;
  message?: string;
  latencyMs?: number;
  times?: number;
  /** HTTP method to match (case-insensitive); all methods when absent. */
  method?: string;
  /** Tested against the path below the emulator mount, e.g. `/services/data/v62.0/sobjects/Opportunity`. */
  pathPattern?: RegExp;
}

export interface PendingFault { id: string; status?: number; errorCode?: string; latencyMs?: number; remaining: number; method?: string; pathPattern?: string }

export interface FaultOutcome { latencyMs: number; error?: { status: number; body: { message: string; errorCode: string }[] } }

const DEFAULTS: Readonly<Record<number, { errorCode: string; message: string }>> = {
  400: { errorCode: 'INVALID_INPUT', message: 'Injected fault (HTTP 400).' },
  401: { errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' },
  403: { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
  404: { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' },
  500: { errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (0000000000)' },
  503: { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable. Please try again later.' },
};

export class FaultInjector {
  private readonly queue = new FaultQueue<FaultSpec>();

  inject(spec: FaultSpec): string {
    return this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  pending(): PendingFault[] {
    return this.queue.all().map((f) => {
      const view: PendingFault = { id: f.id, remaining: f.remaining };
      if (f.status !== undefined) view.status = f.status;
      if (f.errorCode !== undefined) view.errorCode = f.errorCode;
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
    if (fault.status !== undefined) {
      const fallback = DEFAULTS[fault.status] ?? { errorCode: 'UNKNOWN_EXCEPTION', message: `Injected fault (HTTP ${fault.status}).` };
      outcome.error = { status: fault.status, body: [{ message: fault.message ?? fallback.message, errorCode: fault.errorCode ?? fallback.errorCode }] };
    }
    return outcome;
  }
}

/** Reads the JSON body of `POST {mount}/_faults`: a FaultSpec with `pathPattern` as a regex source string. */
export function parseFaultSpec(body: unknown): FaultSpec {
  return parseFaultBody<FaultSpec>(body, { numbers: ['status', 'latencyMs', 'times'], strings: ['errorCode', 'message', 'method'] });
}
