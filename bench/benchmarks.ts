import { apiList } from './api-list.js';
import { backfill } from './backfill.js';
import type { Benchmark } from './harness.js';
import { syncLatency } from './sync-latency.js';
import { webhookIngest } from './webhook-ingest.js';

/** Every benchmark `npm run bench` knows, in the order it runs them. */
export const BENCHMARKS: readonly Benchmark[] = [apiList, webhookIngest, syncLatency, backfill];
