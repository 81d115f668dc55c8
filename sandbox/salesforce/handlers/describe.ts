/** describeGlobal and sObject describe bodies, built from the org schema (the key set is abridged; crm-apis.md §3.10). */
import type { ChildRelationship, OrgSchema } from '../schema/org-schema.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';

const SOAP_TYPES: Readonly<Record<FieldDef['type'], string>> = {
  id: 'tns:ID', reference: 'tns:ID', string: 'xsd:string', textarea: 'xsd:string', picklist: 'xsd:string', url: 'xsd:string',
  email: 'xsd:string', phone: 'xsd:string', boolean: 'xsd:boolean', date: 'xsd:date', datetime: 'xsd:dateTime',
  currency: 'xsd:double', double: 'xsd:double', percent: 'xsd:double', int: 'xsd:int',
};

export function objectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function objectSummary(version: string, o: ObjectDef): Record<string, unknown> {
  return {
    name: o.name, label: o.label, labelPlural: o.labelPlural, keyPrefix: o.keyPrefix, custom: o.custom,
    createable: o.createable, updateable: o.updateable, deletable: o.deletable, queryable: o.queryable,
    retrieveable: true, searchable: true, layoutable: true, replicateable: true, triggerable: true,
    urls: objectUrls(version, o.name),
  };
}

export function describeGlobal(version: string, schema: OrgSchema): Record<string, unknown> {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: schema.objects().map((o) => objectSummary(version, o)) };
}

export function describeObject(version: string, schema: OrgSchema, o: ObjectDef): Record<string, unknown> {
  return {
    ...objectSummary(version, o),
    fields: o.fields.map(describeField),
    childRelationships: schema.childRelationships(o.name).map((c: ChildRelationship) => ({
      childSObject: c.childSObject, field: c.field, relationshipName: c.relationshipName, cascadeDelete: c.cascadeDelete,
      deprecatedAndHidden: false, restrictedDelete: false,
    })),
    recordTypeInfos: [],
  };
}

export function describeField(f: FieldDef): Record<string, unknown> {
  const text = ['string', 'textarea', 'picklist', 'url', 'email', 'phone', 'id', 'reference'].includes(f.type);
  return {
    name: f.name, label: f.label, type: f.type, soapType: SOAP_TYPES[f.type], length: f.length, byteLength: text ? f.length * 3 : 0,
    precision: f.precision, scale: f.scale, digits: f.type === 'int' ? f.precision : 0,
    custom: f.custom, externalId: f.externalId, unique: f.unique, idLookup: f.name === 'Id' || f.externalId,
    nillable: f.nillable, createable: f.createable, updateable: f.updateable, defaultedOnCreate: f.defaultedOnCreate,
    defaultValue: f.defaultValue, defaultValueFormula: null,
    calculated: f.calculated, autoNumber: false, nameField: f.nameField, caseSensitive: false,
    filterable: f.type !== 'textarea' || f.length <= 255, sortable: f.type !== 'textarea' || f.length <= 255,
    groupable: !['textarea', 'currency', 'double', 'percent', 'datetime'].includes(f.type),
    picklistValues: f.picklistValues, restrictedPicklist: f.restrictedPicklist, dependentPicklist: false,
    referenceTo: f.referenceTo, relationshipName: f.relationshipName, polymorphicForeignKey: f.referenceTo.length > 1,
    cascadeDelete: false, htmlFormatted: false, deprecatedAndHidden: false, permissionable: f.custom && f.nillable,
  };
}
