import type { Schemas } from '../contract/index.js';
import type { CrmRecord, CrmRelated, RelatedRecord } from '../domain/mapping/index.js';
import type { Referral } from '../domain/referral.js';
import type { MappingView } from '../sync-api/port.js';
import type { AuditEntry, SyncRun } from '../storage/types.js';

// The sync's domain values in the contract's shapes: nulls become absent keys, JSON text becomes objects.

/** The eTag as an HTTP entity tag (quoted), in the body and the ETag header alike. */
export function entityTag(eTag: string): string {
  return `"${eTag}"`;
}

/** An If-Match value as the store compares it: quotes (and a weak prefix) removed; `*` matches whatever is stored. */
export function ifMatchOf(header: string | undefined): { ifMatch?: string } {
  if (header === undefined || header.trim() === '*') return {};
  return { ifMatch: header.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1') };
}

export function mappingView(v: MappingView): Schemas['MappingView'] {
  return {
    // A copy as a plain object type: the contract types relations as a dictionary, which an interface does not satisfy.
    effective: { ...v.effective, relations: { ...v.effective.relations } },
    ...(v.override !== undefined ? { override: v.override } : {}),
    eTag: entityTag(v.eTag),
    ...(v.updatedAt !== null ? { updatedAt: v.updatedAt } : {}),
  };
}

export function crmRecordPreview(record: CrmRecord | undefined, referral: Referral): Schemas['CrmRecordPreview'] {
  if (record === undefined) {
    return {
      skipped: true,
      warnings: [{ field: `records/${referral.category}`, message: `${referral.category} referrals are not written to the CRM (the mapping's records.${referral.category} is "skip", or only co-sell opportunities are synced).` }],
    };
  }
  const { warnings, ...rest } = record;
  return { skipped: false, record: rest, warnings };
}

/** Related records as a preview request gives them; toReferral reads only their fields and match values. */
export function relatedFrom(input: Schemas['CrmRelatedInput'] | undefined): CrmRelated {
  const one = (r: { fields: Record<string, unknown>; match?: Record<string, unknown> }): RelatedRecord => ({ object: '', match: r.match ?? {}, fields: r.fields });
  const related: CrmRelated = {};
  if (input?.customer !== undefined) related.customer = one(input.customer);
  if (input?.contacts !== undefined) related.contacts = input.contacts.map(one);
  if (input?.team !== undefined) related.team = input.team.map(one);
  if (input?.solutions !== undefined) related.solutions = input.solutions.map(one);
  return related;
}

export function auditEntry(e: AuditEntry): Schemas['AuditEntry'] {
  return {
    id: e.id,
    ...(e.referralId !== null ? { referralId: e.referralId } : {}),
    ...(e.crmObject !== null ? { crmObject: e.crmObject } : {}),
    ...(e.crmId !== null ? { crmId: e.crmId } : {}),
    at: e.at,
    direction: e.direction,
    action: e.action,
    source: e.source,
    fields: e.fields.map((f) => ({ field: f.field, from: f.from, to: f.to, ...(f.winner !== undefined ? { winner: f.winner } : {}) })),
    message: e.message,
  };
}

export function syncRun(r: SyncRun): Schemas['SyncRun'] {
  return {
    id: r.id,
    kind: r.kind,
    dryRun: r.dryRun,
    status: r.status,
    ...(r.total !== null ? { total: r.total } : {}),
    processed: r.processed,
    drifted: r.drifted,
    repaired: r.repaired,
    failed: r.failed,
    report: reportOf(r.report),
    startedAt: r.startedAt,
    updatedAt: r.updatedAt,
    ...(r.finishedAt !== null ? { finishedAt: r.finishedAt } : {}),
  };
}

/** The engine's report is JSON text; anything but an object is wrapped, so the contract's shape always holds. */
function reportOf(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : { value: parsed };
  } catch {
    return { text };
  }
}
