/**
 * The org's records, in memory. Writes run Salesforce's validation (fields, types, required,
 * unique, lookups), stamp the audit fields and keep deleted records (IsDeleted) for queryAll and
 * `deleted`. A journal lets sObject Collections roll back an allOrNone request. Unique and external-id
 * values are indexed (unique-index.ts), so duplicate checks and upsert matching do not scan the table.
 */
import type { Clock } from '../../../api/domain/clock.js';
import { systemTimestamp } from '../datetime.js';
import { entityIsDeleted, notFound, SalesforceError } from '../errors.js';
import { IdGenerator, keyPrefixOf, normalizeId } from '../ids.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { FieldValue, ObjectDef, SObjectRecord } from '../schema/types.js';
import { runQuery, type QueryOutcome } from '../soql/run-query.js';
import { applyDerivedFields } from './derived-fields.js';
import { coerceFieldValue } from './field-coercion.js';
import { UniqueIndex } from './unique-index.js';
import { checkReference, checkRequired, checkUnique, checkWritable, unknownField, type WriteKind } from './write-checks.js';

export interface InsertOptions extends WriteOptions {
  /** Seeding only: the Id to give the record (e.g. a configured user's Id). */
  id?: string;
}

export interface WriteOptions {
  /** The acting user (LastModifiedById); default the integration user. */
  asUserId?: string;
  /** An automated change: moves SystemModstamp only, as a system process would (update only). */
  systemOnly?: boolean;
}

interface JournalEntry { type: string; id: string; previous: SObjectRecord | undefined }

export class RecordStore {
  private readonly tables = new Map<string, Map<string, SObjectRecord>>();
  private readonly ids = new IdGenerator();
  private readonly index = new UniqueIndex((type) => this.table(type).values());
  private journal: JournalEntry[] | undefined;

  constructor(private readonly schema: OrgSchema, private readonly clock: Clock, private readonly defaultUserId: () => string) {}

  objectDef(type: string): ObjectDef {
    const object = this.schema.find(type);
    if (!object) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return object;
  }

  /** A record (a copy) by type and 15- or 18-character Id, deleted ones included. */
  get(type: string, id: string): SObjectRecord | undefined {
    const found = this.find(type, id);
    return found ? { ...found } : undefined;
  }

  /** Any record by Id, its type taken from the key prefix. */
  getById(id: string): { type: string; record: SObjectRecord } | undefined {
    const full = normalizeId(id);
    const object = full ? this.schema.findByKeyPrefix(keyPrefixOf(full)) : undefined;
    const record = object && full ? this.find(object.name, full) : undefined;
    return object && record ? { type: object.name, record } : undefined;
  }

  /** The live records of a type (or all, with includeDeleted), in insertion order; not copies, so treat as read-only. */
  list(type: string, options: { includeDeleted?: boolean } = {}): SObjectRecord[] {
    const rows = [...this.table(this.objectDef(type).name).values()];
    return options.includeDeleted ? rows : rows.filter((r) => r.IsDeleted !== true);
  }

  count(type: string): number {
    return this.list(type).length;
  }

  /** Runs SOQL as the REST API would (deleted rows with includeDeleted, as queryAll); all rows, unpaged. */
  query(soql: string, options: { includeDeleted?: boolean } = {}): QueryOutcome {
    return runQuery(this.schema, this, soql, {
      includeDeleted: options.includeDeleted ?? false, now: this.clock(), recordUrl: (t, id) => `/services/data/v62.0/sobjects/${t}/${id}`,
    });
  }

  insert(type: string, values: Record<string, unknown>, options: InsertOptions = {}): SObjectRecord {
    const object = this.objectDef(type);
    const changes = this.coerce(object, values, 'insert');
    const userId = options.asUserId ?? this.defaultUserId();
    const now = systemTimestamp(this.clock());
    const record: SObjectRecord = {};
    for (const f of object.fields) record[f.name] = f.defaultedOnCreate ? f.defaultValue : null;
    Object.assign(record, changes);
    record.Id = options.id !== undefined ? (normalizeId(options.id) ?? options.id) : this.ids.issue(object.keyPrefix);
    if (object.fields.some((f) => f.name === 'OwnerId') && record.OwnerId === null) record.OwnerId = userId;
    if (object.custom && record.Name === null) record.Name = record.Id;
    Object.assign(record, { IsDeleted: false, CreatedDate: now, CreatedById: userId, LastModifiedDate: now, LastModifiedById: userId, SystemModstamp: now });
    this.finish(object, record, new Set(Object.keys(changes)));
    this.write(object.name, record);
    return { ...record };
  }

