/** Whole-record checks after the fields are coerced: writable fields, required fields, unique values, lookups. */
import { SalesforceError } from '../errors.js';
import { keyPrefixOf } from '../ids.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { FieldDef, ObjectDef, SObjectRecord } from '../schema/types.js';
import type { UniqueIndex } from './unique-index.js';

export type WriteKind = 'insert' | 'update';

export function unknownField(object: ObjectDef, name: string): SalesforceError {
  return new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
}

export function checkWritable(field: FieldDef, kind: WriteKind): void {
  const writable = kind === 'insert' ? field.createable : field.updateable;
  if (!writable) {
    throw new SalesforceError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field.name]);
  }
}

export function checkRequired(object: ObjectDef, record: SObjectRecord): void {
  const missing = object.fields
    .filter((f) => !f.nillable && f.createable && f.type !== 'boolean')
    .filter((f) => record[f.name] === null || record[f.name] === undefined)
    .map((f) => f.name);
  if (missing.length > 0) {
    throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }
}

export function checkUnique(object: ObjectDef, record: SObjectRecord, index: UniqueIndex): void {
  const conflict = index.conflict(object, record);
  if (conflict) {
    throw new SalesforceError(400, 'DUPLICATE_VALUE', `duplicate value found: ${conflict.field} duplicates value on record with id: ${conflict.id}`, []);
  }
}

/** A lookup must point at a live record of one of the field's target types. */
export function checkReference(schema: OrgSchema, field: FieldDef, id: string, find: (type: string, id: string) => SObjectRecord | undefined): void {
  const target = schema.findByKeyPrefix(keyPrefixOf(id));
  if (!target || !field.referenceTo.includes(target.name)) {
    throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${id}`, [field.name]);
  }
  const parent = find(target.name, id);
  if (!parent) throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', `${field.label}: invalid cross reference id`, [field.name]);
  if (parent.IsDeleted === true) throw new SalesforceError(400, 'ENTITY_IS_DELETED', `${field.label}: entity is deleted`, [field.name]);
}
