/** A lookup as stored: the target row and its table. */
export interface LookupValue { id: string; logicalName: string }
export type StoredValue = string | number | boolean | null | LookupValue;
export type StoredRecord = Record<string, StoredValue>;

export function isLookupValue(value: StoredValue | undefined): value is LookupValue {
  return typeof value === 'object' && value !== null;
}

/** Who writes: `_createdby_value`/`_modifiedby_value` and the default owner come from it. */
export interface WriteContext { userId: string }
