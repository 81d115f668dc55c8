import { apiList } from './api-list.js';
import { backfill } from './backfill.js';
import { backfillDynamics365 } from './backfill-dynamics365.js';
import type { Benchmark } from './harness.js';
import { syncLatency, syncLatencyDynamics365 } from './sync-latency.js';
import { webhookIngest } from './webhook-ingest.js';

/**
 * Every benchmark `npm run bench` knows, in the order it runs them. The sync benchmarks exist once per
 * CRM (`-dynamics365` for Dynamics 365), so each CRM keeps its own results file and table.
 */
export const BENCHMARKS: readonly Benchmark[] = [apiList, webhookIngest, syncLatency, syncLatencyDynamics365, backfill, backfillDynamics365];
