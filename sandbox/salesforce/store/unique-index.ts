/**
 * Per object, a map from each unique or external-id field's value to the live records that hold it, so
 * DUPLICATE_VALUE checks and external-id matching cost O(1) rather than a scan of the table. The keys
 * keep the comparisons the store has always made: text case-insensitively, numbers by their string
 * form. Deleted rows are not indexed, since neither check sees them.
 *
 * The store reports every table change (writes, rollbacks, clear) before it makes it. Fields deployed
 * later through the Metadata API edit the schema in place without telling the store, so each call
 * compares the object's indexed fields with the schema's and indexes a new one from the table's rows.
 */
import type { FieldDef, FieldValue, ObjectDef, SObjectRecord } from '../schema/types.js';

/** Normalized value → Ids of the live records holding it. */
type Buckets = Map<string, Set<string>>;

export interface UniqueConflict { id: string; field: string }

export class UniqueIndex {
  private readonly objects = new Map<string, Map<string, Buckets>>();
  /** When each row entered its table: matches are listed in table order, as the scan listed them. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;

  constructor(private readonly rows: (type: string) => Iterable<SObjectRecord>) {}

  /** Call before the table changes the row `id` from `previous` to `next` (undefined: no row). */
  replace(object: ObjectDef, id: string, previous: SObjectRecord | undefined, next: SObjectRecord | undefined): void {
    const fields = this.fieldsOf(object);
    for (const [name, buckets] of fields) {
      const before = previous ? liveKey(previous, name) : undefined;
      const after = next ? liveKey(next, name) : undefined;
      if (before === after) continue;
      if (before !== undefined) remove(buckets, before, id);
      if (after !== undefined) add(buckets, after, id);
    }
    if (!previous && next) this.order.set(id, this.nextOrder++);
    if (previous && !next) this.order.delete(id);
  }

  /**
   * Ids of live records whose field equals `value` (text case-insensitively, numbers exactly as text),
   * in table order; undefined when the field is neither unique nor an external id.
   */
  match(object: ObjectDef, fieldName: string, value: string): string[] | undefined {
    const buckets = this.fieldsOf(object).get(fieldName);
    if (!buckets) return undefined;
    const ids = [...buckets.get(textKey(value)) ?? [], ...buckets.get(numberKey(value)) ?? []];
    return ids.length > 1 ? ids.sort((a, b) => this.rank(a) - this.rank(b)) : ids;
  }

  /**
   * The first live record in table order, other than `record` itself, that holds one of its unique text
   * values, with the first such field: what a scan of the table in order would report.
   */
  conflict(object: ObjectDef, record: SObjectRecord): UniqueConflict | undefined {
    const uniques = object.fields.filter((f) => f.unique && typeof record[f.name] === 'string');
    if (uniques.length === 0) return undefined;
    const fields = this.fieldsOf(object);
    let found: (UniqueConflict & { rank: number }) | undefined;
    for (const f of uniques) {
      for (const id of fields.get(f.name)?.get(textKey(String(record[f.name]))) ?? []) {
        if (id === record.Id) continue;
        const rank = this.rank(id);
        if (!found || rank < found.rank) found = { id, field: f.name, rank };
      }
    }
    return found ? { id: found.id, field: found.field } : undefined;
  }

  clear(): void {
    this.objects.clear();
    this.order.clear();
  }

  private rank(id: string): number {
    return this.order.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The object's field indexes, brought in line with its schema first. */
  private fieldsOf(object: ObjectDef): Map<string, Buckets> {
    let fields = this.objects.get(object.name);
    if (!fields) {
      fields = new Map();
      this.objects.set(object.name, fields);
    }
    const wanted = object.fields.filter(isIndexed).map((f) => f.name);
    if (wanted.length === fields.size && wanted.every((name) => fields.has(name))) return fields;
    for (const name of fields.keys()) if (!wanted.includes(name)) fields.delete(name);
    for (const name of wanted) if (!fields.has(name)) fields.set(name, this.build(object.name, name));
    return fields;
  }

  private build(type: string, fieldName: string): Buckets {
    const buckets: Buckets = new Map();
    for (const row of this.rows(type)) {
      const key = liveKey(row, fieldName);
      if (key !== undefined) add(buckets, key, String(row.Id));
    }
    return buckets;
  }
}

function isIndexed(field: FieldDef): boolean {
  return field.unique || field.externalId;
}

/** The row's key for the field; undefined for deleted rows and values no lookup can match. */
function liveKey(row: SObjectRecord, fieldName: string): string | undefined {
  if (row.IsDeleted === true) return undefined;
  return valueKey(row[fieldName]);
}

function valueKey(value: FieldValue | undefined): string | undefined {
  if (typeof value === 'string') return textKey(value);
  if (typeof value === 'number') return numberKey(String(value));
  return undefined;
}

function textKey(text: string): string {
  return `s:${text.toLowerCase()}`;
}

function numberKey(text: string): string {
  return `n:${text}`;
}

function add(buckets: Buckets, key: string, id: string): void {
  const ids = buckets.get(key);
  if (ids) ids.add(id);
  else buckets.set(key, new Set([id]));
}

function remove(buckets: Buckets, key: string, id: string): void {
  const ids = buckets.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) buckets.delete(key);
}
