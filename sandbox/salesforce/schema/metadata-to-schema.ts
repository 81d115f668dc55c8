/** Turns CustomField / CustomObject metadata into field and object definitions, refusing what Salesforce would refuse. */
import { checkbox, currency, date, dateTime, double, email, field, percent, phone, picklist, reference, text, textArea, url } from './field-builders.js';
import { bool, list, num, obj, str, type MetadataObject } from './metadata-types.js';
import { withSystemFields } from './system-fields.js';
import type { FieldDef, ObjectDef } from './types.js';

export class MetadataError extends Error {
  constructor(readonly statusCode: string, message: string, readonly field?: string) {
    super(message);
  }
}

/** Salesforce's limit on a custom field's label, in characters. */
export const MAX_FIELD_LABEL = 40;

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c$/;

/** Splits `Object.Field__c`. */
export function splitFieldFullName(fullName: string): { objectName: string; fieldName: string } {
  const at = fullName.indexOf('.');
  if (at <= 0) throw new MetadataError('INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no CustomObject named ${fullName} found`, 'fullName');
  return { objectName: fullName.slice(0, at), fieldName: fullName.slice(at + 1) };
}

export function customFieldDef(fieldName: string, meta: MetadataObject): FieldDef {
  if (!CUSTOM_NAME.test(fieldName) || fieldName.length > 43) {
    throw new MetadataError('INVALID_NAME', `The name ${fieldName} is not a valid custom field name; it must end in __c and contain only letters, digits and single underscores.`, 'fullName');
  }
  const label = str(meta.label);
  if (label === undefined || label === '') throw new MetadataError('REQUIRED_FIELD_MISSING', 'Required field is missing: label', 'label');
  const labelLength = [...label].length;
  if (labelLength > MAX_FIELD_LABEL) {
    throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', `Field label must be at most ${MAX_FIELD_LABEL} characters: '${label}' has ${labelLength}.`, 'label');
  }
  const type = str(meta.type);
  const base = { label, custom: true, externalId: bool(meta.externalId), unique: bool(meta.unique) };
  const length = num(meta.length);
  switch (type) {
    case 'Text':
      if (length === undefined || length < 1 || length > 255) throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', 'Length must be between 1 and 255 for a Text field.', 'length');
      return text(fieldName, length, base);
    case 'TextArea': return textArea(fieldName, 255, base);
    case 'LongTextArea':
      if (length === undefined || length < 256 || length > 131072) throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', 'Length must be between 256 and 131072 for a Long Text Area field.', 'length');
      return textArea(fieldName, length, base);
    case 'Url': return url(fieldName, base);
    case 'Email': return email(fieldName, base);
    case 'Phone': return phone(fieldName, base);
    case 'Checkbox': return checkbox(fieldName, { ...base, defaultValue: str(meta.defaultValue) === 'true' });
    case 'Date': return date(fieldName, base);
    case 'DateTime': return dateTime(fieldName, base);
    case 'Currency': return currency(fieldName, { ...base, precision: num(meta.precision) ?? 18, scale: num(meta.scale) ?? 2 });
    case 'Percent': return percent(fieldName, { ...base, precision: num(meta.precision) ?? 3, scale: num(meta.scale) ?? 0 });
    case 'Number': return double(fieldName, num(meta.precision) ?? 18, num(meta.scale) ?? 0, base);
    case 'Picklist': return picklistDef(fieldName, meta, base);
    case 'Lookup': return lookupDef(fieldName, meta, base);
    default: throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', `Unsupported field type: ${type ?? '(none)'}`, 'type');
  }
}

function picklistDef(fieldName: string, meta: MetadataObject, base: Partial<FieldDef>): FieldDef {
  const valueSet = obj(meta.valueSet);
  const values = list(obj(valueSet?.valueSetDefinition)?.value).map((v) => obj(v)).filter((v): v is MetadataObject => v !== undefined);
  const names = values.map((v) => str(v.fullName)).filter((v): v is string => v !== undefined && v !== '');
  if (names.length === 0) throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', 'A picklist needs at least one value in valueSet.valueSetDefinition.', 'valueSet');
  const defaultPick = values.find((v) => bool(v.default));
  return picklist(fieldName, names, {
    ...base, restrictedPicklist: bool(valueSet?.restricted),
    ...(defaultPick ? { defaultPick: str(defaultPick.fullName) ?? '' } : {}),
  });
}

function lookupDef(fieldName: string, meta: MetadataObject, base: Partial<FieldDef>): FieldDef {
  const target = str(meta.referenceTo);
  const childName = str(meta.relationshipName);
  if (target === undefined) throw new MetadataError('REQUIRED_FIELD_MISSING', 'Required field is missing: referenceTo', 'referenceTo');
  if (childName === undefined) throw new MetadataError('REQUIRED_FIELD_MISSING', 'Required field is missing: relationshipName', 'relationshipName');
  return reference(fieldName, [target], fieldName.replace(/__c$/, '__r'), { ...base, childRelationshipName: `${childName}__r` });
}

/** A custom object with its standard fields (Id, Owner, Name, currency, audit) plus any inline fields. */
export function customObjectDef(meta: MetadataObject, keyPrefix: string): ObjectDef {
  const name = str(meta.fullName) ?? '';
  if (!CUSTOM_NAME.test(name)) throw new MetadataError('INVALID_NAME', `The name ${name} is not a valid custom object name; it must end in __c.`, 'fullName');
  const label = str(meta.label);
  if (label === undefined || label === '') throw new MetadataError('REQUIRED_FIELD_MISSING', 'Required field is missing: label', 'label');
  const nameField = obj(meta.nameField);
  if (!nameField || str(nameField.type) !== 'Text') {
    throw new MetadataError('REQUIRED_FIELD_MISSING', 'Required field is missing: nameField (only a Text name field is emulated)', 'nameField');
  }
  const nameDef: FieldDef = { ...field('Name', 'string', { label: str(nameField.label) ?? `${label} Name`, length: 80, custom: false, nameField: true }), nillable: true, defaultedOnCreate: true };
  return {
    name, label, labelPlural: str(meta.pluralLabel) ?? label, keyPrefix, custom: true,
    createable: true, updateable: true, deletable: true, queryable: true,
    fields: withSystemFields([nameDef]),
  };
}
