import { readInstant, readOptionalInstant } from './time.js';
import type { Delivery, DeliveryStatus, InboxEvent, InboxOutcome, InboxStatus, StoredReferral, Subscription, SubscriptionStatus, TriggerEvent } from './types.js';

/**
 * Rows as both drivers return them, and their mapping to the contract's shapes. The column names are
 * the same in both schemas; only the driver's types differ (SQLite: integer ids and 0/1 booleans and
 * text times; pg: bigint ids as strings, booleans, Date for timestamptz).
 */
type Id = number | string;
type Time = string | Date;
type Bool = boolean | number;

export interface InboxRow {
  id: Id; tenant_id: string; dedupe_key: string; event_name: string; resource_id: string | null;
  resource_change_at: string | null; body: string; received_at: Time; status: string; outcome: string | null;
  attempts: number; next_attempt_at: Time; locked_by: string | null; locked_until: Time | null;
  last_error: string | null; processed_at: Time | null;
}

export interface ReferralRow {
  tenant_id: string; id: string; updated_date_time: string; e_tag: string; status: string; substatus: string;
  type: string; direction: string; qualification: string | null; engagement_id: string | null;
  microsoft_co_sell: Bool; json: string;
}

export interface SubscriptionRow {
  id: string; tenant_id: string; event: string; callback_url: string; only_microsoft_co_sell: Bool; secret: string;
  status: string; consecutive_failures: number; disabled_reason: string | null; created_at: Time; updated_at: Time;
}

export interface DeliveryRow {
  id: Id; tenant_id: string; subscription_id: string; message_id: string; payload: string; created_at: Time;
  status: string; attempts: number; next_attempt_at: Time; locked_by: string | null; locked_until: Time | null;
  last_error: string | null; last_status_code: number | null; delivered_at: Time | null;
}

const bool = (v: Bool): boolean => v === true || v === 1;

export function toInboxEvent(r: InboxRow): InboxEvent {
  return {
    id: String(r.id),
    tenantId: r.tenant_id,
    dedupeKey: r.dedupe_key,
    eventName: r.event_name,
    resourceId: r.resource_id,
    resourceChangeAt: r.resource_change_at,
    body: r.body,
    receivedAt: readInstant(r.received_at),
    status: r.status as InboxStatus,
    outcome: r.outcome as InboxOutcome | null,
    attempts: Number(r.attempts),
    nextAttemptAt: readInstant(r.next_attempt_at),
    lockedBy: r.locked_by,
    lockedUntil: readOptionalInstant(r.locked_until),
    lastError: r.last_error,
    processedAt: readOptionalInstant(r.processed_at),
  };
}

export function toStoredReferral(r: ReferralRow): StoredReferral {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    updatedDateTime: r.updated_date_time,
    eTag: r.e_tag,
    status: r.status,
    substatus: r.substatus,
    type: r.type,
    direction: r.direction,
    qualification: r.qualification,
    engagementId: r.engagement_id,
    microsoftCoSell: bool(r.microsoft_co_sell),
    json: r.json,
  };
}

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    event: r.event as TriggerEvent,
    callbackUrl: r.callback_url,
    onlyMicrosoftCoSell: bool(r.only_microsoft_co_sell),
    secret: r.secret,
    status: r.status as SubscriptionStatus,
    consecutiveFailures: Number(r.consecutive_failures),
    disabledReason: r.disabled_reason,
    createdAt: readInstant(r.created_at),
    updatedAt: readInstant(r.updated_at),
  };
}

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: String(r.id),
    tenantId: r.tenant_id,
    subscriptionId: r.subscription_id,
    messageId: r.message_id,
    payload: r.payload,
    createdAt: readInstant(r.created_at),
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: readInstant(r.next_attempt_at),
    lockedBy: r.locked_by,
    lockedUntil: readOptionalInstant(r.locked_until),
    lastError: r.last_error,
    lastStatusCode: r.last_status_code,
    deliveredAt: readOptionalInstant(r.delivered_at),
  };
}

/** Claims return rows in no particular order (UPDATE … RETURNING); hand them out oldest first, as promised. */
export function byAgeThenId<T extends { id: string }>(time: (item: T) => string) {
  return (a: T, b: T): number => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return Number(a.id) - Number(b.id);
  };
}
