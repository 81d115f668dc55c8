import type { ListQuery } from '../domain/ports.js';
import type { Referral } from '../domain/referral.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { JsonPage } from '../sync/mirrored-referrals.js';
import type { ContinuationTokens } from './continuation-token.js';
import { jsonText } from './json-text.js';
import type { OperationHandlers } from './operation-types.js';

/** What serves one tenant's requests: the domain operations, and optionally a list source that already holds JSON. */
export interface ReferralServices {
  operations: ReferralOperations;
  listJson?: (query: ListQuery, cursor?: string) => Promise<JsonPage | undefined>;
}

/** Thin handlers: the input is already validated; the domain decides; the result is the contract's. */
export function referralHandlers(servicesFor: (tenantId: string) => ReferralServices, tokens: ContinuationTokens): Pick<OperationHandlers,
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
      const services = servicesFor(ctx.tenantId);
      const next = (c: string) => {
        const continuationToken = tokens.seal(c);
        return { continuationToken, nextLink: `${ctx.baseUrl}/v1/referrals?continuationToken=${encodeURIComponent(continuationToken)}` };
      };
      const fast = await services.listJson?.(q, cursor);
      if (fast) {
        const tail = fast.cursor === undefined ? '' : Object.entries(next(fast.cursor)).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join('');
        return { status: 200, body: jsonText(`{"value":[${fast.items.join(',')}]${tail}}`) };
      }
      const page = await services.operations.list(q, cursor);
      if (page.cursor === undefined) return { status: 200, body: { value: page.items } };
      return { status: 200, body: { value: page.items, ...next(page.cursor) } };
    },

    async GetReferral({ path }, ctx) {
      return one(await servicesFor(ctx.tenantId).operations.get(path.referralId));
    },

    async CreateCoSellReferral({ body }, ctx) {
      const created = await servicesFor(ctx.tenantId).operations.createCoSell(body);
      return {
        status: 201,
        body: created,
        headers: { Location: `${ctx.baseUrl}/v1/referrals/${encodeURIComponent(created.referral.id)}`, ETag: created.referral.eTag },
      };
    },

    async UpdateReferral({ path, headers, body }, ctx) {
      return one(await servicesFor(ctx.tenantId).operations.update(path.referralId, body, ifMatch(headers)));
    },

    async AcceptReferral({ path, headers, body }, ctx) {
      return one(await servicesFor(ctx.tenantId).operations.act(path.referralId, 'accept', body?.reason, ifMatch(headers)));
    },

    async DeclineReferral({ path, headers, body }, ctx) {
      return one(await servicesFor(ctx.tenantId).operations.act(path.referralId, 'decline', body.reason, ifMatch(headers)));
    },

    async CloseReferral({ path, headers, body }, ctx) {
      return one(await servicesFor(ctx.tenantId).operations.act(path.referralId, body.outcome === 'Won' ? 'win' : 'lose', body.reason, ifMatch(headers)));
    },
  };
}
