/**
 * Unbound operations the sync uses:
 * - `GET WhoAmI` (or `WhoAmI()`): the caller's UserId, BusinessUnitId and OrganizationId;
 * - `POST WinOpportunity` / `POST LoseOpportunity` with `{"Status": n, "OpportunityClose": {…,
 *   "opportunityid@odata.bind": "/opportunities(<guid>)"}}`: records an opportunityclose activity
 *   and closes the opportunity (Status -1 means the state's default reason). 204, no body.
 */
import { badRequest, CODES, DataverseError, resourceNotFound } from '../errors.js';
import { checkStatePair, defaultStatus } from '../store/state-rules.js';
import { isLookupValue, type StoredRecord } from '../store/types.js';
import { parseJsonBody, readPayload } from './payload.js';
import type { ApiRequest, ApiResponse, CallContext, Environment } from './types.js';

export function runOperation(env: Environment, name: string, req: ApiRequest, ctx: CallContext): ApiResponse {
  if (name === 'WhoAmI') {
    if (req.method !== 'GET') throw new DataverseError(405, CODES.odataBadRequest, 'WhoAmI is a function: call it with GET.');
    const user = env.store.require('systemuser', ctx.userId);
    const businessUnit = isLookupValue(user.businessunitid ?? null) ? (user.businessunitid as { id: string }).id : env.businessUnitId;
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${env.apiBase}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: businessUnit, UserId: ctx.userId, OrganizationId: env.organizationId },
    };
  }
  if (req.method !== 'POST') throw new DataverseError(405, CODES.odataBadRequest, `${name} is an action: call it with POST.`);
  if (name === 'WinOpportunity') return closeOpportunity(env, req, ctx, 1);
  if (name === 'LoseOpportunity') return closeOpportunity(env, req, ctx, 2);
  throw resourceNotFound(name);
}

function closeOpportunity(env: Environment, req: ApiRequest, ctx: CallContext, state: 1 | 2): ApiResponse {
  const body = parseJsonBody(req.body);
  const status = body.Status;
  const close = body.OpportunityClose;
  if (typeof status !== 'number' || !Number.isInteger(status)) throw badRequest("The parameter 'Status' is required and must be an integer (use -1 for the default status reason).");
  if (close === null || typeof close !== 'object' || Array.isArray(close)) throw badRequest("The parameter 'OpportunityClose' is required.");
  const closeEntity = env.catalog.entity('opportunityclose')!;
  const opportunity = env.catalog.entity('opportunity')!;
  const activity = readPayload(closeEntity, close as Record<string, unknown>, { catalog: env.catalog, store: env.store, contentIds: ctx.contentIds });
  const target = activity.values.opportunityid ?? null;
  if (!isLookupValue(target)) throw badRequest("OpportunityClose must name the opportunity: 'opportunityid@odata.bind': '/opportunities(<guid>)'.");
  const current = env.store.require('opportunity', target.id);
  if (current.statecode !== 0) {
    throw new DataverseError(400, CODES.invalidArgument, `The opportunity is already closed (statecode ${JSON.stringify(current.statecode)}); reopen it before closing it again.`);
  }
  const reason = status === -1 ? defaultStatus(opportunity, state)! : status;
  checkStatePair(opportunity, target.id, state, reason);
  const today = env.store.now().slice(0, 10);
  const changes: StoredRecord = {
    statecode: state,
    statuscode: reason,
    actualclosedate: (activity.values.actualend as string | null | undefined) ?? today,
  };
  if (typeof activity.values.actualrevenue === 'number') changes.actualvalue = activity.values.actualrevenue;
  env.store.transaction(() => {
    const row = env.store.create('opportunityclose', { subject: state === 1 ? 'Opportunity Close - Won' : 'Opportunity Close - Lost', ...activity.values }, ctx);
    env.store.update('opportunityclose', row.activityid as string, { statecode: 1, statuscode: 2 }, ctx);
    env.store.update('opportunity', target.id, changes, ctx);
  });
  return { status: 204, headers: {} };
}
