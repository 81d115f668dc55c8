/** Dynamics 365 through the Dataverse Web API v9.2: the CRM port's adapter. */
import { setTimeout as delay } from 'node:timers/promises';
import { DataverseClient } from './client.js';
import { checkedSizes, environmentBase, type DataverseGatewayOptions } from './config.js';
import { EntitySets } from './entity-sets.js';
import { DataverseGateway } from './gateway.js';
import { LookupTranslator } from './lookups.js';
import { queryAll } from './query.js';
import { ReferenceTables } from './reference-tables.js';
import { UsageCounter } from './usage.js';
import { WritePlanner } from './write-plan.js';

export { DataverseGateway } from './gateway.js';
export type { BatchUsage } from './usage.js';
export {
  DEFAULT_BATCH_SIZE, MAX_BATCH_REQUESTS, MAX_PAGE_SIZE, WEB_API_PATH,
  type DataverseGatewayOptions, type DataverseRetryOptions, type DataverseTokenProvider,
} from './config.js';
export { createDataverseTokenProvider, dataverseScope, type ClientCredential, type DataverseTokenOptions } from './msal-client-credentials.js';

/** Builds the gateway; nothing is sent until the first call (tokens are acquired on demand). */
export function createDataverseGateway(options: DataverseGatewayOptions): DataverseGateway {
  const environmentUrl = environmentBase(options.environmentUrl);
  const { pageSize, batchSize } = checkedSizes(options);
  const usage = new UsageCounter();
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const client = new DataverseClient({
    environmentUrl,
    tokens: options.tokens,
    retry: options.retry,
    timeoutMs: options.timeoutMs ?? 120_000,
    sleep,
    random,
    usage,
    ...(options.logger !== undefined ? { logger: options.logger.child({ component: 'dataverse' }) } : {}),
  });
  const sets = new EntitySets(options.entitySets);
  const refs = new ReferenceTables(sets, (url, what) => queryAll(client, url, what, pageSize));
  const lookups = new LookupTranslator(sets, refs);
  return new DataverseGateway({
    environmentUrl,
    client,
    sets,
    lookups,
    planner: new WritePlanner(client, sets, lookups),
    usage,
    writer: { client, usage, batchSize, retry: options.retry, sleep, random },
    pageSize,
  });
}
