import assert from 'node:assert/strict';
import { mappingSchema } from '../../api/domain/mapping/schema.js';
import type { FieldMapping, Mapping } from '../../api/domain/mapping/types.js';

// Written as exhaustive records so the compiler fails when types.ts gains or loses a key.
const FIELD_KEYS = { id: true, referral: true, crm: true, object: true, direction: true, transform: true, valueMap: true, constant: true, default: true, description: true } satisfies Record<keyof FieldMapping, true>;
const MAPPING_KEYS = { version: true, crm: true, objects: true, records: true, fields: true, stages: true, relations: true, description: true } satisfies Record<keyof Mapping, true>;

describe('mapping schema and types agree', () => {
  it('a field entry has the same keys in both', () => {
    assert.deepEqual(Object.keys(mappingSchema.definitions.field.properties).sort(), Object.keys(FIELD_KEYS).sort());
  });

  it('a document has the same keys in both (plus $schema for editors)', () => {
    assert.deepEqual(Object.keys(mappingSchema.properties).filter((k) => k !== '$schema').sort(), Object.keys(MAPPING_KEYS).sort());
  });
});
