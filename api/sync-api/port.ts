/**
 * What the HTTP layer asks of the sync engine: the mapping in force, audit, change notification and
 * reconciliation runs. The engine implements it; handlers only translate HTTP to these calls.
 */
import type { Mapping, MappingOverride } from '../domain/mapping/types.js';
import type { CrmRecord, ReferralPreview } from '../domain/mapping/index.js';
import type { Referral } from '../domain/referral.js';
import type { AuditEntry, SyncRun } from '../storage/types.js';

export interface MappingView {
  /** The mapping in force: the default merged with the tenant's override. */
  effective: Mapping;
  /** The tenant's override, if one is stored. */
  override: MappingOverride | undefined;
  /** Changes on every replace; for If-Match. `default` when no override is stored. */
  eTag: string;
  updatedAt: string | null;
}

export interface SyncApi {
  /** Whether CRM sync is configured for this tenant (otherwise the operations answer 404/409). */
  enabled(tenantId: string): boolean;
  getMapping(tenantId: string): Promise<MappingView>;
  /**
   * Validates and stores the override (throws MappingError naming the field when invalid; nothing
   * stored). `ifMatch` mismatch throws MappingConflictError.
   */
  replaceMapping(tenantId: string, override: unknown, options: { ifMatch?: string }): Promise<MappingView>;
  /** Maps a referral to the CRM record it would become; writes nothing. */
  previewReferral(tenantId: string, referral: Referral, override?: unknown): Promise<CrmRecord | undefined>;
  /** Maps CRM record fields (and optionally the current referral) to referral changes; writes nothing. */
  previewRecord(tenantId: string, record: Pick<CrmRecord, 'object' | 'fields' | 'related'>, current?: Referral, override?: unknown): Promise<ReferralPreview>;
  /** Audit entries of a referral, newest first. */
  auditByReferral(tenantId: string, referralId: string, options: { limit: number; before?: string }): Promise<AuditEntry[]>;
  /** Audit entries of a CRM record, newest first. */
  auditByRecord(tenantId: string, crmId: string, options: { limit: number; before?: string }): Promise<AuditEntry[]>;
  /**
   * Look for CRM changes now (what a flow calls after a CRM trigger): with `recordIds`, those records
   * are queued at once; without, one poll runs. Returns how many records were queued.
   */
  notifyCrmChanges(tenantId: string, recordIds?: string[]): Promise<{ queued: number }>;
  /** Starts a reconciliation (dry run: report drift only) in the background. */
  startReconciliation(tenantId: string, options: { dryRun: boolean }): Promise<SyncRun>;
  getRun(tenantId: string, id: string): Promise<SyncRun | undefined>;
  listRuns(tenantId: string, options: { limit: number }): Promise<SyncRun[]>;
}

export class MappingConflictError extends Error {
  constructor() { super('The mapping changed since the given eTag was read; get it again and retry with its new eTag.'); this.name = 'MappingConflictError'; }
}

export class SyncNotConfiguredError extends Error {
  constructor(tenantId: string) { super(`CRM sync is not configured for tenant ${tenantId}.`); this.name = 'SyncNotConfiguredError'; }
}
