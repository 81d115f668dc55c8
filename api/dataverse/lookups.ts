/**
 * The engine's plain column names to the Web API's lookup spellings and back, driven by `LOOKUPS`:
 * writes bind (`parentaccountid@odata.bind: "/accounts(<id>)"`, `record1id_opportunity@odata.bind`
 * for polymorphic columns), reads take `_<column>_value`, filters compare `_<column>_value` with
 * an unquoted GUID, and keyed lookups carry the key (`transactioncurrencyid: "EUR"`).
 */
import { CrmRecordError, type CrmWhere } from '../domain/crm.js';
import { primaryKeyOf, type EntitySets } from './entity-sets.js';
import { lookupOf, valueProperty, type LookupSpec } from './lookup-table.js';
import { isGuid, type Condition, type Literal } from './odata.js';
import type { ReferenceTables } from './reference-tables.js';

/** The engine names the primary key the Salesforce way in some reads; it is always selected anyway. */
const ID_ALIASES = new Set(['Id']);

export class LookupTranslator {
  constructor(private readonly sets: EntitySets, private readonly refs: ReferenceTables) {}

  /** The properties to `$select` for the requested columns, the primary key and the change stamps included. */
  select(table: string, fields: string[]): string[] {
    const pk = primaryKeyOf(table);
    const props = [pk, 'modifiedon', valueProperty('modifiedby')];
    for (const f of fields) {
      if (ID_ALIASES.has(f) || f === pk) continue;
      props.push(lookupOf(table, f) !== undefined ? valueProperty(f) : f);
    }
    return [...new Set(props)];
  }

  /** The requested columns of one Web API record, lookups under their plain names. */
  async readFields(table: string, record: Record<string, unknown>, fields: string[]): Promise<Record<string, unknown>> {
    const pk = primaryKeyOf(table);
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (ID_ALIASES.has(f) || f === pk) { out[f] = record[pk] ?? null; continue; }
      const spec = lookupOf(table, f);
      if (spec === undefined) { out[f] = record[f] ?? null; continue; }
      const id = record[valueProperty(f)];
      if (typeof id !== 'string') { out[f] = null; continue; }
      const annotated = record[`${valueProperty(f)}@Microsoft.Dynamics.CRM.lookuplogicalname`];
      if (typeof annotated === 'string') this.refs.remember(id, annotated);
      out[f] = spec.key === undefined ? id : (await this.refs.keyForId(spec.targets[0], spec.key, id)) ?? null;
    }
    return out;
  }

  /**
   * Conditions for `where`, or undefined when it can match nothing (an empty list, a key no row has,
   * a non-GUID value for a GUID column).
   */
  async conditions(table: string, where: CrmWhere): Promise<Condition[] | undefined> {
    const pk = primaryKeyOf(table);
    const out: Condition[] = [];
    for (const [field, raw] of Object.entries(where)) {
      const values: Literal[] = Array.isArray(raw) ? raw : [raw];
      const spec = lookupOf(table, field);
      if (ID_ALIASES.has(field) || field === pk) {
        const ids = guidsOnly(values);
        if (ids.length === 0) return undefined;
        out.push({ property: pk, values: ids, guid: true });
        continue;
      }
      if (spec === undefined) {
        if (values.length === 0) return undefined;
        out.push({ property: field, values, guid: false });
        continue;
      }
      const ids = await this.lookupValues(spec, values);
      if (ids.length === 0) return undefined;
      out.push({ property: valueProperty(field), values: ids, guid: true });
    }
    return out;
  }

  /** The record as the Web API takes it: lookups bound by URL, everything else unchanged. */
  async writeBody(table: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const spec = lookupOf(table, field);
      if (spec === undefined) { body[field] = value; continue; }
      if (value === null || value === undefined || value === '') { body[`${this.navigation(field, spec, spec.targets[0])}@odata.bind`] = null; continue; }
      if (typeof value !== 'string') throw invalidLookup(field, `expects ${spec.key ?? 'a record id'}, not ${typeof value}`);
      const [target, id] = await this.target(field, spec, value);
      body[`${this.navigation(field, spec, target)}@odata.bind`] = `/${this.sets.setOf(target)}(${id})`;
    }
    return body;
  }

  /** Warms the polymorphic cache for a whole write chunk: one query per candidate table, not per record. */
  async prepare(table: string, records: Array<Record<string, unknown>>): Promise<void> {
    const byColumn = new Map<string, { spec: LookupSpec; ids: string[] }>();
    for (const record of records) {
      for (const [field, value] of Object.entries(record)) {
        const spec = lookupOf(table, field);
        if (spec === undefined || spec.targets.length < 2 || typeof value !== 'string' || !isGuid(value)) continue;
        const entry = byColumn.get(field) ?? { spec, ids: [] };
        entry.ids.push(value);
        byColumn.set(field, entry);
      }
    }
    for (const { spec, ids } of byColumn.values()) await this.refs.tablesOf(ids, spec.targets);
  }

  private async target(field: string, spec: LookupSpec, value: string): Promise<[string, string]> {
    const first = spec.targets[0];
    if (spec.key !== undefined) {
      const id = await this.refs.idForKey(first, spec.key, value);
      if (id === undefined) throw invalidLookup(field, `no ${first} has ${spec.key} ${JSON.stringify(value)}`);
      return [first, id];
    }
    if (!isGuid(value)) throw invalidLookup(field, `${JSON.stringify(value)} is not a record id`);
    if (spec.targets.length === 1) return [first, value.toLowerCase()];
    const table = (await this.refs.tablesOf([value], spec.targets)).get(value.toLowerCase());
    if (table === undefined) throw invalidLookup(field, `no ${spec.targets.join(', ')} record has id ${value}`);
    return [table, value.toLowerCase()];
  }

  private navigation(field: string, spec: LookupSpec, target: string): string {
    if (spec.navigation !== undefined) return spec.navigation;
    return spec.targets.length > 1 ? `${field}_${target}` : field;
  }

  private async lookupValues(spec: LookupSpec, values: Literal[]): Promise<Literal[]> {
    const out: Literal[] = [];
    for (const v of values) {
      if (v === null) { out.push(null); continue; }
      if (spec.key === undefined) { if (typeof v === 'string' && isGuid(v)) out.push(v); continue; }
      const id = await this.refs.idForKey(spec.targets[0], spec.key, String(v));
      if (id !== undefined) out.push(id);
    }
    return out;
  }
}

function guidsOnly(values: Literal[]): Literal[] {
  return values.filter((v) => typeof v === 'string' && isGuid(v));
}

function invalidLookup(field: string, why: string): CrmRecordError {
  return new CrmRecordError('invalid', `The lookup ${field} ${why}.`, [field], 'InvalidLookup');
}
