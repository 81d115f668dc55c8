/**
 * The lookup columns the engine reads and writes under their plain names, as data. A lookup is written
 * as `<navigation>@odata.bind: "/<set>(<id>)"` and read back from `_<column>_value` (crm-apis.md §4.1,
 * §4.3). `targets` lists the tables a lookup may point at: more than one makes it polymorphic, written
 * through `<column>_<table>@odata.bind` (the convention the entity reference uses for `customerid`).
 * `key` names a column of the target that the engine uses instead of the GUID (`transactioncurrencyid`
 * carries the ISO code, `record2roleid` the role's name); the adapter resolves it through a cached read
 * of that small table.
 */
export interface LookupSpec {
  targets: readonly [string, ...string[]];
  key?: string;
  /** The single navigation property of a polymorphic column that takes every target (`ownerid`). */
  navigation?: string;
}

export const LOOKUPS: Readonly<Record<string, Readonly<Record<string, LookupSpec>>>> = {
  opportunity: {
    parentaccountid: { targets: ['account'] },
    parentcontactid: { targets: ['contact'] },
    customerid: { targets: ['account', 'contact'] },
    originatingleadid: { targets: ['lead'] },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
    transactioncurrencyid: { targets: ['transactioncurrency'], key: 'isocurrencycode' },
  },
  lead: {
    parentaccountid: { targets: ['account'] },
    parentcontactid: { targets: ['contact'] },
    customerid: { targets: ['account', 'contact'] },
    qualifyingopportunityid: { targets: ['opportunity'] },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
    transactioncurrencyid: { targets: ['transactioncurrency'], key: 'isocurrencycode' },
  },
  account: {
    parentaccountid: { targets: ['account'] },
    primarycontactid: { targets: ['contact'] },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
    transactioncurrencyid: { targets: ['transactioncurrency'], key: 'isocurrencycode' },
  },
  contact: {
    parentcustomerid: { targets: ['account', 'contact'] },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
    transactioncurrencyid: { targets: ['transactioncurrency'], key: 'isocurrencycode' },
  },
  connection: {
    // Connections link any two records; the connector links an opportunity to its contacts.
    record1id: { targets: ['opportunity', 'account', 'contact', 'lead', 'systemuser'] },
    record2id: { targets: ['contact', 'account', 'opportunity', 'lead', 'systemuser'] },
    record1roleid: { targets: ['connectionrole'], key: 'name' },
    record2roleid: { targets: ['connectionrole'], key: 'name' },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
  },
  msp_partnercentersolution: {
    msp_opportunityid: { targets: ['opportunity'] },
    ownerid: { targets: ['systemuser', 'team'], navigation: 'ownerid' },
  },
};

/** Audit lookups every table has; read only. `modifiedby` is how `CrmRow.modifiedBy` is filled. */
const SYSTEM_LOOKUPS: Readonly<Record<string, LookupSpec>> = {
  createdby: { targets: ['systemuser'] },
  modifiedby: { targets: ['systemuser'] },
};

export function lookupOf(table: string, column: string): LookupSpec | undefined {
  return LOOKUPS[table]?.[column] ?? SYSTEM_LOOKUPS[column];
}

/** The Web API property a lookup's GUID is read from and filtered on. */
export const valueProperty = (column: string): string => `_${column}_value`;
