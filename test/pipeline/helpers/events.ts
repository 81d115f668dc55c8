import { acceptDelivery } from '../../../api/pipeline/inbox-intake.js';
import type { Storage } from '../../../api/storage/types.js';
import { dedupeKeyOf, parsePartnerCenterEvent } from '../../../api/webhooks/index.js';

export const TENANT = 'tenant-a';

/** A Partner Center webhook event body as documented (§6.3): PascalCase, 7-digit fraction, +00:00. */
export function eventBody(eventName: string, referralId: string, changedAt: string): string {
  return JSON.stringify({
    EventName: eventName,
    ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${referralId}`,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: changedAt,
  });
}

/** What the webhook receiver does after verifying a delivery: read its facts and store it. */
export async function acceptBody(storage: Storage, rawBody: string, notify?: () => void, tenantId = TENANT): Promise<{ duplicate: boolean; eventId: string }> {
  const event = parsePartnerCenterEvent(rawBody);
  const delivery = { tenantId, eventName: event.eventName, resourceId: event.resourceId, resourceChangeAt: event.resourceChangeUtcDate, rawBody, dedupeKey: dedupeKeyOf(Buffer.from(rawBody)) };
  return acceptDelivery(storage, delivery, undefined, notify ? { notify } : {});
}

/** A Partner Center time: 7 fractional digits, as the service writes them. */
export function pcTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '0000Z');
}

/** Polls until `check` holds; the timeout is a guard against a hang, not an assertion on speed. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
