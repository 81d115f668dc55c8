import { normalizeUpdatedDateTime, toInstant } from './time.js';
import type { NewDelivery, StoredReferral } from './types.js';

/** What `complete` may write for an event. */
export interface CompletionEffects {
  referral?: StoredReferral;
  deliveries?: NewDelivery[];
  ignore?: boolean;
  /** Sync-queue keys of the event's tenant, queued in the same transaction when the outcome is `applied`. */
  syncKeys?: string[];
}

/**
 * An event's effects belong to its own tenant. A mismatch is a bug in the caller, and writing it would
 * leak one partner's data into another's mirror or outbox, so it fails the whole completion.
 */
export function assertSameTenant(tenantId: string, effects: CompletionEffects): void {
  if (effects.referral && effects.referral.tenantId !== tenantId) {
    throw new Error(`referral ${effects.referral.id} belongs to another tenant than its event`);
  }
  for (const d of effects.deliveries ?? []) {
    if (d.tenantId !== tenantId) throw new Error(`delivery ${d.messageId} belongs to another tenant than its event`);
  }
}

/** The mirror's columns for a referral, with `updatedDateTime` in its sortable stored form. */
export function referralColumns(r: StoredReferral) {
  return {
    tenant_id: r.tenantId,
    id: r.id,
    updated_date_time: normalizeUpdatedDateTime(r.updatedDateTime),
    e_tag: r.eTag,
    status: r.status,
    substatus: r.substatus,
    type: r.type,
    direction: r.direction,
    qualification: r.qualification,
    engagement_id: r.engagementId,
    microsoft_co_sell: r.microsoftCoSell,
    json: r.json,
  };
}

export function deliveryColumns(d: NewDelivery) {
  const createdAt = toInstant(d.createdAt);
  return {
    tenant_id: d.tenantId,
    subscription_id: d.subscriptionId,
    message_id: d.messageId,
    payload: d.payload,
    created_at: createdAt,
    // Due as soon as it exists.
    next_attempt_at: createdAt,
  };
}