  update(type: string, id: string, values: Record<string, unknown>, options: WriteOptions = {}): SObjectRecord {
    const object = this.objectDef(type);
    const current = this.live(object, id);
    const changes = this.coerce(object, values, 'update');
    const record: SObjectRecord = { ...current, ...changes };
    const now = systemTimestamp(this.clock());
    record.SystemModstamp = now;
    if (!options.systemOnly) Object.assign(record, { LastModifiedDate: now, LastModifiedById: options.asUserId ?? this.defaultUserId() });
    this.finish(object, record, new Set(Object.keys(changes)));
    this.write(object.name, record);
    return { ...record };
  }

  /** Soft delete; children that cannot live without the parent go with it, optional custom lookups are cleared. */
  delete(type: string, id: string, options: WriteOptions = {}): void {
    const object = this.objectDef(type);
    const current = this.live(object, id);
    const now = systemTimestamp(this.clock());
    this.write(object.name, { ...current, IsDeleted: true, SystemModstamp: now, LastModifiedDate: now, LastModifiedById: options.asUserId ?? this.defaultUserId() });
    for (const child of this.schema.childRelationships(object.name)) {
      const childDef = this.objectDef(child.childSObject);
      const lookup = this.schema.field(childDef, child.field);
      for (const row of this.list(childDef.name).filter((r) => r[child.field] === current.Id)) {
        if (lookup && !lookup.nillable) this.delete(childDef.name, String(row.Id), options);
        else if (lookup?.custom) this.write(childDef.name, { ...row, [child.field]: null, SystemModstamp: now });
      }
    }
  }

  /** Records whose external-id (or Id) field equals the value, case-insensitively as Salesforce matches text. */
  findByField(type: string, fieldName: string, value: string): SObjectRecord[] {
    const object = this.objectDef(type);
    const field = this.schema.field(object, fieldName);
    if (!field) return [];
    if (field.name === 'Id') {
      const record = this.find(object.name, value);
      return record && record.IsDeleted !== true ? [record] : [];
    }
    const ids = this.index.match(object, field.name, value);
    if (ids) return ids.map((id) => this.table(object.name).get(id)).filter((r): r is SObjectRecord => r !== undefined);
    // Neither unique nor an external id: no index, so scan.
    const wanted = value.toLowerCase();
    return this.list(object.name).filter((r) => typeof r[field.name] === 'string' && String(r[field.name]).toLowerCase() === wanted
      || typeof r[field.name] === 'number' && String(r[field.name]) === value);
  }

  /** Starts recording undo information; returns the point to roll back to. */
  savepoint(): number {
    this.journal ??= [];
    return this.journal.length;
  }

  rollbackTo(point: number): void {
    const journal = this.journal ?? [];
    while (journal.length > point) {
      const entry = journal.pop()!;
      const table = this.table(entry.type);
      this.index.replace(this.objectDef(entry.type), entry.id, table.get(entry.id), entry.previous);
      if (entry.previous) table.set(entry.id, entry.previous);
      else table.delete(entry.id);
    }
  }

  /** Stops journaling once the outermost savepoint is done. */
  release(point: number): void {
    if (point === 0) this.journal = undefined;
  }

  clear(): void {
    this.tables.clear();
    this.index.clear();
  }

  private coerce(object: ObjectDef, values: Record<string, unknown>, kind: WriteKind): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const [name, raw] of Object.entries(values)) {
      if (name === 'attributes') continue;
      const field = this.schema.field(object, name);
      if (!field) throw unknownField(object, name);
      if (field.name === 'Id') {
        if (kind === 'insert') throw new SalesforceError(400, 'INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
        continue;
      }
      checkWritable(field, kind);
      const value = coerceFieldValue(field, raw);
      if (field.type === 'reference' && typeof value === 'string') checkReference(this.schema, field, value, (t, i) => this.find(t, i));
      out[field.name] = value;
    }
    return out;
  }

  private finish(object: ObjectDef, record: SObjectRecord, changed: Set<string>): void {
    checkRequired(object, record);
    applyDerivedFields(object.name, record, changed, (id) => this.getById(id)?.record);
    checkUnique(object, record, this.index);
  }

  private live(object: ObjectDef, id: string): SObjectRecord {
    const record = this.find(object.name, id);
    if (!record) throw notFound();
    if (record.IsDeleted === true) throw entityIsDeleted();
    return record;
  }

  private find(type: string, id: string): SObjectRecord | undefined {
    const full = normalizeId(id);
    const object = this.schema.find(type);
    return full && object ? this.table(object.name).get(full) : undefined;
  }

  private write(type: string, record: SObjectRecord): void {
    const table = this.table(type);
    const id = String(record.Id);
    const previous = table.get(id);
    this.journal?.push({ type, id, previous });
    this.index.replace(this.objectDef(type), id, previous, record);
    table.set(id, record);
  }

  private table(type: string): Map<string, SObjectRecord> {
    let table = this.tables.get(type);
    if (!table) {
      table = new Map();
      this.tables.set(type, table);
    }
    return table;
  }
}
