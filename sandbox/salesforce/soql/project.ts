/** Builds query result records: `attributes`, the selected fields, parents nested under their relationship names. */
import type { FieldValue, SObjectRecord } from '../schema/types.js';
import { parentChain, type RecordSource, type ResolvedPath } from './resolve.js';

export interface Attributes { type: string; url: string }
export type OutputRecord = { attributes: Attributes } & { [field: string]: FieldValue | OutputRecord | Attributes };

export type RecordUrl = (type: string, id: string) => string;

export function projectRecord(source: RecordSource, type: string, record: SObjectRecord, paths: ResolvedPath[], url: RecordUrl): OutputRecord {
  const out: OutputRecord = { attributes: { type, url: url(type, String(record.Id)) } };
  for (const path of paths) {
    if (path.hops.length === 0) {
      out[path.field.name] = record[path.field.name] ?? null;
      continue;
    }
    const chain = parentChain(source, record, path.hops);
    let holder: OutputRecord = out;
    for (let i = 0; i < path.hops.length; i += 1) {
      const name = path.hops[i]!.name;
      const parent = chain?.[i];
      if (!parent) {
        if (!(name in holder)) holder[name] = null;
        holder = undefined as unknown as OutputRecord;
        break;
      }
      const existing = holder[name];
      if (existing === null || existing === undefined || typeof existing !== 'object') {
        holder[name] = { attributes: { type: parent.type, url: url(parent.type, String(parent.record.Id)) } };
      }
      holder = holder[name] as OutputRecord;
    }
    if (holder) holder[path.field.name] = chain?.[chain.length - 1]?.record[path.field.name] ?? null;
  }
  return out;
}
