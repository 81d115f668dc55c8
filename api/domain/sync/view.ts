/**
 * A sync view: what a referral or a CRM record says about every mapped value, in one comparable shape
 * (CRM field names, normalized values). The three-way merge compares the referral's view, the record's
 * view and the last agreed view (the link's base), key by key.
 *
 * Keys: the record's own CRM fields (stage fields excluded), `@stage` (the stage role), and one key
 * per relation (`@customer`, `@contacts`, `@team`, `@solutions`). A key absent from a view was not read.
 */
import type { Referral } from '../referral.js';
import { fieldsOn, relationsFor, type CrmRelated, type RelatedRecord } from '../mapping/crm-record.js';
import { stageRoleForState, stageRoleOfRecord } from '../mapping/stages.js';
import { toCrmRecord } from '../mapping/apply.js';
import { toCrmValue, toPartnerCenterValue } from '../mapping/transforms.js';
import type { FieldMapping, Mapping, RecordObject, Relation, RelationName, StageRole } from '../mapping/types.js';

export type SyncView = Record<string, unknown>;
export const STAGE_KEY = '@stage';
export const relationKey = (name: RelationName): string => `@${name}`;

/** The record as loaded by an adapter: raw CRM values, and the related records it read (absent = not read). */
export interface LoadedRecord {
  object: RecordObject;
  fields: Record<string, unknown>;
  related: Partial<Record<RelationName, RelatedRecord[]>>;
}

/** Every mapped entry that is not off, as if it went both ways: views compare values whatever their direction. */
export function bothWays(mapping: Mapping): Mapping {
  const fields = mapping.fields.map((f) => (f.direction === 'off' ? f : { ...f, direction: 'both' as const }));
  const relations: Mapping['relations'] = Object.fromEntries((Object.entries(mapping.relations) as Array<[RelationName, Relation]>).map(([k, r]) => [k, r.direction === 'off' ? r : { ...r, direction: 'both' as const }]));
  return { ...mapping, fields, relations };
}

export function stageKeys(mapping: Mapping, object: RecordObject): Set<string> {
  const names = mapping.stages[object];
  if (names === undefined) return new Set();
  return new Set(Object.values(names).flatMap((v) => [v.set, ...(v.alsoMatches ?? [])].flatMap((s) => Object.keys(s))));
}

/** The CRM fields the record's view reads (stage fields included), for the adapter's SELECT. */
export function recordFieldsToRead(mapping: Mapping, object: RecordObject): string[] {
  const own = fieldsOn(mapping, object, (d) => d !== 'off').map((f) => f.crm).filter((c): c is string => c !== undefined);
  return [...new Set([...own, ...stageKeys(mapping, object)])];
}

/** What the referral says, in CRM terms. Undefined when the mapping does not sync its category to `object`. */
export function viewOfReferral(mapping: Mapping, object: RecordObject, referral: Referral): SyncView | undefined {
  const all = bothWays(mapping);
  const record = toCrmRecord({ ...all, records: { ...all.records, [referral.category]: object } }, referral);
  if (record === undefined) return undefined;
  const skip = stageKeys(mapping, object);
  const view: SyncView = {};
  for (const [k, v] of Object.entries(record.fields)) if (!skip.has(k)) view[k] = normalize(v);
  view[STAGE_KEY] = stageRoleForState(referral) ?? null;
  const { customer, ...lists } = record.related;
  if (customer !== undefined && relationsFor(all, object, (d) => d !== 'off').some(([n]) => n === 'customer')) view[relationKey('customer')] = normalizeItem(customer.fields);
  for (const [name, items] of Object.entries(lists) as Array<[RelationName, RelatedRecord[]]>) {
    view[relationKey(name)] = normalizeList(items.map((i) => i.fields), itemFieldsOf(mapping, name, object));
  }
  return view;
}

