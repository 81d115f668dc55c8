/**
 * `GET /<entityset>` (crm-apis.md §4.3): `$filter`, `$orderby`, `$select`, `$expand`, `$top` and
 * `$count`. Pages hold `Prefer: odata.maxpagesize` rows (default and maximum 5,000); `$top` is
 * ignored when a page size is given. `@odata.nextLink` repeats the query with a `$skiptoken`
 * cookie; `@odata.count` stops at 5,000.
 */
import { compare } from '../odata/filter-eval.js';
import { decodeSkipToken, encodeSkipToken } from '../odata/paging-cookie.js';
import { parseQueryOptions, type OrderBy } from '../odata/query-options.js';
import type { EntityDefinition } from '../schema/types.js';
import type { StoredRecord, StoredValue } from '../store/types.js';
import { parsePrefer } from './prefer.js';
import { annotationsApplied } from './record-routes.js';
import { contextUrl, represent } from './representation.js';
import type { ApiRequest, ApiResponse, Environment } from './types.js';

export const MAX_PAGE_SIZE = 5000;
const COUNT_LIMIT = 5000;

export function queryCollection(env: Environment, entity: EntityDefinition, req: ApiRequest): ApiResponse {
  const options = parseQueryOptions(req.query, entity, env.catalog, true);
  const prefs = parsePrefer(req.headers.prefer);
  // The primary key breaks ties, so every row has one place in the order and the cookie is exact.
  const sort: Array<{ read: (row: StoredRecord) => StoredValue; descending: boolean; name: string }> = [
    ...options.orderBy.map((o: OrderBy) => ({ read: (row: StoredRecord) => o.column.read(row), descending: o.descending, name: o.column.property })),
    { read: (row: StoredRecord) => row[entity.primaryIdAttribute] ?? null, descending: false, name: entity.primaryIdAttribute },
  ];
  const order = (a: StoredRecord, b: StoredRecord) => {
    for (const s of sort) {
      const c = compare(s.read(a), s.read(b));
      if (c !== 0) return s.descending ? -c : c;
    }
    return 0;
  };
  const matching = [...env.store.rows(entity.logicalName)].filter((row) => options.filter?.(row) ?? true).sort(order);

  const pageSize = prefs.maxPageSize !== undefined ? Math.min(prefs.maxPageSize, MAX_PAGE_SIZE) : Math.min(options.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const paged = options.top === undefined || prefs.maxPageSize !== undefined;
  let start = 0;
  let pageNumber = 1;
  if (options.skipToken !== undefined) {
    const position = decodeSkipToken(options.skipToken, sort.map((s) => s.name));
    pageNumber = position.pageNumber;
    const after = (row: StoredRecord) => {
      for (let i = 0; i < sort.length; i += 1) {
        const c = compare(sort[i]!.read(row), position.lastValues[i] ?? null);
        if (c !== 0) return (sort[i]!.descending ? -c : c) > 0;
      }
      return false;
    };
    start = matching.findIndex(after);
    if (start === -1) start = matching.length;
  }
  const page = matching.slice(start, start + pageSize);
  const more = paged && start + pageSize < matching.length;

  const ctx = { store: env.store, catalog: env.catalog, includeAnnotations: prefs.includeAnnotations };
  const body: Record<string, unknown> = { '@odata.context': contextUrl(env.apiBase, entity, options.select, false) };
  if (options.count) {
    body['@odata.count'] = Math.min(matching.length, COUNT_LIMIT);
    if (matching.length > COUNT_LIMIT) body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = true;
  }
  body.value = page.map((row) => represent(entity, row, ctx, options.select, options.expand));
  if (more) {
    const last = page[page.length - 1]!;
    const token = encodeSkipToken({ pageNumber: pageNumber + 1, lastValues: sort.map((s) => s.read(last)) }, sort.map((s) => s.name));
    body['@odata.nextLink'] = nextLink(env, entity, req.query, token);
  }
  const applied = [
    ...(prefs.maxPageSize !== undefined ? [`odata.maxpagesize=${prefs.maxPageSize}`] : []),
    ...(prefs.includeAnnotations ? [annotationsApplied(prefs.includeAnnotations)['Preference-Applied']!] : []),
  ];
  return { status: 200, headers: applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {}, body };
}

function nextLink(env: Environment, entity: EntityDefinition, query: URLSearchParams, token: string): string {
  const parts: string[] = [];
  for (const [name, value] of query) if (name !== '$skiptoken') parts.push(`${name}=${encodeURIComponent(value)}`);
  parts.push(`$skiptoken=${encodeURIComponent(token)}`);
  return `${env.apiBase}/${entity.entitySetName}?${parts.join('&')}`;
}
