import { randomBytes } from 'node:crypto';
import { readInstant, readOptionalInstant, toInstant } from './time.js';
import type {
  AuditAction, AuditDirection, AuditEntry, AuditFieldChange, AuditSource, NewAuditEntry, StoredMapping, SyncJob, SyncJobStatus, SyncLink,
  SyncRun, SyncRunStatus,
} from './types.js';

/**
 * The sync engine's rows (links, audit, queue, runs, mappings) as both drivers return them, their
 * mapping to the contract's shapes, and the column values both backends write. As in rows.ts:
 * SQLite gives integer ids, 0/1 booleans and text times; pg gives bigint ids as strings, booleans
 * and Date for timestamptz.
 */
type Id = number | string;
type Time = string | Date;
type Bool = boolean | number;

export interface SyncLinkRow {
  tenant_id: string; crm_id: string; referral_id: string | null; crm_object: string; base: string; crm_fingerprint: string | null;
  referral_version: string | null; crm_version: string | null; state: string; updated_at: Time;
}

export interface AuditRow {
  id: Id; tenant_id: string; referral_id: string | null; crm_object: string | null; crm_id: string | null; at: Time;
  direction: string; action: string; source: string; fields: string; message: string;
}

export interface SyncJobRow {
  id: Id; tenant_id: string; key: string; generation: number | string; status: string; attempts: number; next_attempt_at: Time;
  locked_by: string | null; locked_until: Time | null; last_error: string | null; enqueued_at: Time;
}

export interface SyncRunRow {
  id: string; tenant_id: string; kind: string; dry_run: Bool; status: string; cursor: string | null; total: number | string | null;
  processed: number | string; drifted: number | string; repaired: number | string; failed: number | string; report: string;
  locked_by: string | null; locked_until: Time | null; started_at: Time; updated_at: Time; finished_at: Time | null;
}

export interface MappingRow {
  tenant_id: string; crm: string; json: string; e_tag: string; updated_at: Time;
}

export function toSyncLink(r: SyncLinkRow): SyncLink {
  return {
    tenantId: r.tenant_id,
    referralId: r.referral_id,
    crmObject: r.crm_object,
    crmId: r.crm_id,
    base: r.base,
    crmFingerprint: r.crm_fingerprint,
    referralVersion: r.referral_version,
    crmVersion: r.crm_version,
    state: r.state as SyncLink['state'],
    updatedAt: readInstant(r.updated_at),
  };
}

export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: String(r.id),
    tenantId: r.tenant_id,
    referralId: r.referral_id,
    crmObject: r.crm_object,
    crmId: r.crm_id,
    at: readInstant(r.at),
    direction: r.direction as AuditDirection,
    action: r.action as AuditAction,
    source: r.source as AuditSource,
    fields: JSON.parse(r.fields) as AuditFieldChange[],
    message: r.message,
  };
}

export function toSyncJob(r: SyncJobRow): SyncJob {
  return {
    id: String(r.id),
    tenantId: r.tenant_id,
    key: r.key,
    generation: Number(r.generation),
    status: r.status as SyncJobStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: readInstant(r.next_attempt_at),
    lockedBy: r.locked_by,
    lockedUntil: readOptionalInstant(r.locked_until),
    lastError: r.last_error,
    enqueuedAt: readInstant(r.enqueued_at),
  };
}

export function toSyncRun(r: SyncRunRow): SyncRun {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    kind: r.kind as SyncRun['kind'],
    dryRun: r.dry_run === true || r.dry_run === 1,
    status: r.status as SyncRunStatus,
    cursor: r.cursor,
    total: r.total === null ? null : Number(r.total),
    processed: Number(r.processed),
    drifted: Number(r.drifted),
    repaired: Number(r.repaired),
    failed: Number(r.failed),
    report: r.report,
    lockedBy: r.locked_by,
    lockedUntil: readOptionalInstant(r.locked_until),
    startedAt: readInstant(r.started_at),
    updatedAt: readInstant(r.updated_at),
    finishedAt: readOptionalInstant(r.finished_at),
  };
}

export function toStoredMapping(r: MappingRow): StoredMapping {
  return { tenantId: r.tenant_id, crm: r.crm as StoredMapping['crm'], json: r.json, eTag: r.e_tag, updatedAt: readInstant(r.updated_at) };
}

export function linkColumns(l: SyncLink) {
  return {
    tenant_id: l.tenantId,
    crm_id: l.crmId,
    referral_id: l.referralId,
    crm_object: l.crmObject,
    base: l.base,
    crm_fingerprint: l.crmFingerprint,
    referral_version: l.referralVersion,
    crm_version: l.crmVersion,
    state: l.state,
    updated_at: toInstant(l.updatedAt),
  };
}

export function auditColumns(e: NewAuditEntry) {
  return {
    tenant_id: e.tenantId,
    referral_id: e.referralId,
    crm_object: e.crmObject,
    crm_id: e.crmId,
    at: toInstant(e.at),
    direction: e.direction,
    action: e.action,
    source: e.source,
    fields: JSON.stringify(e.fields),
    message: e.message,
  };
}

/** The writable columns of a run (`update` writes all but the identity, kind, dryRun and startedAt). */
export function runColumns(r: Omit<SyncRun, 'id'>) {
  return {
    tenant_id: r.tenantId,
    kind: r.kind,
    dry_run: r.dryRun,
    status: r.status,
    cursor: r.cursor,
    total: r.total,
    processed: r.processed,
    drifted: r.drifted,
    repaired: r.repaired,
    failed: r.failed,
    report: r.report,
    locked_by: r.lockedBy,
    locked_until: r.lockedUntil === null ? null : toInstant(r.lockedUntil),
    started_at: toInstant(r.startedAt),
    updated_at: toInstant(r.updatedAt),
    finished_at: r.finishedAt === null ? null : toInstant(r.finishedAt),
  };
}

/**
 * Keys as one enqueue writes them: each once (one generation bump per call), in byte order so that
 * concurrent PostgreSQL enqueuers lock shared rows in the same order and cannot deadlock.
 */
export function queueKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `ifMatch` value that matches only when the tenant has no stored override yet (the shipped default is in force). */
export const NO_OVERRIDE_ETAG = 'default';

/** A fresh opaque eTag per put: 128 random bits, so it can never equal NO_OVERRIDE_ETAG or an earlier one. */
export function newMappingETag(): string {
  return randomBytes(16).toString('base64url');
}
