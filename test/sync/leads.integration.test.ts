import assert from 'node:assert/strict';
import { incomingCoSell, type SyncFixture } from './sync-fixture.js';
import { marketplaceLead, qualifiedLead, startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;

function leadFor(f: SyncFixture, referralId: string): Row | undefined {
  return f.sf.store.findByField('Lead', 'Referral_Identifier__c', referralId)[0];
}

/** The category the product derived, read from its mirror, so a test knows the referral reached the sync. */
async function mirroredCategory(f: SyncFixture, id: string): Promise<string> {
  const stored = await f.t.product.storage.referrals.get(f.tenantId, id);
  assert.ok(stored, `referral ${id} is in the mirror`);
  return (JSON.parse(stored.json) as { category: string }).category;
}

describe('Salesforce sync: marketplace and qualified leads', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  afterEach(async () => { await f.close(); });

  describe('with the default settings', () => {
    beforeEach(async () => { f = await startFilledSyncFixture(); });

    it('a marketplace lead becomes a Salesforce Lead, not an opportunity', async () => {
      const r = marketplaceLead();
      f.pc.store.put(r);
      await f.settle();
      assert.equal(await mirroredCategory(f, r.id as string), 'MarketplaceLead');
      const lead = leadFor(f, r.id as string);
      assert.ok(lead, 'Lead created');
      assert.deepEqual([lead.Company, lead.FirstName, lead.LastName, lead.Email, lead.Country, lead.PostalCode], ['Fabrikam Inc', 'Sue', 'Smith', 'sue.smith@fabrikam.example', 'US', '98052']);
      assert.match(String(lead.Referral_Link__c), new RegExp(r.id as string));
      assert.match(String(lead.Audit__c), /Created Lead from Partner Center referral/);
      assert.equal(f.opportunityFor(r.id as string), undefined);
      assert.equal(f.sf.store.list('Opportunity').length, 0);
      assert.deepEqual((await f.audit(r.id as string)).map((a) => [a.action, a.crmObject, a.crmId]), [['created', 'Lead', lead.Id]]);
    });

    it('a qualified lead from Microsoft becomes a Salesforce Lead, not an opportunity', async () => {
      const r = qualifiedLead();
      f.pc.store.put(r);
      await f.settle();
      assert.equal(await mirroredCategory(f, r.id as string), 'QualifiedLead');
      const lead = leadFor(f, r.id as string);
      assert.ok(lead, 'Lead created');
      assert.deepEqual([lead.Company, lead.LastName, lead.Email, lead.Country, lead.Referral_Identifier__c], ['Tailspin Toys', 'Tailspin', 'tor@tailspin.example', 'NO', r.id]);
      assert.equal(f.sf.store.list('Opportunity').length, 0);
    });

    it('a lead without a customer contact still satisfies Salesforce: Company and LastName take the mapping\'s defaults', async () => {
      const r = marketplaceLead({ customerProfile: { name: 'Wingtip Ltd', address: { country: 'GB' } } });
      f.pc.store.put(r);
      await f.settle();
      const lead = leadFor(f, r.id as string);
      assert.ok(lead, `Lead created (audit: ${JSON.stringify(await f.audit(r.id as string))})`);
      assert.deepEqual([lead.Company, lead.LastName, lead.Email], ['Wingtip Ltd', 'Unknown', null]);
    });
  });

  describe('with SYNC_COSELL_OPPORTUNITIES_ONLY=true', () => {
    beforeEach(async () => { f = await startFilledSyncFixture({ SYNC_COSELL_OPPORTUNITIES_ONLY: 'true' }); });

    it('leads are not written to Salesforce at all, while a co-sell referral still is', async () => {
      const leads = [marketplaceLead(), qualifiedLead()];
      const coSell = incomingCoSell();
      for (const r of [...leads, coSell]) f.pc.store.put(r);
      await f.settle();
      assert.deepEqual(await Promise.all(leads.map((r) => mirroredCategory(f, r.id as string))), ['MarketplaceLead', 'QualifiedLead']);
      assert.equal(f.sf.store.list('Lead').length, 0);
      for (const r of leads) {
        assert.equal(f.opportunityFor(r.id as string), undefined);
        assert.deepEqual(await f.audit(r.id as string), []);
      }
      assert.deepEqual(f.sf.store.list('Opportunity').map((o) => o.Referral_Identifier__c), [coSell.id]);
    });

    it('a later change of a lead in Partner Center is not written either', async () => {
      const r = marketplaceLead();
      f.pc.store.put(r);
      await f.settle();
      f.pcChange(r.id as string, (x) => { (x.details as Row).notes = 'Asked for a quote'; });
      await f.settle();
      const stored = await f.t.product.storage.referrals.get(f.tenantId, r.id as string);
      assert.equal((JSON.parse(stored!.json) as { details: { notes: string } }).details.notes, 'Asked for a quote', 'the change reached the mirror');
      assert.equal(f.sf.store.list('Lead').length, 0);
    });
  });
});
