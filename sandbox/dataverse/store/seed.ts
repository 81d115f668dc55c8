/**
 * What a new environment already holds: its organization and root business unit, the users (the
 * sync's application user first), the currencies and the standard connection roles.
 */
import type { RecordStore } from './record-store.js';

export const ORGANIZATION_ID = '0b7f3c1e-5a2d-4e8f-9c6b-1d2e3f4a5b6c';
export const BUSINESS_UNIT_ID = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
/** The application user the sync's app registration is mapped to. */
export const INTEGRATION_USER_ID = 'a1f0c0de-5e11-4c05-9e11-000000000001';
export const SELLER_USER_ID = 'a1f0c0de-5e11-4c05-9e11-000000000002';
/** Created with the environment; owns nothing the sync writes. */
export const SYSTEM_USER_ID = 'a1f0c0de-5e11-4c05-9e11-000000000000';

export interface DataverseUserSeed {
  systemuserid: string;
  firstname?: string;
  lastname: string;
  internalemailaddress?: string;
  /** An application user: the app registration's client id (tokens carry it as `appid`/`azp`). */
  applicationid?: string;
  /** A licensed user: the Entra object id (tokens carry it as `oid`). */
  azureactivedirectoryobjectid?: string;
}

export const DEFAULT_DATAVERSE_CLIENT = { clientId: 'sandbox-dataverse-client', clientSecret: 'sandbox-dataverse-secret' } as const;

export function defaultUsers(): DataverseUserSeed[] {
  return [
    { systemuserid: INTEGRATION_USER_ID, firstname: 'Co-sell', lastname: 'Integration', applicationid: DEFAULT_DATAVERSE_CLIENT.clientId, internalemailaddress: 'cosell-integration@cosell-sandbox.example' },
    // The sandbox identity provider's user, so delegated tokens map to someone.
    { systemuserid: SELLER_USER_ID, firstname: 'Ada', lastname: 'Seller', internalemailaddress: 'referrals.admin@sandbox.example', azureactivedirectoryobjectid: '6f1b8a3e-2c4d-4e5f-9a0b-1c2d3e4f5a6b' },
  ];
}

const CURRENCIES: Array<[code: string, name: string, symbol: string, rate: number, precision: number]> = [
  ['USD', 'US Dollar', '$', 1, 2], ['EUR', 'Euro', '€', 0.92, 2], ['GBP', 'Pound Sterling', '£', 0.79, 2], ['JPY', 'Yen', '¥', 150, 0],
  ['CAD', 'Canadian Dollar', 'CA$', 1.36, 2], ['AUD', 'Australian Dollar', 'A$', 1.52, 2], ['INR', 'Indian Rupee', '₹', 83, 2],
  ['CHF', 'Swiss Franc', 'CHF', 0.88, 2], ['BRL', 'Brazilian Real', 'R$', 5, 2], ['CNY', 'Yuan Renminbi', 'CN¥', 7.2, 2],
];

const CONNECTION_ROLES: Array<[name: string, category: number]> = [
  ['Stakeholder', 1000], ['Decision Maker', 1000], ['Influencer', 1000], ['Champion', 1000], ['Sales Team', 1001], ['Technical Sales Professional', 1001],
];

export function seedEnvironment(store: RecordStore, users: DataverseUserSeed[]): void {
  const asSystem = { userId: SYSTEM_USER_ID };
  store.create('businessunit', { name: 'cosell-sandbox' }, asSystem, { id: BUSINESS_UNIT_ID });
  store.create('systemuser', { firstname: null, lastname: 'SYSTEM', accessmode: 1, businessunitid: { id: BUSINESS_UNIT_ID, logicalName: 'businessunit' } }, asSystem, { id: SYSTEM_USER_ID });
  for (const u of users) {
    store.create('systemuser', {
      firstname: u.firstname ?? null, lastname: u.lastname, internalemailaddress: u.internalemailaddress ?? null,
      applicationid: u.applicationid ?? null, azureactivedirectoryobjectid: u.azureactivedirectoryobjectid ?? null,
      accessmode: u.applicationid ? 4 : 0, domainname: u.internalemailaddress ?? (u.applicationid ? `# ${u.applicationid}@cosell-sandbox` : null),
      businessunitid: { id: BUSINESS_UNIT_ID, logicalName: 'businessunit' },
    }, asSystem, { id: u.systemuserid });
  }
  for (const [isocurrencycode, currencyname, currencysymbol, exchangerate, currencyprecision] of CURRENCIES) {
    store.create('transactioncurrency', { isocurrencycode, currencyname, currencysymbol, exchangerate, currencyprecision }, asSystem);
  }
  for (const [name, category] of CONNECTION_ROLES) store.create('connectionrole', { name, category }, asSystem);
}
