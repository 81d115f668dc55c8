import type { Storage } from '../storage/types.js';

/**
 * A change this backend learned of without a webhook (its own write, or a reconciliation pass), queued
 * as an ordinary inbox event so that one path, the pipeline, updates the mirror and tells subscribers.
 * Keyed by referral and version: the webhook Partner Center sends for the same change then finds the
 * mirror up to date and is recorded as stale, so subscribers hear of each version once.
 */
export async function queueReferralChange(
  storage: Pick<Storage, 'inbox'>,
  change: { tenantId: string; referralId: string; updatedDateTime: string; kind: 'referral-created' | 'referral-updated'; source: 'api' | 'mirror-sync'; at: Date },
): Promise<boolean> {
  const { duplicate } = await storage.inbox.accept({
    tenantId: change.tenantId,
    dedupeKey: `${change.source}:${change.referralId}:${change.updatedDateTime}`,
    eventName: change.kind,
    resourceId: change.referralId,
    resourceChangeAt: change.updatedDateTime,
    body: JSON.stringify({ EventName: change.kind, ResourceName: 'referral', ReferralId: change.referralId, ResourceChangeUtcDate: change.updatedDateTime, Source: change.source }),
    receivedAt: change.at.toISOString(),
  });
  return !duplicate;
}
