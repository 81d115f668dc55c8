/**
 * Composes the CRM sync from the configuration: which CRM, how to log in, the mapping in force, the
 * seeds' settings. In sandbox mode it runs against the Salesforce emulator, deploying the co-sell
 * package there first (as an admin would with `npm run salesforce:deploy`); against a real org it
 * refuses to start while the package is missing, naming each missing field.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CLIENT } from '../../sandbox/salesforce/index.js';
import type { AppConfig } from '../config/load.js';
import { startCrmSync, type CrmSync, type SystemFields } from '../crm-sync/index.js';
import type { Clock } from '../domain/clock.js';
import { CrmConfigurationError, type CrmGateway } from '../domain/crm.js';
import { defaultMapping, mergeMapping } from '../domain/mapping/index.js';
import type { Mapping, MappingOverride } from '../domain/mapping/types.js';
import type { ReferralReader, ReferralWriter } from '../domain/ports.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { Logger } from '../logging/logger.js';
import { createSalesforceGateway, type SalesforceAuth } from '../salesforce/index.js';
import { checkSalesforceSchema, connectSalesforce, deploySalesforcePackage, formatMissingSchemaMessage } from '../salesforce/metadata/index.js';
import type { Storage } from '../storage/types.js';
import { mirrorReady } from '../sync/mirror-state.js';

export interface CrmSyncDeps {
  config: AppConfig;
  /** The sandbox's base URL in sandbox mode. */
  sandboxBase: string | undefined;
  storage: Storage;
  clock: Clock;
  logger: Logger;
  workerId: string;
  tenantId: string;
  referrals: ReferralReader & ReferralWriter;
  live: ReferralReader;
  operations: ReferralOperations;
  /** Whether this process runs workers (PIPELINE_CONCURRENCY > 0). */
  workers: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export function crmOf(config: AppConfig): 'salesforce' | undefined {
  const crm = config.env.CRM ?? (config.mode === 'sandbox' ? 'salesforce' : 'none');
  return crm === 'salesforce' ? 'salesforce' : undefined;
}

function salesforceAuth(config: AppConfig, sandboxBase: string | undefined): { loginUrl: string; auth: SalesforceAuth } {
  const { env } = config;
  if (config.mode === 'sandbox' && env.SALESFORCE_CLIENT_ID === undefined && sandboxBase !== undefined) {
    return { loginUrl: `${sandboxBase}/salesforce`, auth: { kind: 'client-credentials', clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret ?? '' } };
  }
  if (env.SALESFORCE_USERNAME !== undefined && env.SALESFORCE_PRIVATE_KEY_FILE !== undefined) {
    return { loginUrl: env.SALESFORCE_LOGIN_URL, auth: { kind: 'jwt-bearer', clientId: env.SALESFORCE_CLIENT_ID ?? '', username: env.SALESFORCE_USERNAME, privateKeyPem: readFileSync(env.SALESFORCE_PRIVATE_KEY_FILE, 'utf8') } };
  }
  return { loginUrl: env.SALESFORCE_LOGIN_URL, auth: { kind: 'client-credentials', clientId: env.SALESFORCE_CLIENT_ID ?? '', clientSecret: env.SALESFORCE_CLIENT_SECRET ?? '' } };
}

/** The default mapping with the mapping file and the stage-name settings applied. */
export function baseMappingFor(config: AppConfig): Mapping {
  let mapping = defaultMapping('salesforce');
  const { env } = config;
  if (env.SYNC_MAPPING_FILE !== undefined) mapping = mergeMapping(mapping, JSON.parse(readFileSync(env.SYNC_MAPPING_FILE, 'utf8')) as unknown);
  const stages: NonNullable<MappingOverride['stages']>['opportunity'] = {};
  if (env.CRM_ONHOLD_STAGE !== undefined) stages.onHold = { set: { StageName: env.CRM_ONHOLD_STAGE } };
  if (env.CRM_ACTIVE_STAGE !== undefined) stages.active = { set: { StageName: env.CRM_ACTIVE_STAGE } };
  if (Object.keys(stages).length > 0) mapping = mergeMapping(mapping, { version: 1, stages: { opportunity: stages } });
  return mapping;
}

