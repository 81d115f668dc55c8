// autocannon ships no types and @types/autocannon is not a dependency: only what bench/load.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  export interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Requests cycled per connection; `setupRequest` may rewrite each one before it is sent. */
    requests?: (RequestParams & { setupRequest?: (request: RequestParams) => RequestParams })[];
    /** Requests per second over all connections (a fixed arrival rate); unlimited when absent. */
    overallRate?: number;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Stop after this many responses over all connections (must be >= connections). */
    maxOverallRequests?: number;
    /** Seconds per request. */
    timeout?: number;
    bailout?: number;
    excludeErrorStats?: boolean;
    title?: string;
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    total: number;
  }

  export interface Result {
    title?: string;
    url: string;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
    throughput: Histogram;
  }

  export interface Instance extends EventEmitter {
    stop(): void;
  }

  export default function autocannon(options: Options, callback: (err: Error | null, result: Result) => void): Instance;
}
