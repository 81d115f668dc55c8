/**
 * `GET /webhooks/v1/registration/events`: the documented 2019 list (samples/webhook-events-list-response.json,
 * in its order), then the referral events (WH-DOCS event pages, the related-referral pair from 2023), then
 * the other events the event pages name exactly. Only the referral events and `test-created` are ever
 * raised by this emulator; the others can be registered but never fire.
 */
export const SUPPORTED_WEBHOOK_EVENTS: readonly string[] = [
  'subscription-updated',
  'test-created',
  'usagerecords-thresholdExceeded',
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
  'invoice-ready',
  'azure-fraud-event-detected',
  'reseller-relationship-accepted-by-customer',
  'indirect-reseller-relationship-accepted-by-customer',
];

const BY_LOWER_CASE = new Map(SUPPORTED_WEBHOOK_EVENTS.map((name) => [name.toLowerCase(), name]));

/** The documented spelling of an event name given in any case (`usagerecords-thresholdExceeded` is mixed-case), or undefined. */
export function canonicalEventName(name: string): string | undefined {
  return BY_LOWER_CASE.get(name.trim().toLowerCase());
}
