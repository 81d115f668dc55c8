/** The org's data model: what describe reports and what writes and SOQL are validated against. */
export type FieldValue = string | number | boolean | null;
export type SObjectRecord = Record<string, FieldValue>;

export type FieldType =
  | 'id' | 'string' | 'textarea' | 'boolean' | 'date' | 'datetime' | 'currency' | 'double' | 'percent'
  | 'int' | 'picklist' | 'reference' | 'url' | 'email' | 'phone';

export interface PicklistValue { value: string; label: string; active: boolean; defaultValue: boolean }

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Characters for text types; 0 otherwise (as describe reports). */
  length: number;
  precision: number;
  scale: number;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  /** false: a value is required (unless defaultedOnCreate). */
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  defaultValue: FieldValue;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** The name the parent object's describe gives this lookup in childRelationships. */
  childRelationshipName: string | null;
  /** Formula or roll-up, computed by the emulator. */
  calculated: boolean;
  nameField: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: FieldDef[];
}
