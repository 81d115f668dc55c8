import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Router } from 'express';
import { createSandbox, trustFrom, type PublishedTrust, type Sandbox, type SandboxWebhookTrust } from '../sandbox/index.js';
import { createApp } from './app.js';
import { liveConnections, sandboxConnections } from './compose/connections.js';
import type { AppConfig } from './config/load.js';
import { buildValidators } from './contract/validators.js';
import { systemClock, type Clock } from './domain/clock.js';
import { ReferralOperations } from './domain/referral-operations.js';
import { ContinuationTokens } from './http/continuation-token.js';
import { eventHandlers } from './http/event-handlers.js';
import type { ReadinessCheck } from './http/health.js';
import { referralHandlers, type ReferralServices } from './http/referral-handlers.js';
import { triggerHandlers } from './http/trigger-handlers.js';
import { DEFAULT_WEBHOOK_EVENTS, webhookHandlers } from './http/webhook-handlers.js';
import type { Logger } from './logging/logger.js';
import { PartnerCenterClient } from './partner-center/client.js';
import { PartnerCenterHttp } from './partner-center/http.js';
import { PartnerCenterReferrals } from './partner-center/repository.js';
import { PartnerCenterConflictError, PartnerCenterWebhooksClient } from './partner-center/webhooks-client.js';
import { acceptDelivery, startPipeline, type Pipeline } from './pipeline/index.js';
import { isoCodes } from './reference-data/codes.js';
import { openStorage, type Storage } from './storage/index.js';
import { startMirrorSync } from './sync/mirror-sync.js';
import { MirroredReferrals } from './sync/mirrored-referrals.js';
import { partnerCenterSignatureVerifier, partnerCenterWebhookRouter } from './webhooks/index.js';
import { csv } from './config/load.js';
import { backfillIfNeeded, baseMappingFor, composeCrmSync, crmsOf } from './compose/crm-sync.js';
import type { CrmKind } from './domain/mapping/index.js';
import { defaultMapping } from './domain/mapping/index.js';
import { syncHandlers } from './http/sync-handlers.js';
import { createSyncApi } from './sync-api/index.js';
import type { CrmSync } from './crm-sync/index.js';
import type { CrmGateway } from './domain/crm.js';
import { hostname } from 'node:os';

