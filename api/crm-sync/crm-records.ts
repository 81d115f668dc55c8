/**
 * Reads and writes a referral's CRM record and its related records through the CRM port, guided only
 * by the mapping (objects, relations and their links), so one implementation serves every CRM.
 */
import type { CrmGateway, CrmRow } from '../domain/crm.js';
import { CrmRecordError } from '../domain/crm.js';
import type { RelatedRecord } from '../domain/mapping/index.js';
import type { Mapping, ObjectRole, RecordObject, Relation, RelationName } from '../domain/mapping/types.js';
import { itemFieldsOf, recordFieldsToRead, type LoadedRecord } from '../domain/sync/index.js';

/** A related item as loaded: the related record's id and, for junctions, the junction row's id. */
export interface LoadedItem { id: string; junctionId?: string; fields: Record<string, unknown> }
export type LoadedRelations = Partial<Record<RelationName, LoadedItem[]>>;

export interface RecordSnapshot {
  row: CrmRow;
  loaded: LoadedRecord;
  items: LoadedRelations;
}

/** The record fields the engine needs besides the mapped ones. */
export interface SystemFields {
  referralId: string;
  syncFlag: string | undefined;
  link: string | undefined;
  audit: string | undefined;
  name: string | undefined;
}

export class CrmRecords {
  constructor(readonly gateway: CrmGateway, readonly mapping: Mapping, readonly system: SystemFields) {}

  crmName(role: ObjectRole): string {
    return (this.mapping.objects as Record<string, string | undefined>)[role] ?? role;
  }

  recordFields(object: RecordObject): string[] {
    const relations = this.relations(object);
    const lookups = relations.flatMap(([, r]) => (r.link.kind === 'lookupOnRecord' ? [r.link.field] : []));
    const sys = [this.system.referralId, this.system.syncFlag, this.system.link, this.system.audit, this.system.name].filter((f): f is string => f !== undefined);
    return [...new Set([...recordFieldsToRead(this.mapping, object), ...lookups, ...sys])];
  }

  relations(object: RecordObject): Array<[RelationName, Relation]> {
    return (Object.entries(this.mapping.relations) as Array<[RelationName, Relation]>).filter(([, r]) => r.records.includes(object) && r.direction !== 'off');
  }

  /** The record with its list relations (and the customer when `withCustomer`); undefined when it does not exist. */
  async load(object: RecordObject, id: string, options: { withCustomer?: boolean } = {}): Promise<RecordSnapshot | undefined> {
    const row = await this.gateway.get(this.crmName(object), id, this.recordFields(object));
    if (row === undefined) return undefined;
    const items: LoadedRelations = {};
    for (const [name, relation] of this.relations(object)) {
      if (name === 'customer' && options.withCustomer !== true) continue;
      items[name] = await this.loadRelation(name, relation, object, row);
    }
    const related: LoadedRecord['related'] = {};
    for (const [name, list] of Object.entries(items) as Array<[RelationName, LoadedItem[]]>) {
      related[name] = list.map((i): RelatedRecord => ({ object: this.crmName(this.mapping.relations[name]!.object), match: {}, fields: i.fields }));
    }
    return { row, loaded: { object, fields: row.fields, related }, items };
  }

  private itemFields(name: RelationName, relation: Relation, object: RecordObject): string[] {
    const own = itemFieldsOf(this.mapping, name, object).map((f) => f.crm).filter((c): c is string => c !== undefined);
    return [...new Set([...own, ...relation.match])];
  }

  private async loadRelation(name: RelationName, relation: Relation, object: RecordObject, row: CrmRow): Promise<LoadedItem[]> {
    const relatedObject = this.crmName(relation.object);
    const fields = this.itemFields(name, relation, object);
    const link = relation.link;
    switch (link.kind) {
      case 'lookupOnRecord': {
        const id = row.fields[link.field];
        if (typeof id !== 'string' || id === '') return [];
        const rec = await this.gateway.get(relatedObject, id, fields);
        return rec === undefined ? [] : [{ id: rec.id, fields: rec.fields }];
      }
      case 'lookupOnRelated': {
        const rows = await this.gateway.find(relatedObject, { [link.field]: row.id }, fields);
        return rows.map((r) => ({ id: r.id, fields: r.fields }));
      }
      case 'junction': {
        const junctions = await this.gateway.find(this.crmName(link.object), { [link.recordField]: row.id }, [link.relatedField]);
        const ids = junctions.map((j) => String(j.fields[link.relatedField]));
        const related = ids.length === 0 ? new Map<string, CrmRow>() : await this.gateway.getMany(relatedObject, [...new Set(ids)], fields);
        return junctions.flatMap((j) => {
          const rec = related.get(String(j.fields[link.relatedField]));
          return rec === undefined ? [] : [{ id: rec.id, junctionId: j.id, fields: rec.fields }];
        });
      }
    }
  }

