/**
 * Event bodies as Partner Center sends them: the documented PascalCase keys in the documented order,
 * serialized compactly. The docs print the sample indented, but its `Content-Length: 195` is exactly
 * the compact form's length, so compact is what goes on the wire (and what gets signed).
 */
import { canonicalInstant } from '../timestamps.js';

/** The documented ResourceUri of referral events (reference §6.2, §6.4): not the Referrals API's host or path. */
export const REFERRAL_RESOURCE_BASE = 'https://api.partnercenter.microsoft.com/engagements/v1/referrals/';
/** The documented ResourceUri of test-created events; `http` as in both published samples. */
export const VALIDATION_EVENT_RESOURCE_BASE = 'http://api.partnercenter.microsoft.com/webhooks/v1/registration/validationEvents/';

export interface OutgoingEvent {
  eventName: string;
  resourceUri: string;
  resourceName: string;
  /** ResourceChangeUtcDate, already in the service's form. */
  resourceChangeUtcDate: string;
}

/** `2018-02-17T00:05:39.5485487+00:00`: seven fractional digits and an explicit +00:00, as in every sample. */
export function changeDate(instant: string | Date): string {
  const canonical = canonicalInstant(instant instanceof Date ? instant.toISOString() : instant);
  if (canonical === undefined) throw new RangeError(`'${String(instant)}' is not a date-time.`);
  return canonical.replace(/Z$/, '+00:00');
}

export function referralEvent(eventName: string, referralId: string, changedAt: string | Date): OutgoingEvent {
  return {
    eventName,
    resourceUri: `${REFERRAL_RESOURCE_BASE}${encodeURIComponent(referralId)}`,
    resourceName: 'referral',
    resourceChangeUtcDate: changeDate(changedAt),
  };
}

export function validationEvent(correlationId: string, createdAt: Date): OutgoingEvent {
  return {
    eventName: 'test-created',
    resourceUri: `${VALIDATION_EVENT_RESOURCE_BASE}${correlationId}`,
    resourceName: 'test',
    resourceChangeUtcDate: changeDate(createdAt),
  };
}

/** The exact text that is signed and sent. */
export function serializeEvent(event: OutgoingEvent): string {
  return JSON.stringify({
    EventName: event.eventName,
    ResourceUri: event.resourceUri,
    ResourceName: event.resourceName,
    AuditUri: null,
    ResourceChangeUtcDate: event.resourceChangeUtcDate,
  });
}
