/**
 * How query options name columns: a lookup is `_<name>_value` (its navigation property is not a
 * column), everything else by its logical name. Names are case-sensitive.
 */
import { unknownProperty } from '../errors.js';
import type { AttributeDefinition, EntityDefinition } from '../schema/types.js';
import { isLookupValue, type StoredRecord, type StoredValue } from '../store/types.js';

export interface ColumnRef {
  /** The name as the query spells it (`_parentaccountid_value`). */
  property: string;
  attribute: AttributeDefinition;
  /** The value as queries compare it: a lookup's GUID, everything else as stored. */
  read(row: StoredRecord): StoredValue;
}

export function lookupPropertyName(logicalName: string): string {
  return `_${logicalName}_value`;
}

export function resolveColumn(entity: EntityDefinition, property: string): ColumnRef {
  const lookupMatch = /^_(.+)_value$/.exec(property);
  if (lookupMatch) {
    const attribute = entity.attributes.find((a) => a.logicalName === lookupMatch[1] && a.type === 'lookup');
    if (!attribute) throw unknownProperty(entity.logicalName, property);
    return { property, attribute, read: (row) => { const v = row[attribute.logicalName] ?? null; return isLookupValue(v) ? v.id : null; } };
  }
  const attribute = entity.attributes.find((a) => a.logicalName === property && a.type !== 'lookup');
  if (!attribute) throw unknownProperty(entity.logicalName, property);
  return { property, attribute, read: (row) => row[attribute.logicalName] ?? null };
}

export function edmType(attribute: AttributeDefinition): string {
  switch (attribute.type) {
    case 'string': case 'memo': return 'Edm.String';
    case 'integer': case 'picklist': case 'state': case 'status': return 'Edm.Int32';
    case 'bigint': return 'Edm.Int64';
    case 'decimal': case 'money': return 'Edm.Decimal';
    case 'boolean': return 'Edm.Boolean';
    case 'datetime': return 'Edm.DateTimeOffset';
    case 'dateonly': return 'Edm.Date';
    case 'uniqueidentifier': case 'lookup': return 'Edm.Guid';
  }
}
