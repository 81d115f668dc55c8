/**
 * Per-test fault injection: service protection (429 with `Retry-After` in seconds and the
 * documented code and message), outages (503) and latency. A fault is taken before authentication
 * and before any handler, so an injected error never half-applies a write; a `$batch` is hit as one
 * request. Bodies are Dataverse's `{"error":{"code","message"}}`.
 */
import { FaultQueue, type BaseFaultSpec, parseFaultBody } from '../fault-queue.js';
import { CODES, type DataverseErrorBody } from './errors.js';

export interface FaultSpec extends BaseFaultSpec {
  /** Default by status: 429 the request-count limit (0x80072322), 503 service unavailable. */
  code?: string;
  message?: string;
  /** Seconds, sent as `Retry-After` on a 429 (default 1) or 503 (only when set). */
  retryAfterSeconds?: number;
}

export interface PendingFault { id: string; status?: number; code?: string; latencyMs?: number; remaining: number; method?: string; pathPattern?: string }
export interface FaultOutcome { latencyMs: number; error?: { status: number; headers: Record<string, string>; body: DataverseErrorBody } }

const DEFAULTS: Readonly<Record<number, { code: string; message: string }>> = {
  429: { code: CODES.requestsExceeded, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' },
  503: { code: '', message: 'The service is temporarily unavailable. Please try again later.' },
  500: { code: CODES.unexpected, message: 'An unexpected error occurred.' },
};

export class FaultInjector {
  private readonly queue = new FaultQueue<FaultSpec>();

  inject(spec: FaultSpec): string {
    if (spec.retryAfterSeconds !== undefined && (!Number.isInteger(spec.retryAfterSeconds) || spec.retryAfterSeconds < 0)) {
      throw new RangeError('retryAfterSeconds must be a non-negative integer.');
    }
    return this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  pending(): PendingFault[] {
    return this.queue.all().map((f) => ({
      id: f.id, remaining: f.remaining,
      ...(f.status !== undefined ? { status: f.status } : {}), ...(f.code !== undefined ? { code: f.code } : {}),
      ...(f.latencyMs !== undefined ? { latencyMs: f.latencyMs } : {}), ...(f.method !== undefined ? { method: f.method } : {}),
      ...(f.pathPattern !== undefined ? { pathPattern: f.pathPattern.source } : {}),
    }));
  }

  take(method: string, path: string): FaultOutcome | undefined {
    const fault = this.queue.take(method, path);
    if (!fault) return undefined;
    const outcome: FaultOutcome = { latencyMs: fault.latencyMs ?? 0 };
    if (fault.status !== undefined) {
      const fallback = DEFAULTS[fault.status] ?? { code: '', message: `Injected fault (HTTP ${fault.status}).` };
      const headers: Record<string, string> = {};
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
      outcome.error = { status: fault.status, headers, body: { error: { code: fault.code ?? fallback.code, message: fault.message ?? fallback.message } } };
    }
    return outcome;
  }
}

/** The JSON body of `POST {mount}/_faults`: a FaultSpec with `pathPattern` as a regex source string. */
export function parseFaultSpec(body: unknown): FaultSpec {
  return parseFaultBody<FaultSpec>(body, { numbers: ['status', 'latencyMs', 'times', 'retryAfterSeconds'], strings: ['code', 'message', 'method'] });
}
