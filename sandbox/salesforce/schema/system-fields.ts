/** Fields every sObject carries, and the org's multi-currency field. */
import { checkbox, dateTime, defaulted, field, picklist, readOnly, reference, required } from './field-builders.js';
import type { FieldDef } from './types.js';

/** Active currencies of the sandbox org; USD is the corporate currency. */
export const ORG_CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'INR', 'CHF', 'BRL', 'CNY'] as const;
export const CORPORATE_CURRENCY = 'USD';

export function idField(): FieldDef {
  return readOnly(defaulted(required(field('Id', 'id', { label: 'Record ID', length: 18 }))));
}

export function auditFields(): FieldDef[] {
  return [
    readOnly(checkbox('IsDeleted', { label: 'Deleted' })),
    readOnly(defaulted(required(dateTime('CreatedDate', { label: 'Created Date' })))),
    readOnly(defaulted(required(reference('CreatedById', ['User'], 'CreatedBy', { label: 'Created By ID' })))),
    readOnly(defaulted(required(dateTime('LastModifiedDate', { label: 'Last Modified Date' })))),
    readOnly(defaulted(required(reference('LastModifiedById', ['User'], 'LastModifiedBy', { label: 'Last Modified By ID' })))),
    readOnly(defaulted(required(dateTime('SystemModstamp', { label: 'System Modstamp' })))),
  ];
}

/** Owner: required, but defaulted to the calling user. */
export function ownerField(): FieldDef {
  return defaulted(required(reference('OwnerId', ['User'], 'Owner', { label: 'Owner ID' })));
}

/** Exists only in multi-currency orgs; defaults to the corporate currency (here: always). */
export function currencyField(): FieldDef {
  return required(picklist('CurrencyIsoCode', ORG_CURRENCIES, { label: 'Currency ISO Code', length: 3, restrictedPicklist: true, defaultPick: CORPORATE_CURRENCY }));
}

/** The standard shape of a record: Id first, then the object's own fields, then the audit fields. */
export function withSystemFields(own: FieldDef[], options: { owner?: boolean; currency?: boolean } = {}): FieldDef[] {
  return [
    idField(),
    ...(options.owner === false ? [] : [ownerField()]),
    ...own,
    ...(options.currency === false ? [] : [currencyField()]),
    ...auditFields(),
  ];
}
