import type { ReferralStatus, ReferralSubstatus } from '../referral.js';
import type { ReferralState } from '../referral-status.js';
import type { Scalar, StageNames, StageRole, StageValues } from './types.js';
import { sameValue } from './transforms.js';

/**
 * Partner Center state → CRM stage, after the co-sell connectors: a referral not yet accepted waits in
 * the on-hold stage, an accepted one is in the active stage, a closed one is won or lost.
 */
export const STAGE_FOR_STATE: ReadonlyArray<{ status: ReferralStatus; substatuses: readonly ReferralSubstatus[]; stage: StageRole }> = [
  { status: 'New', substatuses: ['Pending', 'Received', 'None'], stage: 'onHold' },
  { status: 'Active', substatuses: ['Accepted', 'None'], stage: 'active' },
  { status: 'Closed', substatuses: ['Won'], stage: 'won' },
  { status: 'Closed', substatuses: ['Lost', 'Declined', 'Expired'], stage: 'lost' },
];

/**
 * CRM stage → Partner Center move, and the statuses it may start from. Leaving on-hold accepts;
 * a CRM cannot put a referral back on hold; lost before acceptance is a decline for an incoming one.
 */
export const STATE_FOR_STAGE: Readonly<Record<StageRole, { from: readonly ReferralStatus[]; to: ReferralState; incomingNew?: ReferralState }>> = {
  onHold: { from: [], to: { status: 'New', substatus: 'Pending' } },
  active: { from: ['New'], to: { status: 'Active', substatus: 'Accepted' } },
  won: { from: ['New', 'Active'], to: { status: 'Closed', substatus: 'Won' } },
  lost: { from: ['New', 'Active'], to: { status: 'Closed', substatus: 'Lost' }, incomingNew: { status: 'Closed', substatus: 'Declined' } },
};

/** Order in which a record's values are tested: closed stages first, as `alsoMatches` may be broad (IsClosed). */
const MATCH_ORDER: readonly StageRole[] = ['won', 'lost', 'onHold', 'active'];

export function stageRoleForState(state: ReferralState): StageRole | undefined {
  return STAGE_FOR_STATE.find((r) => r.status === state.status && r.substatuses.includes(state.substatus))?.stage;
}

/** The CRM values to write for a referral's state; undefined for a state no stage stands for (None). */
export function stageValuesForState(names: StageNames, state: ReferralState): Record<string, Scalar> | undefined {
  const role = stageRoleForState(state);
  return role === undefined ? undefined : { ...names[role].set };
}

/**
 * The stage a CRM record is in. Any open stage that is not on-hold counts as active (accepted), as the
 * connectors document; undefined when the record carries none of the stage fields (not loaded).
 */
export function stageRoleOfRecord(names: StageNames, fields: Readonly<Record<string, unknown>>): StageRole | undefined {
  const stageKeys = new Set(Object.values(names).flatMap((v: StageValues) => [v.set, ...(v.alsoMatches ?? [])].flatMap((s) => Object.keys(s))));
  if (![...stageKeys].some((k) => fields[k] !== undefined)) return undefined;
  const matches = (values: Record<string, Scalar>): boolean => Object.entries(values).every(([k, v]) => sameValue(fields[k], v));
  return MATCH_ORDER.find((role) => [names[role].set, ...(names[role].alsoMatches ?? [])].some(matches)) ?? 'active';
}

/** The Partner Center state a stage asks for, or undefined when the referral already is there or cannot move. */
export function stateForStage(role: StageRole, current?: ReferralState & { direction?: 'Incoming' | 'Outgoing' }): ReferralState | undefined {
  const rule = STATE_FOR_STAGE[role];
  if (current === undefined) return role === 'onHold' ? undefined : rule.to;
  if (!rule.from.includes(current.status)) return undefined;
  if (rule.incomingNew !== undefined && current.status === 'New' && current.direction === 'Incoming') return rule.incomingNew;
  return rule.to;
}
