/**
 * The environment's rows, in memory. Every write stamps `modifiedon` (whole seconds, as Dataverse
 * stores it), `modifiedby` and a new `versionnumber`, which is the row's ETag. Alternate keys are
 * unique. Writes inside `transaction()` are undone together when it throws (a $batch change set).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../api/domain/clock.js';
import { duplicateAlternateKey, recordNotFound } from '../errors.js';
import type { EntityCatalog } from '../schema/catalog.js';
import type { EntityDefinition } from '../schema/types.js';
import { checkStatePair, defaultStatus, hasState } from './state-rules.js';
import { isLookupValue, type StoredRecord, type StoredValue, type WriteContext } from './types.js';

interface JournalEntry { entity: string; id: string; before: StoredRecord | undefined }

export interface CreateOptions { id?: string }

export class RecordStore {
  private readonly tables = new Map<string, Map<string, StoredRecord>>();
  /** entity → key name → normalized key values → row id. */
  private readonly keyIndex = new Map<string, Map<string, Map<string, string>>>();
  private version = 1_000_000;
  private journal: JournalEntry[] | undefined;

  constructor(readonly catalog: EntityCatalog, private readonly clock: Clock) {}

  /** `2026-03-02T10:00:00Z`: Dataverse keeps whole seconds. */
  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  get(entity: string, id: string): StoredRecord | undefined {
    const row = this.table(entity).get(id.toLowerCase());
    return row ? { ...row } : undefined;
  }

  require(entity: string, id: string): StoredRecord {
    const row = this.get(entity, id);
    if (!row) throw recordNotFound(entity, id.toLowerCase());
    return row;
  }

  /** Live rows of a table, in insertion order (callers sort). Not copies: read only. */
  rows(entity: string): Iterable<StoredRecord> {
    return this.table(entity).values();
  }

  count(entity: string): number {
    return this.table(entity).size;
  }

  /** The row whose alternate-key columns equal `values`, if any. */
  findByKey(entity: string, values: Record<string, StoredValue>): StoredRecord | undefined {
    const key = this.catalog.entity(entity)?.alternateKeys.find((k) => k.attributes.length === Object.keys(values).length && k.attributes.every((a) => a in values));
    if (key) {
      const id = this.keyIndex.get(entity)?.get(key.name)?.get(keyString(key.attributes, values));
      return id === undefined ? undefined : this.get(entity, id);
    }
    const wanted = Object.entries(values);
    for (const row of this.table(entity).values()) {
      if (wanted.every(([k, v]) => sameValue(row[k] ?? null, v))) return { ...row };
    }
    return undefined;
  }

  create(entity: string, values: StoredRecord, ctx: WriteContext, options: CreateOptions = {}): StoredRecord {
    const def = this.definition(entity);
    const id = (options.id ?? randomUUID()).toLowerCase();
    const now = this.now();
    const row: StoredRecord = {};
    for (const a of def.attributes) row[a.logicalName] = a.type === 'boolean' ? a.defaultValue : null;
    Object.assign(row, values);
    const user = { id: ctx.userId, logicalName: 'systemuser' };
    Object.assign(row, { [def.primaryIdAttribute]: id, createdon: now, modifiedon: now, createdby: user, modifiedby: user, versionnumber: this.nextVersion() });
    if (def.ownership === 'user' && row.ownerid === null) row.ownerid = user;
    if (hasState(def)) {
      // Rows are created in their first state; a status reason must belong to it.
      row.statecode = 0;
      if (row.statuscode === null) row.statuscode = defaultStatus(def, 0) ?? null;
      checkStatePair(def, id, 0, row.statuscode as number);
    }
    this.derive(def, row);
    this.checkKeys(def, row);
    this.record(entity, id);
    this.put(entity, id, row);
    return { ...row };
  }

  update(entity: string, id: string, values: StoredRecord, ctx: WriteContext): StoredRecord {
    const def = this.definition(entity);
    const current = this.require(entity, id);
    const row: StoredRecord = { ...current, ...values };
    if (hasState(def) && ('statecode' in values || 'statuscode' in values)) {
      const state = row.statecode as number;
      if ('statecode' in values && !('statuscode' in values)) row.statuscode = defaultStatus(def, state) ?? null;
      checkStatePair(def, current[def.primaryIdAttribute] as string, state, row.statuscode as number);
    }
    Object.assign(row, { modifiedon: this.now(), modifiedby: { id: ctx.userId, logicalName: 'systemuser' }, versionnumber: this.nextVersion() });
    this.derive(def, row);
    this.checkKeys(def, row);
    this.record(entity, current[def.primaryIdAttribute] as string);
    this.put(entity, current[def.primaryIdAttribute] as string, row);
    return { ...row };
  }

  /**
   * Deletes a row. Rows that belong to it (notes regarding it, its connections, close activities)
   * go with it; other lookups to it are cleared, as a "Remove Link" relationship does.
   */
  delete(entity: string, id: string): void {
    const key = id.toLowerCase();
    this.require(entity, key);
    this.record(entity, key);
    this.put(entity, key, undefined);
    for (const def of this.catalog.all()) {
      for (const row of [...this.table(def.logicalName).values()]) {
        const rowId = row[def.primaryIdAttribute] as string;
        const pointing = def.attributes.filter((a) => a.type === 'lookup' && isLookupValue(row[a.logicalName]) && (row[a.logicalName] as { id: string }).id === key);
        if (pointing.length === 0 || !this.table(def.logicalName).has(rowId)) continue;
        if (OWNED_BY_PARENT.has(def.logicalName)) {
          this.delete(def.logicalName, rowId);
        } else {
          this.record(def.logicalName, rowId);
          this.put(def.logicalName, rowId, { ...row, ...Object.fromEntries(pointing.map((a) => [a.logicalName, null])) });
        }
      }
    }
  }

  /** Runs `fn`; if it throws, every write it made is undone. */
  transaction<T>(fn: () => T): T {
    if (this.journal) return fn();
    this.journal = [];
    try {
      const result = fn();
      this.journal = undefined;
      return result;
    } catch (error) {
      const journal = this.journal ?? [];
      this.journal = undefined;
      for (const entry of journal.reverse()) {
        this.put(entry.entity, entry.id, entry.before);
      }
      throw error;
    }
  }

  clear(): void {
    this.tables.clear();
    this.keyIndex.clear();
  }

  /** The one place rows change, so the key index follows. */
  private put(entity: string, id: string, row: StoredRecord | undefined): void {
    const table = this.table(entity);
    const before = table.get(id);
    const keys = this.catalog.entity(entity)?.alternateKeys ?? [];
    let indexes = this.keyIndex.get(entity);
    if (!indexes) {
      indexes = new Map(keys.map((k) => [k.name, new Map<string, string>()]));
      this.keyIndex.set(entity, indexes);
    }
    for (const key of keys) {
      const index = indexes.get(key.name)!;
      if (before && complete(key.attributes, before)) index.delete(keyString(key.attributes, before));
      if (row && complete(key.attributes, row)) index.set(keyString(key.attributes, row), id);
    }
    if (row) table.set(id, row);
    else table.delete(id);
  }

  private record(entity: string, id: string): void {
    if (!this.journal) return;
    const before = this.table(entity).get(id);
    this.journal.push({ entity, id, before: before ? { ...before } : undefined });
  }

  private nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  private definition(entity: string): EntityDefinition {
    const def = this.catalog.entity(entity);
    if (!def) throw new Error(`Unknown table ${entity}`);
    return def;
  }

  private table(entity: string): Map<string, StoredRecord> {
    let table = this.tables.get(entity);
    if (!table) {
      table = new Map();
      this.tables.set(entity, table);
    }
    return table;
  }

  /** Computed columns: full names, the note's table name, the money columns' currency. */
  private derive(def: EntityDefinition, row: StoredRecord): void {
    if (def.attributes.some((a) => a.logicalName === 'fullname') && def.attributes.some((a) => a.logicalName === 'lastname')) {
      const name = [row.firstname, row.lastname].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
      row.fullname = name === '' ? null : name;
    }
    if (def.logicalName === 'annotation') row.objecttypecode = isLookupValue(row.objectid) ? row.objectid.logicalName : null;
    if (def.logicalName === 'connection') row.name = describeConnection(this, row);
    const setsMoney = def.attributes.some((a) => a.type === 'money' && row[a.logicalName] !== null);
    if (setsMoney && def.attributes.some((a) => a.logicalName === 'transactioncurrencyid') && row.transactioncurrencyid === null) {
      const base = [...this.table('transactioncurrency').values()].find((c) => c.exchangerate === 1);
      if (base) row.transactioncurrencyid = { id: base.transactioncurrencyid as string, logicalName: 'transactioncurrency' };
    }
  }

  private checkKeys(def: EntityDefinition, row: StoredRecord): void {
    const id = row[def.primaryIdAttribute];
    for (const key of def.alternateKeys) {
      const values = Object.fromEntries(key.attributes.map((a) => [a, row[a] ?? null]));
      // A key with a null part is not indexed, as a SQL unique index with a filter would not be.
      if (Object.values(values).some((v) => v === null)) continue;
      const other = this.findByKey(def.logicalName, values);
      if (other && other[def.primaryIdAttribute] !== id) {
        throw duplicateAlternateKey(key.attributes.map((a) => def.attributes.find((x) => x.logicalName === a)?.displayName ?? a), key.name);
      }
    }
  }
}

function complete(attributes: string[], values: Record<string, StoredValue>): boolean {
  return attributes.every((a) => values[a] !== null && values[a] !== undefined);
}

function keyString(attributes: string[], values: Record<string, StoredValue>): string {
  return JSON.stringify(attributes.map((a) => {
    const v = values[a] ?? null;
    if (isLookupValue(v)) return v.id.toLowerCase();
    return typeof v === 'string' ? v.toLowerCase() : v;
  }));
}

const OWNED_BY_PARENT = new Set(['annotation', 'connection', 'opportunityclose']);

function describeConnection(store: RecordStore, row: StoredRecord): string | null {
  const target = row.record2id;
  if (!isLookupValue(target)) return null;
  const def = store.catalog.entity(target.logicalName);
  const name = def ? store.get(target.logicalName, target.id)?.[def.primaryNameAttribute] : null;
  return typeof name === 'string' ? name : null;
}

/** Key and filter equality: GUIDs and text compare case-insensitively, as SQL Server's collation does. */
export function sameValue(a: StoredValue, b: StoredValue): boolean {
  if (isLookupValue(a) || isLookupValue(b)) return isLookupValue(a) && isLookupValue(b) && a.id.toLowerCase() === b.id.toLowerCase();
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}
