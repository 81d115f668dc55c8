/**
 * The body of a Partner Center webhook delivery (reference §6.3): `EventName`, `ResourceUri`,
 * `ResourceName`, `AuditUri`, `ResourceChangeUtcDate`. Deliveries use PascalCase; the swagger model
 * (`PartnerResourceChangeCallBack`) is camelCase; both are read, and any other casing as a last resort.
 *
 * The event carries no referral data: it only says which resource changed. The referral id is the last
 * path segment of `ResourceUri`, whose host and path differ from the Referrals API's (§6.4).
 */

/** The events this product handles (the four the 2021 co-sell connectors register, plus the self-test). */
export const KNOWN_PARTNER_CENTER_EVENTS = [
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
  'test-created',
] as const;

export type KnownPartnerCenterEvent = (typeof KNOWN_PARTNER_CENTER_EVENTS)[number];

const KNOWN: ReadonlySet<string> = new Set(KNOWN_PARTNER_CENTER_EVENTS);

export function isKnownPartnerCenterEvent(eventName: string): eventName is KnownPartnerCenterEvent {
  return KNOWN.has(eventName);
}

export interface PartnerCenterEvent {
  eventName: string;
  resourceUri: string;
  resourceName: string;
  auditUri: string | null;
  /** As sent (7 fractional digits and an offset: `2018-02-17T00:05:39.5485487+00:00`); Date would drop precision. */
  resourceChangeUtcDate: string;
  /** The last path segment of resourceUri, percent-decoded: the referral id for referral events. */
  resourceId: string;
  /** False for events this product does not act on; they are still acknowledged and recorded. */
  known: boolean;
}

/** The body is not a Partner Center event; `field` names the offending property (PascalCase). */
export class PartnerCenterEventError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'PartnerCenterEventError';
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?$/i;

/** The value under `Name`, `name`, or a unique case-insensitive match. */
function property(body: Record<string, unknown>, pascal: string): unknown {
  if (Object.hasOwn(body, pascal)) return body[pascal];
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  if (Object.hasOwn(body, camel)) return body[camel];
  const matches = Object.keys(body).filter((k) => k.toLowerCase() === pascal.toLowerCase());
  return matches.length === 1 ? body[matches[0] as string] : undefined;
}

function requiredString(body: Record<string, unknown>, pascal: string): string {
  const value = property(body, pascal);
  if (typeof value !== 'string' || value.trim() === '') throw new PartnerCenterEventError(pascal, `${pascal} must be a non-empty string.`);
  return value;
}

/** The last non-empty path segment of an absolute URI, percent-decoded; undefined when there is none. */
export function resourceIdFromUri(resourceUri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(resourceUri);
  } catch {
    return undefined;
  }
  const last = url.pathname.split('/').filter((segment) => segment !== '').at(-1);
  if (last === undefined) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Parses the UTF-8 text of a delivery; throws PartnerCenterEventError when it is not an event. */
export function parsePartnerCenterEvent(bodyText: string): PartnerCenterEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText.replace(/^\uFEFF/, ''));
  } catch {
    throw new PartnerCenterEventError('body', 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PartnerCenterEventError('body', 'The body must be a JSON object.');
  }
  const body = parsed as Record<string, unknown>;
  const eventName = requiredString(body, 'EventName');
  const resourceUri = requiredString(body, 'ResourceUri');
  const resourceName = requiredString(body, 'ResourceName');
  const resourceChangeUtcDate = requiredString(body, 'ResourceChangeUtcDate');
  const resourceId = resourceIdFromUri(resourceUri);
  if (resourceId === undefined) throw new PartnerCenterEventError('ResourceUri', 'ResourceUri must be an absolute URI ending in the resource id.');
  if (!ISO_DATE_TIME.test(resourceChangeUtcDate)) {
    throw new PartnerCenterEventError('ResourceChangeUtcDate', 'ResourceChangeUtcDate must be an ISO 8601 date-time.');
  }
  const audit = property(body, 'AuditUri');
  return {
    eventName,
    resourceUri,
    resourceName,
    auditUri: typeof audit === 'string' ? audit : null,
    resourceChangeUtcDate,
    resourceId,
    known: isKnownPartnerCenterEvent(eventName),
  };
}
