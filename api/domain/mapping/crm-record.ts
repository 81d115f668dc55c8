import type { MappingWarning } from './field-values.js';
import type { Direction, FieldMapping, Mapping, ObjectRole, RecordObject, Relation, RelationName } from './types.js';

/** A record related to the referral's record, and the values that find an existing one. */
export interface RelatedRecord {
  /** CRM name of the object (`Contact`, `contact`). */
  object: string;
  match: Record<string, unknown>;
  fields: Record<string, unknown>;
}

/** Related records per relation name; a list relation present but empty means "none". */
export interface CrmRelated {
  customer?: RelatedRecord;
  contacts?: RelatedRecord[];
  team?: RelatedRecord[];
  solutions?: RelatedRecord[];
}

/** A referral in CRM terms, ready for an adapter to write or for a preview to show. */
export interface CrmRecord {
  object: RecordObject;
  /** CRM name of the object (`Opportunity`, `lead`). */
  crmObject: string;
  fields: Record<string, unknown>;
  related: CrmRelated;
  warnings: MappingWarning[];
}

/** Entries of `mapping` on `object` that travel in the direction `goes` tests. */
export function fieldsOn(mapping: Mapping, object: ObjectRole, goes: (d: Direction) => boolean): FieldMapping[] {
  return mapping.fields.filter((f) => (f.object ?? 'opportunity') === object && goes(f.direction));
}

export function relationsFor(mapping: Mapping, object: RecordObject, goes: (d: Direction) => boolean): Array<[RelationName, Relation]> {
  return (Object.entries(mapping.relations) as Array<[RelationName, Relation]>).filter(([, r]) => r.records.includes(object) && goes(r.direction));
}