export interface RunningProduct {
  url: string;
  server: Server;
  app: Express;
  /** Present in sandbox mode with an in-process sandbox. */
  sandbox: Sandbox | undefined;
  storage: Storage;
  pipeline: Pipeline | undefined;
  /** The CRM sync, when a CRM is configured (sandbox mode: the Salesforce emulator), for every tenant that has one. */
  crmSync: CrmSync | undefined;
  /** The first synced tenant's CRM. */
  crmGateway: CrmGateway | undefined;
  /** The partner tenants this process serves, the home tenant first, with the CRM each is synced with. */
  tenants: Array<{ tenantId: string; crm: CrmKind | undefined }>;
  /** Runs one mirror reconciliation pass now (tests, and the first page of a fresh install). */
  syncMirror(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  clock?: Clock;
  /** Milliseconds to wait instead of real backoff sleeps (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Overrides of pipeline knobs (tests use short polls and retries). */
  pipeline?: Parameters<typeof startPipeline>[0]['options'];
}

/** The trust settings a shared sandbox publishes (sandbox mode only: never used against Microsoft). */
async function fetchTrust(sandboxBase: string): Promise<PublishedTrust> {
  const res = await fetch(`${sandboxBase}/trust`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`The sandbox at ${sandboxBase} did not publish its webhook trust settings (HTTP ${res.status}).`);
  return (await res.json()) as PublishedTrust;
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const h = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${h === '0.0.0.0' ? '127.0.0.1' : h}:${address.port}`;
}

/**
 * Builds and starts the product. The server listens first, because in sandbox mode every URL the
 * sandbox hands out (issuer, JWKS, nextLink, webhook target) contains the port, which the OS may choose.
 */
export async function startProduct(config: AppConfig, options: StartOptions): Promise<RunningProduct> {
  const { env } = config;
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const server = createServer();
  const localUrl = await listen(server, env.PORT, config.host);
  const url = env.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? localUrl;

  let sandbox: Sandbox | undefined;
  let sandboxTrust: SandboxWebhookTrust | undefined;
  let connections;
  if (config.mode === 'sandbox') {
    // Either a sandbox of our own on this server, or a shared one (SANDBOX_URL) that another process serves.
    const sandboxBase = env.SANDBOX_URL?.replace(/\/+$/, '') ?? `${localUrl}/sandbox`;
    if (env.SANDBOX_URL === undefined) {
      sandbox = await createSandbox({
        baseUrl: () => sandboxBase,
        seedReferrals: env.SANDBOX_SEED_REFERRALS,
        apiClient: { clientId: env.SANDBOX_CLIENT_ID, clientSecret: env.SANDBOX_CLIENT_SECRET },
        ...(options.clock ? { clock: options.clock } : {}),
      });
    }
    sandboxTrust = sandbox?.webhookTrust ?? trustFrom(await fetchTrust(sandboxBase));
    connections = sandboxConnections(config, sandboxBase, logger, options.clock, crmsOf(config).length);
  } else {
    connections = liveConnections(config, logger);
  }

  const retry = { maxAttempts: env.PARTNER_CENTER_MAX_ATTEMPTS, baseDelayMs: env.PARTNER_CENTER_RETRY_BASE_MS, maxDelayMs: env.PARTNER_CENTER_RETRY_MAX_MS };
  const transport = (tokens: typeof connections.referralTokens) => new PartnerCenterHttp({
    tokens, retry, timeoutMs: env.PARTNER_CENTER_TIMEOUT_MS, logger, ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  // Each partner tenant calls Partner Center with its own account; CRMs are handed out in order, one per tenant.
  const crms = crmsOf(config);
  const partners = connections.tenants.map((t, i) => {
    const referralsHttp = transport(t.referralTokens);
    const webhooksHttp = transport(t.webhookTokens);
    return {
      tenantId: t.tenantId,
      crm: crms[i],
      live: new PartnerCenterReferrals(new PartnerCenterClient(referralsHttp, connections.referralsBaseUrl)),
      webhooks: new PartnerCenterWebhooksClient(webhooksHttp, connections.webhooksBaseUrl),
      close: () => Promise.all([referralsHttp.close(), webhooksHttp.close()]),
    };
  });
  const home = partners[0]!;
  const partnerOf = (tenantId: string): typeof home => partners.find((p) => p.tenantId === tenantId) ?? home;

  // The in-process sandbox's emulators live in memory; a store that outlived them would mirror referrals
  // that no longer exist. So unless told otherwise, such a run gets a store of its own, removed at close.
  const scratchDir = env.DATA_DIR === undefined && env.DATABASE_URL === undefined && sandbox ? mkdtempSync(join(tmpdir(), 'cosell-sandbox-')) : undefined;
  const dataDir = env.DATA_DIR ?? scratchDir ?? '.data';
  const storage = await openStorage({ databaseUrl: env.DATABASE_URL, dataDir, logger });
  const sandboxMode = config.mode === 'sandbox';
  const crmTenants = partners.flatMap((p) => (p.crm !== undefined ? [{ tenantId: p.tenantId, crm: p.crm }] : []));
  const crmOfTenant = (tenantId: string): CrmKind | undefined => crmTenants.find((t) => t.tenantId === tenantId)?.crm;
  let crm: { sync: CrmSync; gateways: Map<string, CrmGateway> } | undefined;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const pipeline = env.PIPELINE_CONCURRENCY > 0
    ? startPipeline({
      storage, referrals: (t: string) => partnerOf(t).live, logger, clock, workerId,
      ...(crmTenants.length > 0 ? { crmSync: { syncs: (t: string) => crmOfTenant(t) !== undefined, wake: () => crm?.sync.wake() } } : {}),
      options: {
        inboxConcurrency: env.PIPELINE_CONCURRENCY, outboxConcurrency: env.PIPELINE_CONCURRENCY,
        inboxMaxAttempts: env.INBOX_MAX_ATTEMPTS, outboxMaxAttempts: env.OUTBOX_MAX_ATTEMPTS, disableAfterFailures: env.TRIGGER_DISABLE_AFTER,
        allowLoopbackHttp: sandboxMode,
        ...options.pipeline,
      },
    })
    : undefined;
  const wake = () => pipeline?.notify();
  const mirrors = env.PIPELINE_CONCURRENCY > 0
    ? partners.map((p) => startMirrorSync({
      tenantId: p.tenantId, storage, referrals: p.live, clock, logger, intervalMs: env.MIRROR_SYNC_INTERVAL_S * 1000, notify: wake,
      onPass: (r) => { if (r.added > 0 && crm?.sync.syncs(p.tenantId) === true && env.SYNC_BACKFILL_ON_START) void backfillIfNeeded(storage, crm.sync, p.tenantId, logger); },
    }))
    : [];
  const servicesFor = (tenantId: string): ReferralServices => {
    const mirrored = new MirroredReferrals(partnerOf(tenantId).live, storage, tenantId, wake, clock);
    return { operations: new ReferralOperations(mirrored, mirrored, isoCodes), listJson: (q, c) => mirrored.listJson(q, c) };
  };

  // Sandbox mode trusts the sandbox's own certificate host and CA; live mode Microsoft's, through the platform trust store.
  const verifier = partnerCenterSignatureVerifier({
    allowedHosts: sandboxTrust?.allowedHosts ?? csv(env.WEBHOOK_CERT_ALLOWED_HOSTS),
    requiredIssuer: sandboxTrust?.requiredIssuer ?? env.WEBHOOK_CERT_ISSUER,
    ...(sandboxTrust ? { download: sandboxTrust.download } : {}),
    clock,
  });
  const receiver: Router = partnerCenterWebhookRouter({
    verifier,
    logger,
    accept: (delivery) => acceptDelivery(storage, delivery, clock, pipeline ? { notify: () => pipeline.notify() } : {}),
  });

  // The sync operations of the API; every one answers 409 sync_not_configured for a tenant without a CRM.
  const syncApi = createSyncApi({
    storage, clock, referrals: storage.referrals,
    crmFor: (t) => (crm?.sync.syncs(t) === true ? crmOfTenant(t) : undefined),
    defaultMapping: (kind) => (crms.includes(kind) ? baseMappingFor(config, kind) : defaultMapping(kind)),
    engine: { notifyCrmChanges: (t, ids) => crm!.sync.notifyCrmChanges(t, ids), startReconciliation: (t, o) => crm!.sync.startReconciliation(t, o) },
    toCrm: { coSellOpportunitiesOnly: env.SYNC_COSELL_OPPORTUNITIES_ONLY },
  });

  const continuation = new ContinuationTokens(env.CONTINUATION_TOKEN_SECRET !== undefined ? Buffer.from(env.CONTINUATION_TOKEN_SECRET, 'utf8') : randomBytes(32));
  const readiness: ReadinessCheck[] = [
    { name: 'partner-center-token', check: async () => { await connections.referralTokens.getToken(); } },
    { name: 'storage', check: () => storage.ping() },
  ];

  const app = createApp({
    logger,
    handlers: {
      ...referralHandlers(servicesFor, continuation),
      ...webhookHandlers((t) => partnerOf(t).webhooks),
      ...triggerHandlers(storage, { clock, allowLoopbackHttp: sandboxMode }),
      ...eventHandlers(storage, clock, wake),
      ...syncHandlers(syncApi, continuation),
    },
    validators: buildValidators(),
    auth: connections.auth,
    readiness,
    maxBodyBytes: env.MAX_BODY_BYTES,
    trustProxy: env.TRUST_PROXY,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    mounts: [
      ...(sandbox ? [{ path: '/sandbox', router: sandbox.router }] : []),
      { path: '/', router: receiver },
    ],
  });
  server.on('request', app);

  // After the app serves requests: in sandbox mode the CRM emulators are on this very server.
  if (crmTenants.length > 0) {
    crm = await composeCrmSync({
      config, sandboxBase: config.mode === 'sandbox' ? (env.SANDBOX_URL?.replace(/\/+$/, '') ?? `${localUrl}/sandbox`) : undefined,
      storage, clock, logger, workerId,
      tenants: crmTenants.map((t) => {
        const mirrored = new MirroredReferrals(partnerOf(t.tenantId).live, storage, t.tenantId, wake, clock);
        return { ...t, referrals: mirrored, live: partnerOf(t.tenantId).live, operations: new ReferralOperations(mirrored, mirrored, isoCodes) };
      }),
      workers: env.PIPELINE_CONCURRENCY > 0, ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    // Referrals the mirror's first fill brought in have no event of their own: a backfill writes them to the CRM in bulk.
    if (crm !== undefined && env.PIPELINE_CONCURRENCY > 0 && env.SYNC_BACKFILL_ON_START) {
      for (const t of crmTenants) void backfillIfNeeded(storage, crm.sync, t.tenantId, logger);
    }
  }

  if (sandboxMode && pipeline) {
    // The sandbox experience works end to end from the first minute: the emulator's events come here, each partner's to its own URL.
    for (const p of partners) {
      const want = { webhookUrl: `${url}/webhooks/partner-center/${encodeURIComponent(p.tenantId)}`, webhookEvents: DEFAULT_WEBHOOK_EVENTS, signatureTokenToMsSignatureHeader: false };
      try {
        await p.webhooks.register(want);
      } catch (err) {
        if (!(err instanceof PartnerCenterConflictError)) throw err;
        await p.webhooks.update(want);
      }
    }
  }

  return {
    url,
    server,
    app,
    sandbox,
    storage,
    pipeline,
    crmSync: crm?.sync,
    crmGateway: crm === undefined ? undefined : crm.gateways.get(crm.sync.tenantId),
    tenants: partners.map((p) => ({ tenantId: p.tenantId, crm: p.crm })),
    async syncMirror() { for (const m of mirrors) await m.runNow(); },
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      for (const m of mirrors) await m.stop();
      await crm?.sync.stop();
      await pipeline?.stop();
      await sandbox?.close();
      await Promise.all(partners.map((p) => p.close()));
      await storage.close();
      if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}
