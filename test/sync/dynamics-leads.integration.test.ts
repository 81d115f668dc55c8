import assert from 'node:assert/strict';
import { incomingCoSell, type SyncFixture } from './sync-fixture.js';
import { marketplaceLead, qualifiedLead, startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;

// The Salesforce leads suite (leads.integration.test.ts), against Dynamics 365 through the Dataverse emulator.
function rows(f: SyncFixture, table: 'lead' | 'opportunity'): Row[] {
  return [...f.t.sandbox.dataverse.store.rows(table)];
}

function leadFor(f: SyncFixture, referralId: string): Row | undefined {
  return rows(f, 'lead').find((r) => r.msp_referralidentifier === referralId);
}

async function mirroredCategory(f: SyncFixture, id: string): Promise<string> {
  const stored = await f.t.product.storage.referrals.get(f.tenantId, id);
  assert.ok(stored, `referral ${id} is in the mirror`);
  return (JSON.parse(stored.json) as { category: string }).category;
}

describe('Dynamics 365 sync: marketplace and qualified leads', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  afterEach(async () => { await f.close(); });

  describe('with the default settings', () => {
    beforeEach(async () => { f = await startFilledSyncFixture({ CRM: 'dynamics365' }); });

    it('a marketplace lead becomes a Dynamics 365 lead, not an opportunity', async () => {
      const r = marketplaceLead();
      f.pc.store.put(r);
      await f.settle();
      assert.equal(await mirroredCategory(f, r.id as string), 'MarketplaceLead');
      const lead = leadFor(f, r.id as string);
      assert.ok(lead, `lead created (audit: ${JSON.stringify(await f.audit(r.id as string))})`);
      assert.deepEqual([lead.companyname, lead.firstname, lead.lastname, lead.emailaddress1, lead.address1_country, lead.address1_postalcode], ['Fabrikam Inc', 'Sue', 'Smith', 'sue.smith@fabrikam.example', 'US', '98052']);
      assert.match(String(lead.msp_referrallink), new RegExp(r.id as string));
      assert.match(String(lead.msp_audit), /Created lead from Partner Center referral/i);
      assert.equal(rows(f, 'opportunity').length, 0);
      assert.deepEqual((await f.audit(r.id as string)).map((a) => [a.action, a.crmObject, a.crmId]), [['created', 'lead', lead.leadid]]);
    });

    it('a qualified lead from Microsoft becomes a Dynamics 365 lead, not an opportunity', async () => {
      const r = qualifiedLead();
      f.pc.store.put(r);
      await f.settle();
      assert.equal(await mirroredCategory(f, r.id as string), 'QualifiedLead');
      const lead = leadFor(f, r.id as string);
      assert.ok(lead, 'lead created');
      assert.deepEqual([lead.companyname, lead.lastname, lead.emailaddress1, lead.address1_country, lead.msp_referralidentifier], ['Tailspin Toys', 'Tailspin', 'tor@tailspin.example', 'NO', r.id]);
      assert.equal(rows(f, 'opportunity').length, 0);
    });
  });

  describe('with SYNC_COSELL_OPPORTUNITIES_ONLY=true', () => {
    beforeEach(async () => { f = await startFilledSyncFixture({ CRM: 'dynamics365', SYNC_COSELL_OPPORTUNITIES_ONLY: 'true' }); });

    it('leads are not written to Dynamics 365 at all, while a co-sell referral still is', async () => {
      const leads = [marketplaceLead(), qualifiedLead()];
      const coSell = incomingCoSell();
      for (const r of [...leads, coSell]) f.pc.store.put(r);
      await f.settle();
      assert.deepEqual(await Promise.all(leads.map((r) => mirroredCategory(f, r.id as string))), ['MarketplaceLead', 'QualifiedLead']);
      assert.equal(rows(f, 'lead').length, 0);
      for (const r of leads) assert.deepEqual(await f.audit(r.id as string), []);
      assert.deepEqual(rows(f, 'opportunity').map((o) => o.msp_referralidentifier), [coSell.id]);
    });

    it('a later change of a lead in Partner Center is not written either', async () => {
      const r = marketplaceLead();
      f.pc.store.put(r);
      await f.settle();
      f.pcChange(r.id as string, (x) => { (x.details as Row).notes = 'Asked for a quote'; });
      await f.settle();
      const stored = await f.t.product.storage.referrals.get(f.tenantId, r.id as string);
      assert.equal((JSON.parse(stored!.json) as { details: { notes: string } }).details.notes, 'Asked for a quote', 'the change reached the mirror');
      assert.equal(rows(f, 'lead').length, 0);
    });
  });
});
