/** Web API records to the port's rows: the primary key as id, `modifiedon` as both stamps, `_modifiedby_value` as who. */
import type { CrmRow } from '../domain/crm.js';
import { primaryKeyOf } from './entity-sets.js';
import type { LookupTranslator } from './lookups.js';
import type { WebApiRecord } from './query.js';

/** `2026-11-23T10:00:00Z` → `2026-11-23T10:00:00.000Z`: one spelling, so stamps compare as strings. */
export function isoUtc(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export async function toRow(table: string, record: WebApiRecord, fields: string[], lookups: LookupTranslator): Promise<CrmRow> {
  const modifiedAt = isoUtc(record.modifiedon);
  const modifiedBy = record._modifiedby_value;
  return {
    id: String(record[primaryKeyOf(table)]),
    fields: await lookups.readFields(table, record, fields),
    modifiedAt,
    modifiedBy: typeof modifiedBy === 'string' ? modifiedBy : '',
    changeStamp: modifiedAt,
  };
}
