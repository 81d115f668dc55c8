/**
 * The documented status/substatus state machine (REST-DOCS `referral-resources`, §2.5):
 *
 *   | Status | Allowed Status Transition | Allowed Substatus             |
 *   | New    | New, Active, Closed       | Pending, Received             |
 *   | Active | Active, Closed            | Accepted                      |
 *   | Closed | Closed                    | Won, Lost, Declined, Expired  |
 *
 * Closed is terminal: "Expired, decline, won, and lost are terminal states where no further updates
 * are possible to the deal" (COSELL), so any write to a Closed referral is refused.
 */
import { invalidRequest, type PartnerCenterError } from './errors.js';

export type WritableStatus = 'New' | 'Active' | 'Closed';

export const STATUS_TRANSITIONS: Readonly<Record<WritableStatus, readonly WritableStatus[]>> = {
  New: ['New', 'Active', 'Closed'],
  Active: ['Active', 'Closed'],
  Closed: ['Closed'],
};

export const ALLOWED_SUBSTATUSES: Readonly<Record<WritableStatus, readonly string[]>> = {
  New: ['Pending', 'Received'],
  Active: ['Accepted'],
  Closed: ['Won', 'Lost', 'Declined', 'Expired'],
};

export interface ReferralState { status?: unknown; substatus?: unknown }

export function isWritableStatus(value: unknown): value is WritableStatus {
  return value === 'New' || value === 'Active' || value === 'Closed';
}

export function isTerminal(state: ReferralState): boolean {
  return state.status === 'Closed';
}

/** The substatus implied when a write names only the status (Closed has no single default). */
export function defaultSubstatus(status: WritableStatus): string | undefined {
  if (status === 'New') return 'Pending';
  if (status === 'Active') return 'Accepted';
  return undefined;
}

/** Checks that a (status, substatus) pair is one the table allows; `None` is never writable. */
export function checkPair(state: ReferralState): PartnerCenterError | undefined {
  const { status, substatus } = state;
  if (!isWritableStatus(status)) {
    return invalidRequest(`Status '${String(status)}' cannot be written; use one of New, Active, Closed.`, 'status');
  }
  const allowed = ALLOWED_SUBSTATUSES[status];
  if (typeof substatus !== 'string' || !allowed.includes(substatus)) {
    return invalidRequest(
      `Substatus '${String(substatus)}' is not allowed with status '${status}'; allowed: ${allowed.join(', ')}.`,
      'substatus',
    );
  }
  return undefined;
}

/**
 * Checks a change of state. A stored referral whose status is outside the table (`None`, missing)
 * may move to any valid pair: the table does not say, and refusing would strand seeded data.
 */
export function checkTransition(from: ReferralState, to: ReferralState): PartnerCenterError | undefined {
  if (isTerminal(from)) {
    return invalidRequest(
      `The referral is Closed (${String(from.substatus)}); closed referrals are terminal and cannot be updated.`,
      'status',
    );
  }
  const pairError = checkPair(to);
  if (pairError) return pairError;
  if (isWritableStatus(from.status) && !STATUS_TRANSITIONS[from.status].includes(to.status as WritableStatus)) {
    return invalidRequest(
      `Status cannot change from '${from.status}' to '${String(to.status)}'; allowed: ${STATUS_TRANSITIONS[from.status].join(', ')}.`,
      'status',
    );
  }
  return undefined;
}
