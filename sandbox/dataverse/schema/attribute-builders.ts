/** Short constructors for column definitions, and the system columns every table has. */
import type { AttributeDefinition, OptionLabel } from './types.js';

// Dataverse's documented ranges: money ±922,337,203,685,477, integers are 32-bit.
const MONEY_MAX = 922_337_203_685_477;

export const text = (logicalName: string, displayName: string, maxLength = 100, format: 'text' | 'email' | 'url' | 'phone' = 'text'): AttributeDefinition =>
  ({ logicalName, displayName, type: 'string', maxLength, format });
export const memo = (logicalName: string, displayName: string, maxLength = 2000): AttributeDefinition =>
  ({ logicalName, displayName, type: 'memo', maxLength });
export const integer = (logicalName: string, displayName: string, min = -2_147_483_648, max = 2_147_483_647): AttributeDefinition =>
  ({ logicalName, displayName, type: 'integer', min, max });
export const decimal = (logicalName: string, displayName: string, precision = 10): AttributeDefinition =>
  ({ logicalName, displayName, type: 'decimal', min: 0, max: 100_000_000_000, precision });
export const money = (logicalName: string, displayName: string): AttributeDefinition =>
  ({ logicalName, displayName, type: 'money', min: -MONEY_MAX, max: MONEY_MAX, precision: 2 });
export const yesNo = (logicalName: string, displayName: string, defaultValue = false): AttributeDefinition =>
  ({ logicalName, displayName, type: 'boolean', labels: ['No', 'Yes'], defaultValue });
export const dateTime = (logicalName: string, displayName: string, readOnly = false): AttributeDefinition =>
  ({ logicalName, displayName, type: 'datetime', ...(readOnly ? { readOnly } : {}) });
export const dateOnly = (logicalName: string, displayName: string): AttributeDefinition =>
  ({ logicalName, displayName, type: 'dateonly' });
export const choice = (logicalName: string, displayName: string, options: OptionLabel[]): AttributeDefinition =>
  ({ logicalName, displayName, type: 'picklist', options });
export const computed = (logicalName: string, displayName: string, maxLength = 160): AttributeDefinition =>
  ({ logicalName, displayName, type: 'string', maxLength, readOnly: true });

/** A lookup to one table: the navigation property is the lookup's own name. */
export const lookup = (logicalName: string, displayName: string, target: string, readOnly = false): AttributeDefinition =>
  ({ logicalName, displayName, type: 'lookup', targets: [target], navigation: { [target]: logicalName }, ...(readOnly ? { readOnly } : {}) });

/** A polymorphic lookup (customer, regarding): one navigation property per target, `<name>_<target>`. */
export const polymorphicLookup = (logicalName: string, displayName: string, targets: string[]): AttributeDefinition =>
  ({ logicalName, displayName, type: 'lookup', targets, navigation: Object.fromEntries(targets.map((t) => [t, `${logicalName}_${t}`])) });

export const options = (...labels: Array<[number, string]>): OptionLabel[] => labels.map(([value, label]) => ({ value, label }));

/** The state pair. `status` lists each status reason with the state it belongs to; the first per state is its default. */
export function stateAndStatus(states: Array<[number, string]>, statuses: Array<[number, string, number]>): AttributeDefinition[] {
  return [
    { logicalName: 'statecode', displayName: 'Status', type: 'state', options: options(...states) },
    { logicalName: 'statuscode', displayName: 'Status Reason', type: 'status', options: statuses.map(([value, label, state]) => ({ value, label, state })) },
  ];
}

/** Columns every table has: id, audit stamps and the row version. */
export function systemColumns(primaryId: string, ownership: 'user' | 'organization' | 'none'): AttributeDefinition[] {
  const columns: AttributeDefinition[] = [
    { logicalName: primaryId, displayName: 'Id', type: 'uniqueidentifier' },
    dateTime('createdon', 'Created On', true),
    dateTime('modifiedon', 'Modified On', true),
    lookup('createdby', 'Created By', 'systemuser', true),
    lookup('modifiedby', 'Modified By', 'systemuser', true),
    { logicalName: 'versionnumber', displayName: 'Version Number', type: 'bigint', readOnly: true },
  ];
  if (ownership === 'user') columns.push(lookup('ownerid', 'Owner', 'systemuser'));
  return columns;
}
