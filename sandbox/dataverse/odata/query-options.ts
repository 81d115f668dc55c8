/** The system query options a Dataverse read takes, validated against the table before any row is read. */
import { badRequest, unknownProperty } from '../errors.js';
import type { EntityCatalog } from '../schema/catalog.js';
import type { EntityDefinition, LookupAttribute } from '../schema/types.js';
import { resolveColumn, type ColumnRef } from './columns.js';
import { compileFilter, type RowPredicate } from './filter-eval.js';
import { parseFilter } from './filter-parser.js';

export interface OrderBy { column: ColumnRef; descending: boolean }
export interface Expansion { navigation: string; lookup: LookupAttribute; target: EntityDefinition; select?: ColumnRef[] }

export interface QueryOptions {
  select?: ColumnRef[];
  filter?: RowPredicate;
  orderBy: OrderBy[];
  top?: number;
  count: boolean;
  expand: Expansion[];
  skipToken?: string;
}

const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$count', '$expand', '$skiptoken']);

export function parseQueryOptions(params: URLSearchParams, entity: EntityDefinition, catalog: EntityCatalog, forCollection: boolean): QueryOptions {
  for (const name of params.keys()) {
    if (name === '$skip') throw badRequest('The query parameter $skip is not supported');
    if (name.startsWith('$') && !SUPPORTED.has(name)) throw badRequest(`The query parameter ${name} is not supported`);
    if (!forCollection && ['$filter', '$orderby', '$top', '$count', '$skiptoken'].includes(name)) throw badRequest(`The query parameter ${name} is not supported for a single record`);
  }
  const options: QueryOptions = { orderBy: [], count: false, expand: [] };
  const select = params.get('$select');
  if (select !== null) options.select = parseSelect(select, entity);
  const filter = params.get('$filter');
  if (filter !== null) options.filter = compileFilter(parseFilter(filter), entity);
  const orderBy = params.get('$orderby');
  if (orderBy !== null) {
    options.orderBy = orderBy.split(',').map((part) => {
      const [name = '', direction = 'asc', ...extra] = part.trim().split(/\s+/);
      if (extra.length > 0 || !['asc', 'desc'].includes(direction)) throw badRequest(`Syntax error at position ${part.length} in '${orderBy}'.`);
      return { column: resolveColumn(entity, name), descending: direction === 'desc' };
    });
  }
  const top = params.get('$top');
  if (top !== null) {
    const n = Number(top);
    if (!/^\d+$/.test(top) || n < 0) throw badRequest(`Invalid value '${top}' for $top query option found. The $top query option requires a non-negative integer value.`);
    options.top = n;
  }
  const count = params.get('$count');
  if (count !== null) {
    if (count !== 'true' && count !== 'false') throw badRequest(`'${count}' is not a valid count option.`);
    options.count = count === 'true';
  }
  const expand = params.get('$expand');
  if (expand !== null) options.expand = parseExpand(expand, entity, catalog);
  const skipToken = params.get('$skiptoken');
  if (skipToken !== null) options.skipToken = skipToken;
  return options;
}

function parseSelect(text: string, entity: EntityDefinition): ColumnRef[] {
  return text.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => resolveColumn(entity, p));
}

/** `nav` or `nav($select=a,b)`, comma-separated; only single-valued navigation properties. */
function parseExpand(text: string, entity: EntityDefinition, catalog: EntityCatalog): Expansion[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) { items.push(current); current = ''; continue; }
    current += ch;
  }
  items.push(current);
  return items.map((item) => {
    const match = /^\s*([A-Za-z0-9_]+)\s*(?:\((.*)\))?\s*$/.exec(item);
    if (!match) throw badRequest(`Syntax error in $expand '${text}'.`);
    const navigation = match[1]!;
    const found = catalog.navigation(entity.logicalName, navigation);
    if (!found) throw unknownProperty(entity.logicalName, navigation);
    const target = catalog.entity(found.target)!;
    const expansion: Expansion = { navigation, lookup: found.lookup, target };
    const inner = match[2]?.trim();
    if (inner) {
      const selectMatch = /^\$select=(.*)$/.exec(inner);
      if (!selectMatch) throw badRequest(`Only $select is supported inside $expand in this environment ('${inner}').`);
      expansion.select = parseSelect(selectMatch[1]!, target);
    }
    return expansion;
  });
}
