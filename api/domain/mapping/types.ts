import type { ReferralCategory } from '../referral.js';

/**
 * A field mapping document: plain data a partner admin can read and edit. The JSON Schema in
 * `mappings/mapping.schema.json` describes the same shape; `parseMapping` checks both the schema and
 * the rules a schema cannot express.
 */
export interface Mapping {
  version: 1;
  crm: CrmKind;
  /** Our names for the CRM's objects, so field entries stay CRM-neutral. */
  objects: CrmObjects;
  /** Which CRM record a referral becomes, per Partner Center category. */
  records: Record<ReferralCategory, RecordTarget>;
  fields: FieldMapping[];
  /** What each referral stage is called in the CRM, per record object. */
  stages: { opportunity: StageNames; lead?: StageNames };
  relations: Relations;
  description?: string;
}

export type CrmKind = 'salesforce' | 'dynamics365';
export type Direction = 'both' | 'toCrm' | 'toPartnerCenter' | 'off';
export type Transform = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'dateTime' | 'isoCountry';
export type Scalar = string | number | boolean | null;

/** The record a referral itself becomes. */
export type RecordObject = 'opportunity' | 'lead';
export type RecordTarget = RecordObject | 'skip';
/** Objects related to that record. */
export type RelatedObject = 'account' | 'contact' | 'user' | 'solution';
/** Junction objects that link a related record to the referral's record. */
export type LinkObject = 'contactRole' | 'teamMember';
export type ObjectRole = RecordObject | RelatedObject | LinkObject;

/** CRM API names (Salesforce) or logical names (Dataverse) of each object role. */
export type CrmObjects = { opportunity: string; lead?: string } & Partial<Record<Exclude<ObjectRole, 'opportunity' | 'lead'>, string>>;

export interface FieldMapping {
  /** Stable name an override file refers to. */
  id: string;
  /**
   * Path in the normalized referral (`details.dealValue`). Items of a list use `[]` on the related
   * objects that hold one record per item (`customerProfile.team[].email` on `contact`) and `[0]` on
   * a single record that takes the first item (`customerProfile.team[0].email` on `lead`).
   */
  referral?: string;
  /** Field API name on the CRM object. */
  crm?: string;
  /** The CRM object that holds the field; `opportunity` when absent. */
  object?: ObjectRole;
  direction: Direction;
  transform?: Transform;
  valueMap?: ValueMap;
  /** Always written, whatever the source holds: a CRM value (toCrm) or a referral value (toPartnerCenter). */
  constant?: Scalar;
  /** Written when the source is empty or has no entry in the value map, per direction. */
  default?: { toCrm?: Scalar; toPartnerCenter?: Scalar };
  description?: string;
}

/** Keys are source values as text (JSON object keys), values are target values. */
export interface ValueMap {
  toCrm?: Record<string, Scalar>;
  toPartnerCenter?: Record<string, Scalar>;
}

export type StageRole = 'onHold' | 'active' | 'won' | 'lost';

/**
 * A stage is the set of field values that mean it: `{ StageName: 'Closed Won' }` in Salesforce,
 * `{ statecode: 1, statuscode: 3 }` in Dataverse. `set` is written; a record is in the stage when it
 * matches `set` or one of `alsoMatches` (other closed stages of an org, other Dataverse status reasons).
 */
export interface StageValues {
  set: Record<string, Scalar>;
  alsoMatches?: Array<Record<string, Scalar>>;
}
export type StageNames = Record<StageRole, StageValues>;

export interface Relations {
  customer?: Relation;
  contacts?: Relation;
  team?: Relation;
  solutions?: Relation;
}
export type RelationName = keyof Relations;

export interface Relation {
  object: RelatedObject;
  direction: Direction;
  /** Record objects this relation applies to; a lead holds its customer in its own fields in Salesforce. */
  records: RecordObject[];
  /** CRM fields that identify an existing related record; all must be equal. */
  match: string[];
  createIfMissing: boolean;
  link: RelationLink;
}

export type RelationLink =
  /** The referral's record points at the related record (Opportunity.AccountId). */
  | { kind: 'lookupOnRecord'; field: string }
  /** The related record points at the referral's record (Microsoft_Solutions__c.Opportunity__c). */
  | { kind: 'lookupOnRelated'; field: string }
  /** A junction record links both (OpportunityContactRole), with constant fields of its own. */
  | { kind: 'junction'; object: LinkObject; recordField: string; relatedField: string; fields?: Record<string, Scalar> };

/** What an override file may hold: every part optional, fields by id with only the keys that change. */
export interface MappingOverride {
  version: 1;
  crm?: CrmKind;
  objects?: Partial<CrmObjects>;
  records?: Partial<Record<ReferralCategory, RecordTarget>>;
  fields?: FieldOverride[];
  stages?: { opportunity?: Partial<StageNames>; lead?: Partial<StageNames> };
  relations?: { [K in RelationName]?: Partial<Relation> };
  description?: string;
}

/** `null` removes an optional key of the default entry. */
export type FieldOverride = { id: string } & { [K in Exclude<keyof FieldMapping, 'id'>]?: FieldMapping[K] | null };
