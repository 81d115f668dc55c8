/**
 * Composes the CRM sync from the configuration: which CRM each partner tenant uses, how to log in, the
 * mapping in force, the seeds' settings. In sandbox mode it runs against the Salesforce emulator, deploying the co-sell
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
import type { CrmKind, Mapping, MappingOverride } from '../domain/mapping/types.js';
import type { ReferralReader, ReferralWriter } from '../domain/ports.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { Logger } from '../logging/logger.js';
import { createSalesforceGateway, type SalesforceAuth } from '../salesforce/index.js';
import { createDataverseGateway, createDataverseTokenProvider, dataverseScope } from '../dataverse/index.js';
import { sandboxIdentityDefaults } from '../../sandbox/identity/index.js';
import { createLoopbackNetworkClient } from '../partner-center/token-provider.js';
import { SANDBOX_AUTHORITY } from './connections.js';
import { checkSalesforceSchema, connectSalesforce, deploySalesforcePackage, formatMissingSchemaMessage } from '../salesforce/metadata/index.js';
import type { Storage } from '../storage/types.js';
import { mirrorReady } from '../sync/mirror-state.js';

/** One partner tenant whose referrals are synced with a CRM. */
export interface CrmTenant {
  tenantId: string;
  crm: CrmKind;
  referrals: ReferralReader & ReferralWriter;
  live: ReferralReader;
  operations: ReferralOperations;
}

