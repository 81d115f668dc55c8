/**
 * The CRM sync, assembled: one engine, its durable queue worker, a CRM change poller per tenant and
 * the reconciler, for every partner tenant whose CRM is configured (each tenant its own CRM). Partner Center changes reach it through
 * the pipeline (each applied referral version queues a job); CRM changes through the poller or an API
 * call; drift through reconciliation.
 */
import type { Clock } from '../domain/clock.js';
import type { CrmGateway } from '../domain/crm.js';
import { mergeMapping } from '../domain/mapping/index.js';
import type { Mapping } from '../domain/mapping/types.js';
import type { ReferralReader, ReferralWriter } from '../domain/ports.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { Logger } from '../logging/logger.js';
import type { BackoffPolicy } from '../pipeline/backoff.js';
import type { Storage, SyncRun } from '../storage/types.js';
import { crmKey, type SyncSettings, type TenantSync } from './context.js';
import type { SystemFields } from './crm-records.js';
import { SyncEngine } from './engine.js';
import { CrmPoller, startPolling, type PollResult } from './poller.js';
import { Reconciler } from './reconcile.js';
import { createSyncWorker } from './worker.js';

export { SyncEngine } from './engine.js';
export { Reconciler } from './reconcile.js';
export { crmKey, referralKey, type SyncSettings, type TenantSync } from './context.js';
export type { SystemFields } from './crm-records.js';

/** One partner tenant and its CRM. */
export interface TenantSyncOptions {
  tenantId: string;
  gateway: CrmGateway;
  /** The mapping before a tenant's stored override (the shipped default with the file and settings applied). */
  baseMapping: Mapping;
  system: SystemFields;
  settings: SyncSettings;
  referrals: ReferralReader & ReferralWriter;
  live: ReferralReader;
  operations: ReferralOperations;
}

export interface CrmSyncOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  workerId: string;
  tenants: TenantSyncOptions[];
  /** 0 runs no worker (an API-only process). */
  concurrency: number;
  pollIntervalMs: number;
  workerPollMs?: number;
  leaseMs?: number;
  retry: BackoffPolicy;
}

export interface CrmSync {
  /** The first partner tenant whose CRM this syncs. */
  tenantId: string;
  /** Every partner tenant whose CRM this syncs. */
  tenantIds: string[];
  engine: SyncEngine;
  reconciler: Reconciler;
  syncs(tenantId: string): boolean;
  /** The tenant's CRM. */
  gateway(tenantId: string): CrmGateway | undefined;
  wake(): void;
  /** Starts the change cursors (at now) where none are stored yet; call once before relying on polls. */
  prime(): Promise<void>;
  /** One CRM poll now, of the given tenant (default: the first). */
  pollNow(tenantId?: string): Promise<PollResult | undefined>;
  notifyCrmChanges(tenantId: string, recordIds?: string[]): Promise<{ queued: number }>;
  startReconciliation(tenantId: string, options: { dryRun: boolean; kind?: SyncRun['kind'] }): Promise<SyncRun>;
  /** For tests: resolves once the worker found nothing due. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

function tenantSync(t: TenantSyncOptions, storage: Storage): TenantSync {
  const mappingCache = new Map<string, Mapping>();
  return {
    tenantId: t.tenantId,
    gateway: t.gateway,
    system: t.system,
    settings: t.settings,
    referrals: t.referrals,
    live: t.live,
    operations: t.operations,
    async mapping() {
      const stored = await storage.mappings.get(t.tenantId, t.gateway.kind);
      if (stored === undefined) return t.baseMapping;
      const cached = mappingCache.get(stored.eTag);
      if (cached) return cached;
      const merged = mergeMapping(t.baseMapping, JSON.parse(stored.json));
      mappingCache.clear();
      mappingCache.set(stored.eTag, merged);
      return merged;
    },
  };
}

export function startCrmSync(o: CrmSyncOptions): CrmSync {
  if (o.tenants.length === 0) throw new RangeError('startCrmSync needs at least one tenant.');
  const logger = o.logger.child({ component: 'crm-sync' });
  const tenants = new Map(o.tenants.map((t) => [t.tenantId, tenantSync(t, o.storage)]));
  if (tenants.size < o.tenants.length) throw new RangeError('Each tenant may have one CRM only.');
  const first = o.tenants[0]!.tenantId;
  const tenantFor = (id: string): TenantSync | undefined => tenants.get(id);
  const engine = new SyncEngine({ storage: o.storage, clock: o.clock, logger, tenant: tenantFor });
  const worker = o.concurrency > 0 ? createSyncWorker({
    storage: o.storage, engine, logger, clock: o.clock, workerId: o.workerId, concurrency: o.concurrency,
    pollIntervalMs: o.workerPollMs ?? 1000, leaseMs: o.leaseMs ?? 10 * 60_000, retry: o.retry,
  }) : undefined;
  const wake = (): void => worker?.wake();
  const poller = new CrmPoller(o.storage, o.clock, logger, wake);
  const reconciler = new Reconciler({ storage: o.storage, engine, clock: o.clock, logger, tenant: tenantFor, workerId: o.workerId, leaseMs: o.leaseMs ?? 10 * 60_000 });
  const polling = worker ? [...tenants.values()].map((t) => startPolling(() => poller.poll(t), o.pollIntervalMs, logger.child({ tenantId: t.tenantId, crm: t.gateway.kind }))) : [];
  if (worker) {
    worker.start();
    void reconciler.resumeStale().catch((err: unknown) => logger.warn({ err }, 'could not resume interrupted reconciliations'));
  }

  return {
    tenantId: first,
    tenantIds: [...tenants.keys()],
    engine,
    reconciler,
    syncs: (id) => tenants.has(id),
    gateway: (id) => tenants.get(id)?.gateway,
    wake,
    async prime() {
      for (const t of tenants.values()) await poller.prime(t);
    },
    async pollNow(tenantId = first) {
      const t = tenants.get(tenantId);
      return t === undefined ? undefined : poller.poll(t);
    },
    async notifyCrmChanges(tenantId, recordIds) {
      const tenant = tenants.get(tenantId);
      if (tenant === undefined) return { queued: 0 };
      if (recordIds === undefined || recordIds.length === 0) {
        const result = await poller.poll(tenant);
        return { queued: result.queued };
      }
      const object = (await tenant.mapping()).objects.opportunity;
      await o.storage.syncQueue.enqueue(tenantId, [...new Set(recordIds)].map((id) => crmKey(object, id)), o.clock());
      wake();
      return { queued: new Set(recordIds).size };
    },
    startReconciliation: (tenantId, options) => reconciler.start(tenantId, options),
    async drained() {
      if (!worker) return;
      for (;;) {
        const before = worker.claimed;
        await worker.idle();
        if (worker.claimed === before) return;
      }
    },
    async stop() {
      await Promise.all(polling.map((p) => p.stop()));
      await reconciler.stop();
      await worker?.stop();
    },
  };
}
