import { InvalidTransitionError, ReferralClosedError } from './errors.js';
import type { ReferralStatus, ReferralSubstatus } from './referral.js';

/**
 * Partner Center's documented status table (referral-resources): which statuses a status may move to,
 * and which substatuses each status allows. Closed is terminal.
 */
export const ALLOWED_STATUS_MOVES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  None: [],
  New: ['New', 'Active', 'Closed'],
  Active: ['Active', 'Closed'],
  Closed: ['Closed'],
};

export const ALLOWED_SUBSTATUSES: Readonly<Record<ReferralStatus, readonly ReferralSubstatus[]>> = {
  None: [],
  New: ['Pending', 'Received'],
  Active: ['Accepted'],
  Closed: ['Won', 'Lost', 'Declined', 'Expired'],
};

export interface ReferralState {
  status: ReferralStatus;
  substatus: ReferralSubstatus;
}

export function isTerminal(state: ReferralState): boolean {
  return state.status === 'Closed';
}

/** Throws when `to` is not reachable from `from` under the documented table. */
export function assertTransition(from: ReferralState, to: ReferralState): void {
  if (isTerminal(from)) {
    throw new ReferralClosedError(`The referral is Closed (${from.substatus}); Won, Lost, Declined and Expired are terminal and allow no further change.`);
  }
  if (!ALLOWED_STATUS_MOVES[from.status].includes(to.status)) {
    throw new InvalidTransitionError(`A referral in status ${from.status} cannot move to ${to.status}; allowed: ${ALLOWED_STATUS_MOVES[from.status].join(', ') || 'none'}.`);
  }
  if (!ALLOWED_SUBSTATUSES[to.status].includes(to.substatus)) {
    throw new InvalidTransitionError(`Substatus ${to.substatus} is not valid with status ${to.status}; allowed: ${ALLOWED_SUBSTATUSES[to.status].join(', ')}.`);
  }
}

/** Only content changes: allowed while the referral is open. */
export function assertOpen(state: ReferralState): void {
  if (isTerminal(state)) {
    throw new ReferralClosedError(`The referral is Closed (${state.substatus}); a closed referral cannot be updated.`);
  }
}

export type ReferralAction = 'accept' | 'decline' | 'win' | 'lose';

/** The state each action leads to, and the states it may start from (stricter than the table: what makes sense for a seller). */
export const ACTIONS: Readonly<Record<ReferralAction, { to: ReferralState; from: readonly ReferralStatus[]; incomingOnly: boolean }>> = {
  accept: { to: { status: 'Active', substatus: 'Accepted' }, from: ['New'], incomingOnly: true },
  decline: { to: { status: 'Closed', substatus: 'Declined' }, from: ['New'], incomingOnly: true },
  win: { to: { status: 'Closed', substatus: 'Won' }, from: ['New', 'Active'], incomingOnly: false },
  lose: { to: { status: 'Closed', substatus: 'Lost' }, from: ['New', 'Active'], incomingOnly: false },
};

export function assertAction(action: ReferralAction, state: ReferralState & { direction: 'Incoming' | 'Outgoing' }): ReferralState {
  const rule = ACTIONS[action];
  assertTransition(state, rule.to);
  if (!rule.from.includes(state.status)) {
    throw new InvalidTransitionError(`Only a referral in status ${rule.from.join(' or ')} can be ${pastTense(action)}; this one is ${state.status}/${state.substatus}.`);
  }
  if (rule.incomingOnly && state.direction !== 'Incoming') {
    throw new InvalidTransitionError(`Only incoming referrals can be ${pastTense(action)}; this one is outgoing.`);
  }
  return rule.to;
}

function pastTense(action: ReferralAction): string {
  return { accept: 'accepted', decline: 'declined', win: 'closed as won', lose: 'closed as lost' }[action];
}
