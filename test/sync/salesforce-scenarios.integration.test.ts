import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract } from '../helpers/contract.js';
import { incomingCoSell, startSyncFixture, type SyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;

describe('Salesforce sync: the seeds\' end-to-end scenarios', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  beforeEach(async () => { f = await startSyncFixture(); });
  afterEach(async () => { await f.close(); });

  it('scenario 2: a co-sell referral created in Partner Center becomes an opportunity with its account, contacts and solutions', async () => {
    const r = incomingCoSell();
    f.pc.store.put(r);
    await f.settle();
    const opp = f.opportunityFor(r.id as string);
    assert.ok(opp, 'opportunity created');
    assert.equal(opp.Name, 'Fabrikam supply chain modernisation ✔');
    assert.equal(opp.Amount, 50000);
    assert.equal(opp.CurrencyIsoCode, 'USD');
    assert.equal(opp.CloseDate, '2026-06-30');
    assert.equal(opp.StageName, 'Prospecting', 'a referral not yet accepted waits in the on-hold stage');
    assert.equal(opp.Sync_with_Partner_Center__c, true);
    assert.equal(opp.How_can_Microsoft_help__c, 'Proof of concept or demo');
    assert.match(String(opp.Referral_Link__c), new RegExp(r.id as string));
    assert.match(String(opp.Audit__c), /Created Opportunity from Partner Center referral/);
    const account = f.sf.store.get('Account', opp.AccountId as string) as Row;
    assert.deepEqual([account.Name, account.BillingCountry, account.BillingPostalCode], ['Fabrikam Inc', 'US', '98052']);
    const roles = f.sf.store.list('OpportunityContactRole').filter((x) => x.OpportunityId === opp.Id);
    assert.equal(roles.length, 1);
    assert.equal((f.sf.store.get('Contact', roles[0]!.ContactId as string) as Row).Email, 'sue.smith@fabrikam.example');
    const solutions = f.sf.store.list('Microsoft_Solutions__c').filter((x) => x.Opportunity__c === opp.Id);
    assert.deepEqual(solutions.map((s) => [s.Solution_Id__c, s.Name]), [['SOL-34104-EBB', 'Field Service Accelerator']]);
    const audit = await f.audit(r.id as string);
    assert.deepEqual(audit.map((a) => a.action), ['created']);
  });

  it('scenario 1: an opportunity marked Sync with Partner Center becomes a co-sell referral shared with Microsoft', async () => {
    const accountId = f.sellerInsert('Account', { Name: 'Northwind Traders', BillingCountry: 'United States', BillingPostalCode: '98052' });
    const oppId = f.sellerInsert('Opportunity', { Name: 'Northwind ERP', StageName: 'Qualification', CloseDate: '2026-12-31', Amount: 120000, CurrencyIsoCode: 'USD', AccountId: accountId, How_can_Microsoft_help__c: 'Quotes or licensing', Sync_with_Partner_Center__c: true });
    const contactId = f.sellerInsert('Contact', { FirstName: 'Nina', LastName: 'North', Email: 'nina@northwind.example', AccountId: accountId });
    f.sellerInsert('OpportunityContactRole', { OpportunityId: oppId, ContactId: contactId, Role: 'Decision Maker' });
    f.sellerInsert('Microsoft_Solutions__c', { Name: 'Field Service Accelerator', Solution_Id__c: 'SOL-34104-EBB', Opportunity__c: oppId });
    await f.poll();
    const opp = f.sf.store.get('Opportunity', oppId) as Row;
    const referralId = opp.Referral_Identifier__c as string;
    assert.ok(referralId, `Referral Identifier written back (Audit: ${String(opp.Audit__c)})`);
    assert.equal(opp.Name, 'Northwind ERP ✔');
    const referral = f.pc.store.get(referralId) as unknown as Row;
    assert.equal(referral.externalReferenceId, oppId);
    assert.equal((referral.details as Row).dealValue, 120000);
    assert.equal(((referral.customerProfile as Row).address as Row).country, 'US');
    assert.equal((referral.inviteContext as Row).assistanceRequestCode, 'QuotesOrLicensing');
    const microsoft = f.pc.store.list().filter((x) => x.engagementId === referral.engagementId && x.id !== referralId);
    assert.equal(microsoft.length, 1, 'shared with Microsoft in the same engagement');
    // The connector's own write-back is not taken for a seller's change.
    await f.poll();
    assert.equal(f.pc.store.list().length, 2);
  });
});

describe('Salesforce sync: an interrupted create', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  before(async () => { f = await startSyncFixture({ PARTNER_CENTER_MAX_ATTEMPTS: '2' }); });
  after(async () => { await f.close(); });

  it('a write-back that fails after the referral was created does not create a second referral', async () => {
    const accountId = f.sellerInsert('Account', { Name: 'Tailspin Toys', BillingCountry: 'DE', BillingPostalCode: '10115' });
    const oppId = f.sellerInsert('Opportunity', { Name: 'Tailspin fleet', StageName: 'Qualification', CloseDate: '2026-12-31', Amount: 9000, CurrencyIsoCode: 'EUR', AccountId: accountId, Sync_with_Partner_Center__c: true });
    f.sellerInsert('Microsoft_Solutions__c', { Name: 'Field Service Accelerator', Solution_Id__c: 'SOL-34104-EBB', Opportunity__c: oppId });
    // Every write-back attempt of the first job fails and the job is retried from storage; meanwhile the
    // new referral's own change event must link it to the opportunity (externalReferenceId), not create another.
    f.pc.webhooks.registrations.clear();
    f.sf.faults.inject({ status: 503, method: 'PATCH', pathPattern: /composite\/sobjects$/, times: 2 });
    await f.poll();
    const opp = f.sf.store.get('Opportunity', oppId) as Row;
    assert.ok(opp.Referral_Identifier__c, 'written back by the retried job');
    const ours = f.pc.store.list().filter((r) => r.externalReferenceId === oppId && !(r.target ?? []).some((t) => t.id === 'msft'));
    assert.equal(ours.length, 1, 'one referral for the opportunity');
    assert.equal(ours[0]!.id, opp.Referral_Identifier__c);
  });
});

describe('Salesforce sync: the audit trail through the API', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  before(async () => { f = await startSyncFixture(); });
  after(async () => { await f.close(); });

  it('lists a referral\'s and an opportunity\'s sync decisions, newest first, as the contract says', async () => {
    const r = incomingCoSell();
    f.pc.store.put(r);
    await f.settle();
    f.pcChange(r.id as string, (x) => { (x.details as Row).dealValue = 64000; });
    await f.settle();
    const oppId = f.opportunityFor(r.id as string)!.Id as string;
    const token = await f.t.token();
    const byReferral = await request(f.t.url).get(`/v1/referrals/${r.id as string}/audit`).set('Authorization', `Bearer ${token}`).expect(200);
    assertMatchesContract(byReferral, 'ListReferralAudit');
    const entries = (byReferral.body as { value: Array<{ action: string; fields: Array<{ field: string; from: unknown; to: unknown }> }> }).value;
    assert.deepEqual(entries.map((e) => e.action), ['updated', 'created']);
    assert.deepEqual(entries[0]!.fields.map((x) => [x.field, x.from, x.to]), [['Amount', 50000, 64000]]);
    const byRecord = await request(f.t.url).get(`/v1/crm-records/${oppId}/audit`).set('Authorization', `Bearer ${token}`).expect(200);
    assertMatchesContract(byRecord, 'ListRecordAudit');
    assert.equal((byRecord.body as { value: unknown[] }).value.length, 2);
  });
});