/** What the CRM record says. Only what was loaded appears. */
export function viewOfRecord(mapping: Mapping, record: LoadedRecord): SyncView {
  const view: SyncView = {};
  const skip = stageKeys(mapping, record.object);
  for (const f of fieldsOn(mapping, record.object, (d) => d !== 'off')) {
    if (f.crm === undefined || skip.has(f.crm) || !(f.crm in record.fields)) continue;
    view[f.crm] = normalize(canonical(f, record.fields[f.crm]));
  }
  const names = mapping.stages[record.object];
  const role: StageRole | undefined = names !== undefined ? stageRoleOfRecord(names, record.fields) : undefined;
  if (role !== undefined) view[STAGE_KEY] = role;
  for (const [name, items] of Object.entries(record.related) as Array<[RelationName, RelatedRecord[] | undefined]>) {
    if (items === undefined) continue;
    const fields = itemFieldsOf(mapping, name, record.object);
    const values = items.map((i) => Object.fromEntries(fields.filter((f) => f.crm !== undefined && (i.fields[f.crm] !== undefined || i.match[f.crm] !== undefined))
      .map((f) => [f.crm!, canonical(f, i.fields[f.crm!] ?? i.match[f.crm!])])));
    view[relationKey(name)] = name === 'customer' ? normalizeItem(values[0] ?? {}) : normalizeList(values, fields);
  }
  return view;
}

/** The entries on a relation's object that a view compares (team members compare by the matching fields only: users are never written). */
export function itemFieldsOf(mapping: Mapping, name: RelationName, object: RecordObject): FieldMapping[] {
  const relation = mapping.relations[name];
  if (relation === undefined || !relation.records.includes(object)) return [];
  const entries = fieldsOn(mapping, relation.object, (d) => d !== 'off');
  return relation.createIfMissing ? entries : entries.filter((f) => f.crm !== undefined && relation.match.includes(f.crm));
}

/** A CRM value read the way the referral's value is written, so "United States" equals "US" and "100" equals 100. */
function canonical(f: FieldMapping, raw: unknown): unknown {
  if (raw === undefined || raw === null || f.transform === undefined) return raw;
  const there = toPartnerCenterValue(f.transform, raw);
  const back = there === undefined ? undefined : toCrmValue(f.transform, there);
  return back ?? raw;
}

export function normalize(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') { const t = v.trim(); return t === '' ? null : t; }
  return v;
}

function normalizeItem(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(values).sort()) {
    const v = normalize(values[k]);
    if (v !== null) out[k] = typeof v === 'string' && /email/i.test(k) ? v.toLowerCase() : v;
  }
  return out;
}

function normalizeList(items: Array<Record<string, unknown>>, fields: FieldMapping[]): Array<Record<string, unknown>> {
  const keep = new Set(fields.map((f) => f.crm).filter((c): c is string => c !== undefined));
  const list = items.map((i) => normalizeItem(Object.fromEntries(Object.entries(i).filter(([k]) => keep.size === 0 || keep.has(k)))))
    .filter((i) => Object.keys(i).length > 0);
  const text = list.map((i) => JSON.stringify(i));
  return [...new Set(text)].sort().map((t) => JSON.parse(t) as Record<string, unknown>);
}

/** Equal as views: deep JSON equality after normalization (lists are sorted already). */
export function sameViewValue(a: unknown, b: unknown): boolean {
  const na = normalize(a); const nb = normalize(b);
  if (typeof na === 'number' && typeof nb === 'number') return Math.abs(na - nb) < 1e-9;
  return JSON.stringify(na) === JSON.stringify(nb);
}

/** The loaded relations in the mapping's CrmRelated shape (the customer is one record, not a list). */
export function asCrmRelated(related: LoadedRecord['related']): CrmRelated {
  const { customer, ...lists } = related;
  const out: CrmRelated = {};
  if (customer?.[0] !== undefined) out.customer = customer[0];
  for (const [k, v] of Object.entries(lists) as Array<['contacts' | 'team' | 'solutions', RelatedRecord[] | undefined]>) if (v !== undefined) out[k] = v;
  return out;
}
