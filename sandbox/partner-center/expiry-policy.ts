/**
 * When an unanswered referral expires. "If you don't respond to a lead or opportunity within the
 * allotted time (currently 14 days), we'll archive it as Expired" (REST-DOCS, COSELL). Only
 * incoming referrals still in status New are waiting for this partner's answer. An explicit
 * `expirationDateTime` ("Date the referral will expire") wins over the 14-day rule.
 */
import { addDays, canonicalInstant, formatInstant, parseInstant } from './timestamps.js';
import type { Referral } from './types.js';

export const RESPONSE_WINDOW_DAYS = 14;

/** The instant (canonical form) at which the referral expires, or undefined when it never will. */
export function expiryDeadline(referral: Readonly<Referral>): string | undefined {
  if (referral.status !== 'New' || referral.direction !== 'Incoming') return undefined;
  const explicit = canonicalInstant(referral.expirationDateTime);
  if (explicit !== undefined) return explicit;
  const created = parseInstant(referral.createdDateTime);
  return created && formatInstant(addDays(created.epochMs, RESPONSE_WINDOW_DAYS), created.subTicks);
}
