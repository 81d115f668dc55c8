import { apiList } from './api-list.js';
import type { Benchmark } from './harness.js';

/** Every benchmark `npm run bench` knows, in the order it runs them. Later ones (webhook-ingest, sync-latency, backfill) go here. */
export const BENCHMARKS: readonly Benchmark[] = [apiList];
