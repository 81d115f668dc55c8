/** Salesforce records to the port's rows: flattened requested fields and ISO-8601 UTC stamps. */
import type { CrmRow } from '../domain/crm.js';

/** The fields every row needs besides the requested ones. */
export const SYSTEM_FIELDS = ['Id', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'];

export type SalesforceRecord = Record<string, unknown>;

/** Salesforce writes `2026-11-23T10:00:00.000+0000`; the port speaks `2026-11-23T10:00:00.000Z`. */
export function isoUtc(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export function toRow(record: SalesforceRecord, fields: string[]): CrmRow {
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field] = valueAt(record, field.split('.'));
  return {
    id: String(record.Id),
    fields: values,
    modifiedAt: isoUtc(record.LastModifiedDate),
    modifiedBy: typeof record.LastModifiedById === 'string' ? record.LastModifiedById : '',
    changeStamp: isoUtc(record.SystemModstamp),
  };
}

/** Follows `Account.Name` through nested records; a missing parent gives null. Names match case-insensitively, as Salesforce's do. */
function valueAt(record: SalesforceRecord, path: string[]): unknown {
  let current: unknown = record;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return null;
    const obj = current as SalesforceRecord;
    const key = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    current = key === undefined ? null : obj[key];
  }
  return current ?? null;
}

/** A record Id compares by its first 15 characters: the 18-character form only adds a case checksum. */
export const idKey = (id: string): string => id.slice(0, 15);

export function isSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id);
}