export interface CrmSyncDeps {
  config: AppConfig;
  /** The sandbox's base URL in sandbox mode. */
  sandboxBase: string | undefined;
  storage: Storage;
  clock: Clock;
  logger: Logger;
  workerId: string;
  tenants: CrmTenant[];
  /** Whether this process runs workers (PIPELINE_CONCURRENCY > 0). */
  workers: boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** The CRMs configured, one per partner tenant served (several only in sandbox mode). */
export function crmsOf(config: AppConfig): CrmKind[] {
  const crm = config.env.CRM ?? (config.mode === 'sandbox' ? 'salesforce' : 'none');
  return crm === 'none' ? [] : (crm.split(',') as CrmKind[]);
}

/** Fields the engine writes that the mapping does not name (the Referral Link, the Audit trail), and the identifier's default. */
const CRM_FIELDS: Readonly<Record<CrmKind, { referralId: string; link: string; audit: string }>> = {
  salesforce: { referralId: 'Referral_Identifier__c', link: 'Referral_Link__c', audit: 'Audit__c' },
  dynamics365: { referralId: 'msp_referralidentifier', link: 'msp_referrallink', audit: 'msp_audit' },
};

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
export function baseMappingFor(config: AppConfig, crm: CrmKind): Mapping {
  let mapping = defaultMapping(crm);
  const { env } = config;
  // A mapping file is written for one CRM; with several, it applies to the CRM it names.
  if (env.SYNC_MAPPING_FILE !== undefined && mappingFileApplies(env.SYNC_MAPPING_FILE, crm)) mapping = mergeMapping(mapping, JSON.parse(readFileSync(env.SYNC_MAPPING_FILE, 'utf8')) as unknown);
  const stages: NonNullable<MappingOverride['stages']>['opportunity'] = {};
  // Stage names are Salesforce's StageName values; Dynamics 365 stages are status reasons, set in the mapping.
  if (mapping.crm === 'salesforce' && env.CRM_ONHOLD_STAGE !== undefined) stages.onHold = { set: { StageName: env.CRM_ONHOLD_STAGE } };
  if (mapping.crm === 'salesforce' && env.CRM_ACTIVE_STAGE !== undefined) stages.active = { set: { StageName: env.CRM_ACTIVE_STAGE } };
  if (Object.keys(stages).length > 0) mapping = mergeMapping(mapping, { version: 1, stages: { opportunity: stages } });
  return mapping;
}

/** The record fields the engine reads and writes besides the mapped ones, from the mapping's own entries where it has them. */
export function systemFieldsOf(mapping: Mapping): SystemFields {
  // Entries of the opportunity by what they carry, whatever their ids are called in this mapping.
  const onOpportunity = (test: (f: Mapping['fields'][number]) => boolean): string | undefined =>
    mapping.fields.find((f) => (f.object ?? 'opportunity') === 'opportunity' && f.direction !== 'off' && test(f))?.crm;
  return {
    referralId: onOpportunity((f) => f.referral === 'id') ?? CRM_FIELDS[mapping.crm].referralId,
    syncFlag: onOpportunity((f) => f.referral === undefined && f.constant === true),
    link: CRM_FIELDS[mapping.crm].link,
    audit: CRM_FIELDS[mapping.crm].audit,
    name: onOpportunity((f) => f.referral === 'name'),
  };
}

function mappingFileApplies(file: string, crm: CrmKind): boolean {
  const named = (JSON.parse(readFileSync(file, 'utf8')) as { crm?: unknown }).crm;
  return named === undefined || named === crm;
}

async function salesforceGateway(deps: CrmSyncDeps): Promise<CrmGateway> {
  const { config, logger } = deps;
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
  return gateway;
}

/** Dataverse through an application user: MSAL client credentials for `<environment>/.default`. */
async function dynamicsGateway(deps: CrmSyncDeps, tenantId: string): Promise<CrmGateway> {
  const { config, logger } = deps;
  const { env } = config;
  const sandbox = config.mode === 'sandbox' && env.DATAVERSE_URL === undefined && deps.sandboxBase !== undefined;
  const d = sandboxIdentityDefaults();
  const environmentUrl = sandbox ? `${deps.sandboxBase!}/dataverse` : env.DATAVERSE_URL!;
  const tokens = sandbox
    ? createDataverseTokenProvider({
      authority: SANDBOX_AUTHORITY, tenantId, clientId: d.dataverse.clientId, credential: { kind: 'secret', clientSecret: d.dataverse.clientSecret }, scope: d.dataverse.scope,
      networkClient: createLoopbackNetworkClient((u) => u.replace(SANDBOX_AUTHORITY, `${deps.sandboxBase!}/identity`)), logger,
    })
    : createDataverseTokenProvider({
      authority: env.DATAVERSE_AUTHORITY, tenantId: env.DATAVERSE_TENANT_ID!, clientId: env.DATAVERSE_CLIENT_ID!,
      credential: env.DATAVERSE_CLIENT_SECRET !== undefined
        ? { kind: 'secret', clientSecret: env.DATAVERSE_CLIENT_SECRET }
        : { kind: 'certificate', thumbprintSha256: env.DATAVERSE_CERTIFICATE_THUMBPRINT!, privateKeyPem: readFileSync(env.DATAVERSE_CERTIFICATE_FILE!, 'utf8') },
      scope: dataverseScope(env.DATAVERSE_URL!), logger,
    });
  const gateway = createDataverseGateway({
    environmentUrl, tokens, logger,
    retry: { maxAttempts: env.PARTNER_CENTER_MAX_ATTEMPTS, baseDelayMs: env.PARTNER_CENTER_RETRY_BASE_MS, maxDelayMs: env.PARTNER_CENTER_RETRY_MAX_MS },
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  // The sandbox environment is created with the solution's components; a real one must have had the solution imported.
  if (sandbox) return gateway;
  const mapping = baseMappingFor(config, 'dynamics365');
  const missing = await missingMappedFields(gateway, mapping, systemFieldsOf(mapping));
  if (missing.length > 0) {
    throw new CrmConfigurationError(`The Dynamics 365 environment lacks what the mapping uses: ${missing.join(', ')}. Import the Dynamics 365 solution (crm-packages/dynamics365, solution/).`, missing);
  }
  return gateway;
}

/** Every field the mapping and the engine use, per table, that the CRM's describe does not list. */
async function missingMappedFields(gateway: CrmGateway, mapping: Mapping, system: SystemFields): Promise<string[]> {
  const byObject = new Map<string, Set<string>>();
  const add = (role: string, field: string | undefined): void => {
    if (field === undefined) return;
    const object = (mapping.objects as Record<string, string | undefined>)[role] ?? role;
    if (!byObject.has(object)) byObject.set(object, new Set());
    byObject.get(object)!.add(field);
  };
  for (const f of mapping.fields) if (f.direction !== 'off') add(f.object ?? 'opportunity', f.crm);
  for (const field of [system.referralId, system.syncFlag, system.link, system.audit]) add('opportunity', field);
  const missing: string[] = [];
  for (const [object, fields] of byObject) {
    const described = await gateway.describe(object);
    if (described === undefined) { missing.push(`${object} (table)`); continue; }
    const have = new Set(described.fields.map((f) => f.toLowerCase()));
    for (const field of fields) if (!have.has(field.toLowerCase())) missing.push(`${object}.${field}`);
  }
  return missing;
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

export async function composeCrmSync(deps: CrmSyncDeps): Promise<{ sync: CrmSync; gateways: Map<string, CrmGateway> } | undefined> {
  const { config, logger } = deps;
  if (deps.tenants.length === 0) return undefined;
  const { env } = config;
  const settings = {
    coSellOpportunitiesOnly: env.SYNC_COSELL_OPPORTUNITIES_ONLY,
    nameMark: env.SYNC_NAME_MARK,
    conflictPolicy: env.SYNC_CONFLICT_POLICY as 'lastWriter',
    auditMaxChars: 32_000,
    referralUrl: (id: string) => env.PARTNER_CENTER_REFERRAL_URL.replace('{id}', encodeURIComponent(id)),
  };
  const gateways = new Map<string, CrmGateway>();
  for (const t of deps.tenants) gateways.set(t.tenantId, t.crm === 'dynamics365' ? await dynamicsGateway(deps, t.tenantId) : await salesforceGateway(deps));
  const sync = startCrmSync({
    storage: deps.storage,
    clock: deps.clock,
    logger,
    workerId: deps.workerId,
    tenants: deps.tenants.map((t) => {
      const baseMapping = baseMappingFor(config, t.crm);
      return { tenantId: t.tenantId, gateway: gateways.get(t.tenantId)!, baseMapping, system: systemFieldsOf(baseMapping), settings, referrals: t.referrals, live: t.live, operations: t.operations };
    }),
    concurrency: deps.workers ? env.SYNC_CONCURRENCY : 0,
    pollIntervalMs: env.CRM_POLL_INTERVAL_S * 1000,
    workerPollMs: 1000,
    retry: { maxAttempts: env.SYNC_MAX_ATTEMPTS, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 },
  });
  await sync.prime();
  return { sync, gateways };
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
