/**
 * A row as the Web API returns it: `@odata.etag`, columns by logical name, lookups as
 * `_<name>_value`, and, when `Prefer: odata.include-annotations` asks, formatted values and the
 * lookup's table and navigation property. Without `$select` every column comes back, nulls included.
 */
import { lookupPropertyName, type ColumnRef } from '../odata/columns.js';
import type { Expansion } from '../odata/query-options.js';
import type { EntityCatalog } from '../schema/catalog.js';
import type { AttributeDefinition, EntityDefinition } from '../schema/types.js';
import type { RecordStore } from '../store/record-store.js';
import { isLookupValue, type StoredRecord } from '../store/types.js';
import { wantsAnnotation } from './prefer.js';

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const LOOKUP_TABLE = 'Microsoft.Dynamics.CRM.lookuplogicalname';
const NAVIGATION = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

export interface RepresentationContext { store: RecordStore; catalog: EntityCatalog; includeAnnotations: string | undefined }

export const etagOf = (row: StoredRecord): string => `W/"${JSON.stringify(row.versionnumber)}"`;

export function represent(entity: EntityDefinition, row: StoredRecord, ctx: RepresentationContext, select?: ColumnRef[], expand: Expansion[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  const columns = select ? selectedColumns(entity, select) : entity.attributes;
  for (const attribute of columns) writeColumn(out, attribute, row, ctx);
  for (const e of expand) {
    const value = row[e.lookup.logicalName] ?? null;
    const related = isLookupValue(value) && value.logicalName === e.target.logicalName ? ctx.store.get(e.target.logicalName, value.id) : undefined;
    out[e.navigation] = related ? represent(e.target, related, ctx, e.select) : null;
  }
  return out;
}

/** The primary key always comes back; a money column brings its currency, as Dataverse does. */
function selectedColumns(entity: EntityDefinition, select: ColumnRef[]): AttributeDefinition[] {
  const names = new Set(select.map((c) => c.attribute.logicalName));
  names.add(entity.primaryIdAttribute);
  if (select.some((c) => c.attribute.type === 'money')) names.add('transactioncurrencyid');
  return entity.attributes.filter((a) => names.has(a.logicalName));
}

function writeColumn(out: Record<string, unknown>, attribute: AttributeDefinition, row: StoredRecord, ctx: RepresentationContext): void {
  const value = row[attribute.logicalName] ?? null;
  const wants = (term: string) => value !== null && wantsAnnotation(ctx.includeAnnotations, term);
  if (attribute.type === 'lookup') {
    const name = lookupPropertyName(attribute.logicalName);
    if (isLookupValue(value)) {
      if (wants(FORMATTED)) out[`${name}@${FORMATTED}`] = primaryName(ctx, value.logicalName, value.id);
      if (wants(NAVIGATION)) out[`${name}@${NAVIGATION}`] = attribute.navigation[value.logicalName] ?? attribute.logicalName;
      if (wants(LOOKUP_TABLE)) out[`${name}@${LOOKUP_TABLE}`] = value.logicalName;
    }
    out[name] = isLookupValue(value) ? value.id : null;
    return;
  }
  if (wants(FORMATTED)) {
    const formatted = formatValue(attribute, value, row, ctx);
    if (formatted !== undefined) out[`${attribute.logicalName}@${FORMATTED}`] = formatted;
  }
  out[attribute.logicalName] = value;
}

function primaryName(ctx: RepresentationContext, entity: string, id: string): string | null {
  const def = ctx.catalog.entity(entity);
  const name = def ? ctx.store.get(entity, id)?.[def.primaryNameAttribute] : undefined;
  return typeof name === 'string' ? name : null;
}

/** English (United States) formatting, the default user setting. */
function formatValue(attribute: AttributeDefinition, value: unknown, row: StoredRecord, ctx: RepresentationContext): string | undefined {
  switch (attribute.type) {
    case 'picklist': case 'state': case 'status': return attribute.options.find((o) => o.value === value)?.label;
    case 'boolean': return attribute.labels[value ? 1 : 0];
    case 'integer': case 'bigint': case 'decimal': return (value as number).toLocaleString('en-US');
    case 'money': {
      const currency = isLookupValue(row.transactioncurrencyid ?? null) ? ctx.store.get('transactioncurrency', (row.transactioncurrencyid as { id: string }).id) : undefined;
      const symbol = typeof currency?.currencysymbol === 'string' ? currency.currencysymbol : '';
      return `${symbol}${(value as number).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    }
    case 'datetime': {
      const d = new Date(value as string);
      return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${((d.getUTCHours() + 11) % 12) + 1}:${String(d.getUTCMinutes()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
    }
    case 'dateonly': {
      const [y, m, day] = (value as string).split('-');
      return `${Number(m)}/${Number(day)}/${y}`;
    }
    default: return undefined;
  }
}

/** `@odata.context` for a collection (`…/$metadata#opportunities(name,…)`) or one row (`…/$entity`). */
export function contextUrl(apiBase: string, entity: EntityDefinition, select: ColumnRef[] | undefined, single: boolean): string {
  const columns = select ? `(${select.map((c) => c.property).join(',')})` : '';
  return `${apiBase}/$metadata#${entity.entitySetName}${columns}${single ? '/$entity' : ''}`;
}
