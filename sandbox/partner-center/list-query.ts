/**
 * The OData query options of `GET /referrals`: `$filter`, `$orderby` (createdDateTime or
 * updatedDateTime, asc|desc), `$top` (page size), `$skip`, `$count`, `$select` and `$skiptoken`.
 * The raw query string is parsed here (not by the host app's query parser) so `+`, `%20` and
 * repeated options behave the same wherever the router is mounted.
 */
import { invalidRequest } from './errors.js';
import { parseFilter, type FilterNode } from './odata-filter.js';
import type { SortField } from './referral-store.js';
import type { IndexEntry } from './sorted-index.js';
import type { SkipTokenCodec, SkipTokenState } from './skiptoken.js';

export interface ListQuery {
  filterText?: string;
  filter?: FilterNode;
  orderbyText?: string;
  order: { field: SortField; descending: boolean };
  selectText?: string;
  select?: string[];
  count: boolean;
  pageSize: number;
  skip: number;
  cursor?: IndexEntry;
}

const SUPPORTED = new Set(['$filter', '$orderby', '$top', '$skip', '$count', '$select', '$skiptoken', '$expand']);
const ORDERBY = /^\s*(createdDateTime|updatedDateTime)(?:\s+(asc|desc))?\s*$/i;
const IDENTIFIER = /^[A-Za-z_@][\w.@]*$/;

function readOptions(rawQuery: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (!name.startsWith('$')) continue; // custom parameters are ignored, as OData services do
    const key = name.toLowerCase();
    if (!SUPPORTED.has(key)) throw invalidRequest(`The query option '${name}' is not supported.`, name);
    if (options.has(key)) throw invalidRequest(`The query option '${name}' is given more than once.`, name);
    options.set(key, value);
  }
  return options;
}

function parseInteger(value: string, name: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw invalidRequest(`${name} must be an integer of at least ${min}.`, name);
  }
  return Number(value);
}

function parseOrderby(text: string | undefined): ListQuery['order'] {
  if (text === undefined || text.trim() === '') return { field: 'createdDateTime', descending: false };
  const m = ORDERBY.exec(text);
  const field = m?.[1]?.toLowerCase() === 'updateddatetime' ? 'updatedDateTime' : 'createdDateTime';
  if (!m || (m[1] !== field)) {
    throw invalidRequest(`$orderby '${text}' is not supported; use createdDateTime or updatedDateTime, optionally followed by asc or desc.`, '$orderby');
  }
  return { field, descending: m[2]?.toLowerCase() === 'desc' };
}

function parseSelect(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '' || text.trim() === '*') return undefined;
  const fields = text.split(',').map((f) => f.trim());
  const bad = fields.find((f) => !IDENTIFIER.test(f));
  if (bad !== undefined) throw invalidRequest(`$select '${bad}' is not supported; list top-level property names separated by commas.`, '$select');
  return fields;
}

function parseCount(text: string | undefined): boolean {
  if (text === undefined || text === '') return false;
  const lower = text.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw invalidRequest('$count must be true or false.', '$count');
  return lower === 'true';
}

export function parseListQuery(rawQuery: string, maxPageSize: number, codec: SkipTokenCodec): ListQuery {
  const options = readOptions(rawQuery);
  const expand = options.get('$expand');
  if (expand !== undefined && expand.trim() !== '') throw invalidRequest('$expand is not supported on referrals.', '$expand');

  const token = options.get('$skiptoken');
  if (token !== undefined) return resume(codec.decode(token), options, maxPageSize);

  const query: ListQuery = {
    order: parseOrderby(options.get('$orderby')),
    count: parseCount(options.get('$count')),
    // $top is the page size; above the maximum it is capped (the client follows @odata.nextLink).
    pageSize: Math.min(options.has('$top') ? parseInteger(options.get('$top') ?? '', '$top', 1) : maxPageSize, maxPageSize),
    skip: options.has('$skip') ? parseInteger(options.get('$skip') ?? '', '$skip', 0) : 0,
  };
  const filterText = options.get('$filter');
  if (filterText !== undefined && filterText.trim() !== '') {
    query.filterText = filterText;
    query.filter = parseFilter(filterText);
  }
  const orderbyText = options.get('$orderby');
  if (orderbyText !== undefined) query.orderbyText = orderbyText;
  const selectText = options.get('$select');
  const select = parseSelect(selectText);
  if (selectText !== undefined) query.selectText = selectText;
  if (select) query.select = select;
  return query;
}

/** A nextLink request: the token holds the query; options repeated beside it must not change it. */
function resume(state: SkipTokenState, options: Map<string, string>, maxPageSize: number): ListQuery {
  const same = (name: string, original: string | undefined): void => {
    const given = options.get(name);
    if (given !== undefined && given !== (original ?? '')) {
      throw invalidRequest(`${name} cannot change while paging; follow @odata.nextLink as returned.`, name);
    }
  };
  same('$filter', state.filter);
  same('$orderby', state.orderby);
  same('$select', state.select);
  if (options.has('$count') && parseCount(options.get('$count')) !== state.count) {
    throw invalidRequest('$count cannot change while paging; follow @odata.nextLink as returned.', '$count');
  }
  if (options.has('$skip')) throw invalidRequest('$skip cannot be combined with $skiptoken.', '$skip');
  if (options.has('$top') && Math.min(parseInteger(options.get('$top') ?? '', '$top', 1), maxPageSize) !== state.pageSize) {
    throw invalidRequest('$top cannot change while paging; follow @odata.nextLink as returned.', '$top');
  }
  const query: ListQuery = {
    order: parseOrderby(state.orderby),
    count: state.count,
    pageSize: Math.min(Math.max(1, state.pageSize), maxPageSize),
    skip: 0,
    cursor: { key: state.afterKey, id: state.afterId },
  };
  if (state.filter !== undefined) {
    query.filterText = state.filter;
    query.filter = parseFilter(state.filter);
  }
  if (state.orderby !== undefined) query.orderbyText = state.orderby;
  const select = parseSelect(state.select);
  if (state.select !== undefined) query.selectText = state.select;
  if (select) query.select = select;
  return query;
}
