import autocannon, { type RequestParams, type Result } from 'autocannon';
import { distribution, type Distribution } from './percentiles.js';
import type { LoadSettings } from './settings.js';

export interface LoadTarget {
  /** Loopback URL only: benchmarks never load anything but this machine. */
  url: string;
  headers?: Record<string, string>;
  /** Default GET. */
  method?: 'GET' | 'POST';
  /** Called for every request: a body (and extra headers) of its own, e.g. a distinct signed event. */
  nextRequest?: () => { body: string | Buffer; headers?: Record<string, string> };
}

export interface LoadPhase {
  connections: number;
  durationS: number;
  maxRequests: number;
  timeoutS: number;
  /** A fixed arrival rate over all connections (requests/s) instead of as fast as the target answers. */
  overallRate?: number;
}

export interface LoadSummary {
  /** 2xx responses per second of the phase's wall time; failed requests never count as throughput. */
  requestsPerSecond: number;
  /** Latency of 2xx responses in ms, exact (from each response's hrtime), not histogram buckets. */
  latencyMs: Distribution;
  /** Wall time of the phase, seconds. */
  durationS: number;
  responses2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Mean response size of 2xx responses, headers included. */
  bytesPerResponse: number;
  /** autocannon's own per-second averages, kept to cross-check the figures above. */
  autocannon: { requestsPerSecondMean: number; latencyP50Ms: number; latencyP99Ms: number };
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host)) throw new Error(`refusing to load ${url}: benchmarks only load loopback addresses`);
}

/** One bounded autocannon run (whichever of duration and maxRequests comes first). */
export function runLoad(target: LoadTarget, phase: LoadPhase): Promise<LoadSummary> {
  assertLoopback(target.url);
  if (phase.maxRequests < phase.connections) throw new Error(`maxRequests (${phase.maxRequests}) must be at least connections (${phase.connections})`);
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: target.url,
      headers: target.headers ?? {},
      connections: phase.connections,
      duration: phase.durationS,
      maxOverallRequests: phase.maxRequests,
      timeout: phase.timeoutS,
      ...(target.method !== undefined ? { method: target.method } : {}),
      ...(target.nextRequest !== undefined ? { requests: [{ setupRequest: withNext(target.nextRequest, target.headers ?? {}) }] } : {}),
      ...(phase.overallRate !== undefined ? { overallRate: phase.overallRate } : {}),
      // A dead target would otherwise be retried for the whole duration.
      bailout: 1000,
      excludeErrorStats: true,
    }, (err, result) => {
      if (err) reject(err);
      else resolve(summarize(result, latencies));
    });
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300 && latencies.length < phase.maxRequests) latencies.push(responseTime);
    });
  });
}

function withNext(next: NonNullable<LoadTarget['nextRequest']>, headers: Record<string, string>): (request: RequestParams) => RequestParams {
  return (request) => {
    const { body, headers: extra } = next();
    return { ...request, body, headers: { ...request.headers, ...headers, ...extra } };
  };
}

function summarize(r: Result, latencies: number[]): LoadSummary {
  const ok = r['2xx'];
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(r.statusCodeStats)) statusCodes[code] = stat.count;
  return {
    requestsPerSecond: r.duration > 0 ? ok / r.duration : 0,
    latencyMs: distribution(latencies),
    durationS: r.duration,
    responses2xx: ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    bytesPerResponse: ok > 0 ? r.throughput.total / ok : 0,
    autocannon: { requestsPerSecondMean: r.requests.average, latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99 },
  };
}

export function warmUpPhase(s: LoadSettings): LoadPhase {
  return { connections: s.connections, durationS: s.warmupS, maxRequests: s.maxRequests, timeoutS: s.timeoutS };
}

export function measuredPhase(s: LoadSettings): LoadPhase {
  return { connections: s.connections, durationS: s.durationS, maxRequests: s.maxRequests, timeoutS: s.timeoutS };
}
