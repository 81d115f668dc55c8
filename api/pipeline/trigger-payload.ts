/**
 * What a Power Automate trigger subscriber receives. The contract declares this shape as the triggers'
 * `x-ms-notification-content`; keep the two in step.
 */
import { createHash } from 'node:crypto';
import type { Referral } from '../domain/referral.js';
import type { TriggerEvent } from '../storage/types.js';

export interface TriggerPayload {
  /** The inbox event that led to this delivery. */
  eventId: string;
  eventType: TriggerEvent;
  /** Partner Center's ResourceChangeUtcDate when it was a date-time, else when the event was processed. */
  occurredAt: string;
  referral: Referral;
}

/** Which trigger a Partner Center event feeds; undefined for events no trigger carries. */
export function triggerFor(eventName: string): TriggerEvent | undefined {
  switch (eventName) {
    case 'referral-created': return 'referral-created';
    case 'referral-updated':
    case 'related-referral-created':
    case 'related-referral-updated':
      return 'referral-updated';
    default: return undefined;
  }
}

export function occurredAt(resourceChangeAt: string | null, processedAt: Date): string {
  return resourceChangeAt !== null && !Number.isNaN(Date.parse(resourceChangeAt)) ? resourceChangeAt : processedAt.toISOString();
}

/**
 * The Standard Webhooks `webhook-id` of one delivery: derived from what it announces (subscription,
 * trigger, referral and version), so however often that version is processed or retried, a subscriber
 * that dedupes on `webhook-id` acts on it once.
 */
export function deliveryMessageId(subscriptionId: string, event: TriggerEvent, referralId: string, version: string): string {
  const digest = createHash('sha256').update(`${subscriptionId}\n${event}\n${referralId}\n${version}`).digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}
