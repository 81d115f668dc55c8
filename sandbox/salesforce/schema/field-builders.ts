/** Terse constructors for field definitions, defaulting every describe attribute the way Salesforce does. */
import type { FieldDef, FieldType, FieldValue, PicklistValue } from './types.js';

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'type'>>;

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return {
    name,
    label: options.label ?? labelFor(name),
    type,
    length: 0,
    precision: 0,
    scale: 0,
    custom: name.endsWith('__c'),
    externalId: false,
    unique: false,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    defaultValue: null,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    calculated: false,
    nameField: false,
    ...options,
  };
}

export const text = (name: string, length: number, options: FieldOptions = {}): FieldDef => field(name, 'string', { length, ...options });
export const textArea = (name: string, length: number, options: FieldOptions = {}): FieldDef => field(name, 'textarea', { length, ...options });
export const url = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'url', { length: 255, ...options });
export const email = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'email', { length: 80, ...options });
export const phone = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'phone', { length: 40, ...options });
export const date = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'date', options);
export const dateTime = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'datetime', options);
export const currency = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'currency', { precision: 18, scale: 2, ...options });
export const double = (name: string, precision: number, scale: number, options: FieldOptions = {}): FieldDef => field(name, 'double', { precision, scale, ...options });
export const percent = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'percent', { precision: 3, scale: 0, ...options });
export const integer = (name: string, options: FieldOptions = {}): FieldDef => field(name, 'int', { precision: 9, ...options });

/** Checkboxes are never null in Salesforce: not nillable, defaulted on create. */
export const checkbox = (name: string, options: FieldOptions = {}): FieldDef =>
  field(name, 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, ...options });

export function picklist(name: string, values: readonly string[], options: FieldOptions & { defaultPick?: string } = {}): FieldDef {
  const { defaultPick, ...rest } = options;
  return field(name, 'picklist', {
    length: 255,
    picklistValues: values.map((v): PicklistValue => ({ value: v, label: v, active: true, defaultValue: v === defaultPick })),
    ...(defaultPick === undefined ? {} : { defaultedOnCreate: true, defaultValue: defaultPick }),
    ...rest,
  });
}

export function reference(name: string, referenceTo: string[], relationshipName: string, options: FieldOptions = {}): FieldDef {
  return field(name, 'reference', { length: 18, referenceTo, relationshipName, ...options });
}

/** Read-only to the API: system-maintained or computed. */
export function readOnly(def: FieldDef, calculated = false): FieldDef {
  return { ...def, createable: false, updateable: false, calculated };
}

export function required(def: FieldDef): FieldDef {
  return { ...def, nillable: false };
}

export const defaulted = (def: FieldDef, value: FieldValue = null): FieldDef => ({ ...def, defaultedOnCreate: true, defaultValue: value ?? def.defaultValue });

function labelFor(name: string): string {
  const base = name.replace(/__c$/, '').replace(/Id$/, '').replace(/_/g, ' ');
  return base.replace(/([a-z])([A-Z])/g, '$1 $2').trim() || name;
}
