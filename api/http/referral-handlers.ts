import type { ListQuery } from '../domain/ports.js';
import type { Referral } from '../domain/referral.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { ContinuationTokens } from './continuation-token.js';
import type { OperationHandlers } from './operation-types.js';

/** Thin handlers: the input is already validated; the domain decides; the result is the contract's. */
export function referralHandlers(ops: ReferralOperations, tokens: ContinuationTokens): Pick<OperationHandlers,
  'ListReferrals' | 'GetReferral' | 'CreateCoSellReferral' | 'UpdateReferral' | 'AcceptReferral' | 'DeclineReferral' | 'CloseReferral'> {
  const one = (referral: Referral) => ({ status: 200 as const, body: referral, headers: { ETag: referral.eTag } });
  const ifMatch = (h: { 'If-Match'?: string }) => (h['If-Match'] !== undefined ? { ifMatch: h['If-Match'] } : {});

  return {
    async ListReferrals({ query }, ctx) {
      const q: ListQuery = { order: query.order ?? 'desc', top: query.top ?? 100 };
      if (query.status !== undefined) q.status = query.status;
      if (query.substatus !== undefined) q.substatus = query.substatus;
      if (query.type !== undefined) q.type = query.type;
      if (query.direction !== undefined) q.direction = query.direction;
      if (query.qualification !== undefined) q.qualification = query.qualification;
      if (query.engagementId !== undefined) q.engagementId = query.engagementId;
      if (query.updatedSince !== undefined) q.updatedSince = query.updatedSince;
      const cursor = query.continuationToken !== undefined ? tokens.open(query.continuationToken) : undefined;
      const page = await ops.list(q, cursor);
      if (page.cursor === undefined) return { status: 200, body: { value: page.items } };
      const continuationToken = tokens.seal(page.cursor);
      return { status: 200, body: { value: page.items, continuationToken, nextLink: `${ctx.baseUrl}/v1/referrals?continuationToken=${encodeURIComponent(continuationToken)}` } };
    },

    async GetReferral({ path }) {
      return one(await ops.get(path.referralId));
    },

    async CreateCoSellReferral({ body }, ctx) {
      const created = await ops.createCoSell(body);
      return {
        status: 201,
        body: created,
        headers: { Location: `${ctx.baseUrl}/v1/referrals/${encodeURIComponent(created.referral.id)}`, ETag: created.referral.eTag },
      };
    },

    async UpdateReferral({ path, headers, body }) {
      return one(await ops.update(path.referralId, body, ifMatch(headers)));
    },

    async AcceptReferral({ path, headers, body }) {
      return one(await ops.act(path.referralId, 'accept', body?.reason, ifMatch(headers)));
    },

    async DeclineReferral({ path, headers, body }) {
      return one(await ops.act(path.referralId, 'decline', body.reason, ifMatch(headers)));
    },

    async CloseReferral({ path, headers, body }) {
      return one(await ops.act(path.referralId, body.outcome === 'Won' ? 'win' : 'lose', body.reason, ifMatch(headers)));
    },
  };
}