  /** The customer record for `values`: an existing one matched on the relation's match fields, or a new one. */
  async resolveCustomer(values: Record<string, unknown>): Promise<string | undefined> {
    const relation = this.mapping.relations.customer;
    if (relation === undefined) return undefined;
    const object = this.crmName(relation.object);
    const match = Object.fromEntries(relation.match.filter((k) => values[k] !== undefined && values[k] !== null).map((k) => [k, values[k] as string]));
    if (Object.keys(match).length > 0) {
      const found = await this.gateway.find(object, match, [], { limit: 1 });
      if (found[0] !== undefined) return found[0].id;
    }
    if (!relation.createIfMissing) return undefined;
    const [result] = await this.gateway.createMany(object, [values]);
    if (result === undefined || !result.ok) throw result?.ok === false ? result.error : new CrmRecordError('invalid', `The ${object} could not be created.`);
    return result.id;
  }

  /**
   * Makes a list relation of the record hold exactly `target` (view items in CRM field names):
   * missing items are found or created and linked, extra ones unlinked, changed ones updated when the
   * relation owns its records. Returns warnings (items that could not be linked).
   */
  async writeList(name: RelationName, object: RecordObject, recordId: string, target: Array<Record<string, unknown>>, current: LoadedItem[]): Promise<string[]> {
    const relation = this.mapping.relations[name];
    if (relation === undefined) return [];
    const warnings: string[] = [];
    const keyOf = (values: Record<string, unknown>): string => JSON.stringify(relation.match.map((k) => lower(values[k])));
    const have = new Map(current.map((i) => [keyOf(i.fields), i]));
    const want = new Map(target.map((t) => [keyOf(t), t]));
    const relatedObject = this.crmName(relation.object);
    const link = relation.link;
    const adds = [...want].filter(([k]) => !have.has(k)).map(([, v]) => v);
    const removes = [...have].filter(([k]) => !want.has(k)).map(([, v]) => v);
    const changed = relation.createIfMissing
      ? [...want].flatMap(([k, v]) => { const h = have.get(k); return h !== undefined && Object.entries(v).some(([f, x]) => lower(h.fields[f]) !== lower(x)) ? [{ id: h.id, fields: v }] : []; })
      : [];

    if (link.kind === 'lookupOnRelated') {
      if (adds.length > 0) throwFailures(await this.gateway.createMany(relatedObject, adds.map((a) => ({ ...a, [link.field]: recordId }))));
      if (removes.length > 0) throwFailures(await this.gateway.deleteMany(relatedObject, removes.map((r) => r.id)), ['not-found']);
    } else if (link.kind === 'junction') {
      const relatedIds = adds.length > 0 ? await this.findOrCreate(relation, relatedObject, adds, warnings) : [];
      if (relatedIds.length > 0) {
        const rows = relatedIds.map((id) => ({ [link.recordField]: recordId, [link.relatedField]: id, ...(link.fields ?? {}) }));
        throwFailures(await this.gateway.createMany(this.crmName(link.object), rows), ['duplicate']);
      }
      const junctionIds = removes.map((r) => r.junctionId).filter((j): j is string => j !== undefined);
      if (junctionIds.length > 0) throwFailures(await this.gateway.deleteMany(this.crmName(link.object), junctionIds), ['not-found']);
    }
    if (changed.length > 0) throwFailures(await this.gateway.updateMany(relatedObject, changed));
    return warnings;
  }

  /** Ids of existing related records matching `items` (one query), creating the missing ones when allowed. */
  private async findOrCreate(relation: Relation, object: string, items: Array<Record<string, unknown>>, warnings: string[]): Promise<string[]> {
    const [first] = relation.match;
    if (first === undefined) return [];
    const values = items.map((i) => i[first]).filter((v): v is string => typeof v === 'string' && v !== '');
    const found = values.length === 0 ? [] : await this.gateway.find(object, { [first]: [...new Set(values)] }, relation.match);
    const byKey = new Map(found.map((r) => [lower(r.fields[first]), r.id]));
    const ids: string[] = [];
    const toCreate: Array<Record<string, unknown>> = [];
    for (const item of items) {
      const id = byKey.get(lower(item[first]));
      if (id !== undefined) ids.push(id);
      else if (relation.createIfMissing) toCreate.push(item);
      else warnings.push(`No ${object} with ${first} ${String(item[first])}; not linked.`);
    }
    if (toCreate.length > 0) {
      const results = await this.gateway.createMany(object, toCreate);
      results.forEach((r, i) => { if (r.ok) ids.push(r.id); else warnings.push(`${object} ${JSON.stringify(toCreate[i])} not created: ${r.error.message}`); });
    }
    return ids;
  }
}

function lower(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : JSON.stringify(v ?? null);
}

/** The first failure of a bulk write, unless its code is one the caller accepts (already linked, already gone). */
export function throwFailures(results: Array<{ ok: boolean; error?: CrmRecordError }>, tolerated: string[] = []): void {
  for (const r of results) if (!r.ok && r.error !== undefined && !tolerated.includes(r.error.code)) throw r.error;
}
