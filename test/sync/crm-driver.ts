/**
 * One vocabulary for a seller's actions in either CRM, so the scenario suite runs unchanged against the
 * Salesforce and the Dataverse emulators. Field names come from each CRM's default mapping.
 */
import { defaultMapping } from '../../api/domain/mapping/index.js';
import { stageRoleOfRecord } from '../../api/domain/mapping/stages.js';
import type { CrmKind, StageRole } from '../../api/domain/mapping/types.js';
import { SELLER_USER_ID as SF_SELLER } from '../../sandbox/salesforce/index.js';
import { SELLER_USER_ID as DV_SELLER } from '../../sandbox/dataverse/index.js';
import type { SyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;

export interface SellerDeal { accountId: string; oppId: string }

export interface CrmDriver {
  kind: CrmKind;
  env: Record<string, string>;
  f: { amount: string; description: string; name: string; referralId: string; audit: string };
  opportunityFor(fx: SyncFixture, referralId: string): Row | undefined;
  opportunity(fx: SyncFixture, id: string): Row | undefined;
  count(fx: SyncFixture, role: 'opportunity' | 'lead'): number;
  stageOf(row: Row): StageRole | undefined;
  /** A seller's edit of the opportunity. */
  update(fx: SyncFixture, id: string, values: Row): void;
  setStage(fx: SyncFixture, id: string, role: StageRole): void;
  delete(fx: SyncFixture, id: string): void;
  /** An opportunity a seller marks for sync, with its account, a contact and a solution row. */
  sellerDeal(fx: SyncFixture, name: string, amount: number): SellerDeal;
  /** Transient failures of the CRM's write calls. */
  failWrites(fx: SyncFixture, status: 503 | 429, times: number): void;
}

const sfMapping = defaultMapping('salesforce');
const dvMapping = defaultMapping('dynamics365');

export const salesforceDriver: CrmDriver = {
  kind: 'salesforce',
  env: { CRM: 'salesforce' },
  f: { amount: 'Amount', description: 'Description', name: 'Name', referralId: 'Referral_Identifier__c', audit: 'Audit__c' },
  opportunityFor: (fx, id) => fx.sf.store.findByField('Opportunity', 'Referral_Identifier__c', id)[0],
  opportunity: (fx, id) => fx.sf.store.get('Opportunity', id),
  count: (fx, role) => fx.sf.store.count(role === 'opportunity' ? 'Opportunity' : 'Lead'),
  stageOf: (row) => stageRoleOfRecord(sfMapping.stages.opportunity, row),
  update: (fx, id, values) => { fx.sf.store.update('Opportunity', id, values, { asUserId: SF_SELLER }); },
  setStage: (fx, id, role) => { fx.sf.store.update('Opportunity', id, { ...sfMapping.stages.opportunity[role].set }, { asUserId: SF_SELLER }); },
  delete: (fx, id) => { fx.sf.store.delete('Opportunity', id); },
  sellerDeal(fx, name, amount) {
    const as = { asUserId: SF_SELLER };
    const accountId = fx.sf.store.insert('Account', { Name: `${name} Inc`, BillingCountry: 'US', BillingPostalCode: '98052' }, as).Id as string;
    const oppId = fx.sf.store.insert('Opportunity', { Name: name, StageName: 'Qualification', CloseDate: '2026-12-31', Amount: amount, CurrencyIsoCode: 'USD', AccountId: accountId, How_can_Microsoft_help__c: 'Quotes or licensing', Sync_with_Partner_Center__c: true }, as).Id as string;
    const contactId = fx.sf.store.insert('Contact', { FirstName: 'Nina', LastName: 'North', Email: `nina@${name.toLowerCase().replace(/\W+/g, '')}.example`, AccountId: accountId }, as).Id as string;
    fx.sf.store.insert('OpportunityContactRole', { OpportunityId: oppId, ContactId: contactId, Role: 'Decision Maker' }, as);
    fx.sf.store.insert('Microsoft_Solutions__c', { Name: 'Field Service Accelerator', Solution_Id__c: 'SOL-34104-EBB', Opportunity__c: oppId }, as);
    return { accountId, oppId };
  },
  failWrites: (fx, status, times) => { fx.sf.faults.inject({ status: status === 429 ? 403 : 503, method: 'PATCH', times, pathPattern: /composite\/sobjects/ }); },
};

const lookup = (logicalName: string, id: string) => ({ id, logicalName });

export const dynamicsDriver: CrmDriver = {
  kind: 'dynamics365',
  env: { CRM: 'dynamics365' },
  f: { amount: 'estimatedvalue', description: 'description', name: 'name', referralId: 'msp_referralidentifier', audit: 'msp_audit' },
  opportunityFor: (fx, id) => [...fx.t.sandbox.dataverse.store.rows('opportunity')].find((r) => r.msp_referralidentifier === id),
  opportunity: (fx, id) => fx.t.sandbox.dataverse.store.get('opportunity', id),
  count: (fx, role) => fx.t.sandbox.dataverse.store.count(role),
  stageOf: (row) => stageRoleOfRecord(dvMapping.stages.opportunity, row),
  update: (fx, id, values) => { fx.t.sandbox.dataverse.store.update('opportunity', id, values as never, { userId: DV_SELLER }); },
  setStage: (fx, id, role) => { fx.t.sandbox.dataverse.store.update('opportunity', id, { ...dvMapping.stages.opportunity[role].set }, { userId: DV_SELLER }); },
  delete: (fx, id) => { fx.t.sandbox.dataverse.store.delete('opportunity', id); },
  sellerDeal(fx, name, amount) {
    const store = fx.t.sandbox.dataverse.store;
    const ctx = { userId: DV_SELLER };
    const usd = [...store.rows('transactioncurrency')].find((c) => c.isocurrencycode === 'USD')!.transactioncurrencyid as string;
    const accountId = store.create('account', { name: `${name} Inc`, address1_country: 'US', address1_postalcode: '98052' }, ctx).accountid as string;
    const oppId = store.create('opportunity', {
      name, estimatedvalue: amount, estimatedclosedate: '2026-12-31', transactioncurrencyid: lookup('transactioncurrency', usd), parentaccountid: lookup('account', accountId),
      msp_helprequested: 100000003, msp_syncwithpartnercenter: true, statuscode: 1,
    }, ctx).opportunityid as string;
    const contactId = store.create('contact', { firstname: 'Nina', lastname: 'North', emailaddress1: `nina@${name.toLowerCase().replace(/\W+/g, '')}.example`, parentcustomerid: lookup('account', accountId) }, ctx).contactid as string;
    store.create('connection', { record1id: lookup('opportunity', oppId), record2id: lookup('contact', contactId) }, ctx);
    store.create('msp_partnercentersolution', { msp_name: 'Field Service Accelerator', msp_solutionid: 'SOL-34104-EBB', msp_opportunityid: lookup('opportunity', oppId) }, ctx);
    return { accountId, oppId };
  },
  failWrites: (fx, status, times) => { fx.t.sandbox.dataverse.faults.inject({ status, times, method: 'POST', pathPattern: /\$batch/ }); },
};

export const DRIVERS: readonly CrmDriver[] = [salesforceDriver, dynamicsDriver];