/** The record fields the engine reads and writes besides the mapped ones, from the mapping's own entries where it has them. */
export function systemFieldsOf(mapping: Mapping): SystemFields {
  const crmOfId = (id: string): string | undefined => mapping.fields.find((f) => f.id === id && f.direction !== 'off')?.crm;
  return {
    referralId: crmOfId('referralId') ?? 'Referral_Identifier__c',
    syncFlag: crmOfId('syncWithPartnerCenter'),
    link: 'Referral_Link__c',
    audit: 'Audit__c',
    name: crmOfId('name'),
  };
}

async function ensureSchema(gateway: CrmGateway, config: AppConfig, login: { loginUrl: string; auth: SalesforceAuth }, logger: Logger): Promise<void> {
  const missing = await checkSalesforceSchema((object) => gateway.describe(object));
  const message = formatMissingSchemaMessage(missing);
  if (message === undefined) return;
  if (config.mode !== 'sandbox' || login.auth.kind !== 'client-credentials') throw new CrmConfigurationError(message, missing.map((m) => (m.kind === 'field' ? `${m.object}.${m.field}` : m.object)));
  logger.info({ missing: missing.length }, 'deploying the co-sell package to the sandbox Salesforce org');
  const conn = await connectSalesforce({ kind: 'clientCredentials', loginUrl: login.loginUrl, clientId: login.auth.clientId, clientSecret: login.auth.clientSecret, apiVersion: config.env.SALESFORCE_API_VERSION });
  await deploySalesforcePackage(conn);
}

export async function composeCrmSync(deps: CrmSyncDeps): Promise<{ sync: CrmSync; gateway: CrmGateway } | undefined> {
  const { config, logger } = deps;
  if (crmOf(config) === undefined) return undefined;
  const { env } = config;
  const login = salesforceAuth(config, deps.sandboxBase);
  const gateway = await createSalesforceGateway({
    loginUrl: login.loginUrl,
    apiVersion: env.SALESFORCE_API_VERSION,
    auth: login.auth,
    retry: { maxAttempts: env.PARTNER_CENTER_MAX_ATTEMPTS, baseDelayMs: env.PARTNER_CENTER_RETRY_BASE_MS, maxDelayMs: env.PARTNER_CENTER_RETRY_MAX_MS },
    logger,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  await ensureSchema(gateway, config, login, logger);
  const baseMapping = baseMappingFor(config);
  const sync = startCrmSync({
    storage: deps.storage,
    clock: deps.clock,
    logger,
    workerId: deps.workerId,
    tenantId: deps.tenantId,
    gateway,
    baseMapping,
    system: systemFieldsOf(baseMapping),
    settings: {
      coSellOpportunitiesOnly: env.SYNC_COSELL_OPPORTUNITIES_ONLY,
      nameMark: env.SYNC_NAME_MARK,
      conflictPolicy: env.SYNC_CONFLICT_POLICY as 'lastWriter',
      auditMaxChars: 32_000,
      referralUrl: (id) => env.PARTNER_CENTER_REFERRAL_URL.replace('{id}', encodeURIComponent(id)),
    },
    referrals: deps.referrals,
    live: deps.live,
    operations: deps.operations,
    concurrency: deps.workers ? env.SYNC_CONCURRENCY : 0,
    pollIntervalMs: env.CRM_POLL_INTERVAL_S * 1000,
    workerPollMs: 1000,
    retry: { maxAttempts: env.SYNC_MAX_ATTEMPTS, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 },
  });
  await sync.prime();
  return { sync, gateway };
}

/** Starts a backfill when the mirror holds referrals the CRM has never seen (first start, or after the mirror's first fill). */
export async function backfillIfNeeded(storage: Storage, sync: CrmSync, tenantId: string, logger: Logger): Promise<void> {
  try {
    if (!(await mirrorReady(storage.cursors, tenantId))) return;
    if ((await storage.referrals.count(tenantId)) <= (await storage.links.count(tenantId))) return;
    const run = await sync.startReconciliation(tenantId, { dryRun: false, kind: 'backfill' });
    logger.info({ runId: run.id }, 'backfilling the CRM with referrals from the mirror');
  } catch (err) {
    logger.warn({ err }, 'could not start the backfill; run a reconciliation to repair');
  }
}
