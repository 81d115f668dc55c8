/**
 * The CRM sync, assembled: the engine, its durable queue worker, the CRM change poller and the
 * reconciler, for the partner tenant whose CRM is configured. Partner Center changes reach it through
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

export interface CrmSyncOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  workerId: string;
  tenantId: string;
  gateway: CrmGateway;
  /** The mapping before a tenant's stored override (the shipped default with the file and settings applied). */
  baseMapping: Mapping;
  system: SystemFields;
  settings: SyncSettings;
  referrals: ReferralReader & ReferralWriter;
  live: ReferralReader;
  operations: ReferralOperations;
  /** 0 runs no worker (an API-only process). */
  concurrency: number;
  pollIntervalMs: number;
  workerPollMs?: number;
  leaseMs?: number;
  retry: BackoffPolicy;
}

export interface CrmSync {
  /** The partner tenant whose CRM this syncs. */
  tenantId: string;
  engine: SyncEngine;
  reconciler: Reconciler;
  syncs(tenantId: string): boolean;
  wake(): void;
  /** Starts the change cursors (at now) where none are stored yet; call once before relying on polls. */
  prime(): Promise<void>;
  /** One CRM poll now. */
  pollNow(): Promise<PollResult | undefined>;
  notifyCrmChanges(tenantId: string, recordIds?: string[]): Promise<{ queued: number }>;
  startReconciliation(tenantId: string, options: { dryRun: boolean; kind?: SyncRun['kind'] }): Promise<SyncRun>;
  /** For tests: resolves once the worker found nothing due. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function startCrmSync(o: CrmSyncOptions): CrmSync {
  const logger = o.logger.child({ component: 'crm-sync', crm: o.gateway.kind });
  const mappingCache = new Map<string, Mapping>();
  const tenant: TenantSync = {
    tenantId: o.tenantId,
    gateway: o.gateway,
    system: o.system,
    settings: o.settings,
    referrals: o.referrals,
    live: o.live,
    operations: o.operations,
    async mapping() {
      const stored = await o.storage.mappings.get(o.tenantId, o.gateway.kind);
      if (stored === undefined) return o.baseMapping;
      const cached = mappingCache.get(stored.eTag);
      if (cached) return cached;
      const merged = mergeMapping(o.baseMapping, JSON.parse(stored.json));
      mappingCache.clear();
      mappingCache.set(stored.eTag, merged);
      return merged;
    },
  };
  const tenantFor = (id: string): TenantSync | undefined => (id === o.tenantId ? tenant : undefined);
  const engine = new SyncEngine({ storage: o.storage, clock: o.clock, logger, tenant: tenantFor });
  const worker = o.concurrency > 0 ? createSyncWorker({
    storage: o.storage, engine, logger, clock: o.clock, workerId: o.workerId, concurrency: o.concurrency,
    pollIntervalMs: o.workerPollMs ?? 1000, leaseMs: o.leaseMs ?? 10 * 60_000, retry: o.retry,
  }) : undefined;
  const wake = (): void => worker?.wake();
  const poller = new CrmPoller(o.storage, o.clock, logger, wake);
  const reconciler = new Reconciler({ storage: o.storage, engine, clock: o.clock, logger, tenant: tenantFor, workerId: o.workerId, leaseMs: o.leaseMs ?? 10 * 60_000 });
  const polling = worker ? startPolling(() => poller.poll(tenant), o.pollIntervalMs, logger) : undefined;
  if (worker) {
    worker.start();
    void reconciler.resumeStale().catch((err: unknown) => logger.warn({ err }, 'could not resume interrupted reconciliations'));
  }

  return {
    tenantId: o.tenantId,
    engine,
    reconciler,
    syncs: (id) => id === o.tenantId,
    wake,
    prime: () => poller.prime(tenant),
    async pollNow() { return poller.poll(tenant); },
    async notifyCrmChanges(tenantId, recordIds) {
      if (tenantId !== o.tenantId) return { queued: 0 };
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
      await polling?.stop();
      await reconciler.stop();
      await worker?.stop();
    },
  };
}
