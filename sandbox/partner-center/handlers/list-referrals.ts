/**
 * `GET /v1.0/engagements/referrals`: filter, order, page. Walks the store's sorted index from the
 * keyset cursor and stops one row past the page, so a page costs O(page + rows filtered out), not
 * a sort of the whole store. `@odata.count` (on `$count=true`) is the full filtered total.
 */
import type { RequestHandler } from 'express';
import type { EmulatorContext } from '../emulator-context.js';
import { parseListQuery } from '../list-query.js';
import { evaluateFilter } from '../odata-eval.js';
import { sortKey } from '../referral-store.js';
import { rawQuery } from '../request-context.js';
import { listContextUrl, present, presentJson, REFERRALS_PATH } from '../representation.js';
import type { Referral } from '../types.js';

export function listReferrals(ctx: EmulatorContext): RequestHandler {
  return (req, res) => {
    const query = parseListQuery(rawQuery(req), ctx.maxPageSize, ctx.skipTokens);
    const { filter } = query;
    const matches = filter ? (r: Readonly<Referral>) => evaluateFilter(filter, r) : () => true;
    const { field, descending } = query.order;

    const page: Readonly<Referral>[] = [];
    let toSkip = query.skip;
    let hasMore = false;
    for (const referral of ctx.store.scan(field, descending, query.cursor)) {
      if (!matches(referral)) continue;
      if (toSkip > 0) { toSkip -= 1; continue; }
      if (page.length === query.pageSize) { hasMore = true; break; }
      page.push(referral);
    }

    const base = ctx.baseUrl(req, res);
    const body: Record<string, unknown> = { '@odata.context': listContextUrl(base) };
    if (query.count) {
      let total = 0;
      for (const referral of ctx.store.scan(field, descending)) if (matches(referral)) total += 1;
      body['@odata.count'] = total;
    }
    const last = page[page.length - 1];
    if (hasMore && last) {
      const token = ctx.skipTokens.encode({
        ...(query.filterText !== undefined ? { filter: query.filterText } : {}),
        ...(query.orderbyText !== undefined ? { orderby: query.orderbyText } : {}),
        ...(query.selectText !== undefined ? { select: query.selectText } : {}),
        count: query.count,
        pageSize: query.pageSize,
        afterKey: sortKey(last, field),
        afterId: last.id,
      });
      body['@odata.nextLink'] = `${base}${REFERRALS_PATH}?$skiptoken=${encodeURIComponent(token)}`;
    }
    const select = query.select;
    if (select) {
      body.value = page.map((r) => present(r, base, { select }));
      res.status(200).json(body);
      return;
    }
    // Assembled from each referral's cached JSON, in the key order a plain object would give.
    const parts = [`"@odata.context":${JSON.stringify(body['@odata.context'])}`];
    if ('@odata.count' in body) parts.push(`"@odata.count":${JSON.stringify(body['@odata.count'])}`);
    parts.push(`"value":[${page.map((r) => presentJson(r, base)).join(',')}]`);
    if ('@odata.nextLink' in body) parts.push(`"@odata.nextLink":${JSON.stringify(body['@odata.nextLink'])}`);
    res.status(200).type('application/json').send(`{${parts.join(',')}}`);
  };
}
