import { apiList } from './api-list.js';
import type { Benchmark } from './harness.js';
import { webhookIngest } from './webhook-ingest.js';

/** Every benchmark `npm run bench` knows, in the order it runs them. Later ones (sync-latency, backfill) go here. */
export const BENCHMARKS: readonly Benchmark[] = [apiList, webhookIngest];
