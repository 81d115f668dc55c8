/**
 * Closing an opportunity. Dataverse lists `WinOpportunity` and `LoseOpportunity` as the messages that
 * close one, and refuses a plain Update that sets `statecode` to Won or Lost (crm-apis.md §4.6; Web API
 * actions taking an `OpportunityClose` entity and a `Status`). So an update of `opportunity` that moves
 * it to state 1 (Won) or 2 (Lost), or to a status reason of those states, is sent as the other columns'
 * PATCH first (a closed opportunity is read-only) and then the action. Reopening (state 0) is a plain
 * PATCH of `statecode`/`statuscode`, which Dataverse handles as SetState.
 */
const WON_STATE = 1;
const LOST_STATE = 2;
/** statuscode → statecode, opportunity's documented status reasons. */
const STATE_OF_STATUS: Readonly<Record<number, number>> = { 1: 0, 2: 0, 3: WON_STATE, 4: LOST_STATE, 5: LOST_STATE };
const DEFAULT_STATUS: Readonly<Record<number, number>> = { [WON_STATE]: 3, [LOST_STATE]: 4 };

export interface CloseAction {
  action: 'WinOpportunity' | 'LoseOpportunity';
  status: number;
}

export interface SplitUpdate {
  /** The columns to PATCH (without the closing state, when there is one). */
  fields: Record<string, unknown>;
  close?: CloseAction;
}

export function splitOpportunityUpdate(fields: Record<string, unknown>): SplitUpdate {
  const state = optionValue(fields.statecode);
  const status = optionValue(fields.statuscode);
  const target = state ?? (status !== undefined ? STATE_OF_STATUS[status] : undefined);
  if (target !== WON_STATE && target !== LOST_STATE) return { fields };
  const { statecode: _state, statuscode: _status, ...rest } = fields;
  return {
    fields: rest,
    close: { action: target === WON_STATE ? 'WinOpportunity' : 'LoseOpportunity', status: status ?? DEFAULT_STATUS[target]! },
  };
}

/** The action's body: the OpportunityClose activity bound to the opportunity, and the status reason. */
export function closeBody(close: CloseAction, opportunityId: string): Record<string, unknown> {
  return closeBodyBoundTo(close, `/opportunities(${opportunityId})`);
}

/** The same, bound by any reference Dataverse resolves: a record path, or `$n` for the row written earlier in the change set. */
export function closeBodyBoundTo(close: CloseAction, opportunity: string): Record<string, unknown> {
  return {
    Status: close.status,
    OpportunityClose: {
      subject: close.action === 'WinOpportunity' ? 'Won (co-sell sync)' : 'Lost (co-sell sync)',
      'opportunityid@odata.bind': opportunity,
    },
  };
}

function optionValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
