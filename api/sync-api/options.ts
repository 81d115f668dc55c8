import type { Clock } from '../domain/clock.js';
import type { CrmKind, Mapping, ToCrmOptions } from '../domain/mapping/index.js';
import type { Referral } from '../domain/referral.js';
import type { SyncApi } from './port.js';
import type { ReferralMirror, Storage, SyncRun } from '../storage/types.js';

/** What the API asks of the running sync engine: the two operations that start work. */
export interface SyncEngineControl {
  notifyCrmChanges(tenantId: string, recordIds?: string[]): Promise<{ queued: number }>;
  startReconciliation(tenantId: string, options: { dryRun: boolean }): Promise<SyncRun>;
}

export interface SyncApiOptions {
  storage: Pick<Storage, 'mappings' | 'audit' | 'syncRuns'>;
  /**
   * The mapping a tenant's override applies to. Pass the engine's own base mapping (the shipped
   * default with SYNC_MAPPING_FILE and the stage settings applied), so that what the API shows is
   * what the engine does; `defaultMapping` from the domain when there is no such file.
   */
  defaultMapping: (crm: CrmKind) => Mapping;
  /** The CRM the tenant syncs with; undefined when sync is not configured for it (every operation then throws SyncNotConfiguredError). */
  crmFor: (tenantId: string) => CrmKind | undefined;
  /** The local referral mirror, for comparing a CRM record with the referral it belongs to. */
  referrals: Pick<ReferralMirror, 'get'>;
  engine: SyncEngineControl;
  clock: Clock;
  /** The engine's settings that decide what a referral becomes (Sync co-sell opportunities only). */
  toCrm?: ToCrmOptions;
}

/** The SyncApi plus the one read the record preview needs that the port leaves to the caller. */
export interface SyncService extends SyncApi {
  /** The referral as the local mirror holds it; undefined when the mirror has no such referral for the tenant. */
  mirroredReferral(tenantId: string, referralId: string): Promise<Referral | undefined>;
}
