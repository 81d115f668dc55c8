import assert from 'node:assert/strict';
import { DRIVERS } from './crm-driver.js';
import { marketplaceLead, qualifiedLead } from './more-fixtures.js';
import { incomingCoSell, startSyncFixture, type SyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;
const pcPatches = (f: SyncFixture): number => f.pc.requestLog.filter((e) => e.method === 'PATCH').length;

// The same scenarios against each CRM: one engine, one mapping format, an adapter and an emulator per CRM.
for (const crm of DRIVERS) {
  describe(`CRM sync scenarios [${crm.kind}]`, function () {
    this.timeout(60_000);
    let f: SyncFixture;
    let referralId: string;
    let oppId: string;
    beforeEach(async () => {
      f = await startSyncFixture(crm.env);
      const r = incomingCoSell();
      referralId = r.id as string;
      f.pc.store.put(r);
      await f.settle();
      oppId = String(crm.opportunityFor(f, referralId)?.[crm.kind === 'salesforce' ? 'Id' : 'opportunityid']);
    });
    afterEach(async () => { await f.close(); });

    it('a Partner Center referral becomes an opportunity on hold, with the referral\'s values and a ✔', () => {
      const opp = crm.opportunity(f, oppId)!;
      assert.equal(opp[crm.f.amount], 50000);
      assert.equal(opp[crm.f.name], 'Fabrikam supply chain modernisation ✔');
      assert.equal(crm.stageOf(opp), 'onHold');
      assert.match(String(opp[crm.f.audit]), /Created/);
    });

    it('an opportunity marked for sync becomes a co-sell referral, once', async () => {
      const deal = crm.sellerDeal(f, 'Northwind ERP', 120000);
      await f.poll();
      const opp = crm.opportunity(f, deal.oppId)!;
      const id = opp[crm.f.referralId] as string;
      assert.ok(id, `referral id written back (Audit: ${String(opp[crm.f.audit])})`);
      const referral = f.pc.store.get(id) as unknown as Row;
      assert.equal((referral.details as Row).dealValue, 120000);
      await f.poll();
      assert.equal(f.pc.store.list().filter((r) => r.externalReferenceId === deal.oppId).length, 2, 'the referral and its share with Microsoft');
      assert.equal(crm.count(f, 'opportunity'), 2, 'no second opportunity');
    });

    it('a Partner Center update reaches the opportunity, and its echo goes nowhere', async () => {
      const before = pcPatches(f);
      f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 75000; });
      await f.settle();
      assert.equal(crm.opportunity(f, oppId)![crm.f.amount], 75000);
      await f.poll();
      assert.equal(pcPatches(f), before);
    });

    it('a seller\'s edits reach Partner Center once; leaving on-hold accepts; Closed Won closes', async () => {
      crm.setStage(f, oppId, 'active');
      await f.poll();
      assert.equal((f.pc.store.get(referralId) as unknown as Row).status, 'Active');
      const before = pcPatches(f);
      crm.update(f, oppId, { [crm.f.amount]: 99000, [crm.f.description]: 'Expanded scope' });
      await f.poll();
      const details = (f.pc.store.get(referralId) as unknown as Row).details as Row;
      assert.deepEqual([details.dealValue, details.notes], [99000, 'Expanded scope']);
      assert.equal(pcPatches(f), before + 1);
      await f.poll();
      assert.equal(pcPatches(f), before + 1, 'no ping-pong');
      crm.setStage(f, oppId, 'won');
      await f.poll();
      const closed = f.pc.store.get(referralId) as unknown as Row;
      assert.deepEqual([closed.status, closed.substatus], ['Closed', 'Won']);
    });

    it('both sides edit: the later writer wins field by field, and the conflict is audited', async () => {
      crm.setStage(f, oppId, 'active');
      await f.poll();
      crm.update(f, oppId, { [crm.f.amount]: 11111, [crm.f.description]: 'seller notes' });
      await new Promise((r) => setTimeout(r, 1100));
      f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 22222; });
      await f.settle();
      await f.poll();
      const details = (f.pc.store.get(referralId) as unknown as Row).details as Row;
      assert.equal(crm.opportunity(f, oppId)![crm.f.amount], 22222);
      assert.deepEqual([details.dealValue, details.notes], [22222, 'seller notes']);
      const audit = [...await f.audit(referralId), ...await f.auditOfRecord(oppId)];
      assert.equal(audit.flatMap((a) => a.fields).find((x) => x.winner !== undefined)?.winner, 'partnerCenter');
    });

    it('a 412 re-reads and retries; 429/503 storms end synced', async () => {
      crm.setStage(f, oppId, 'active');
      await f.poll();
      f.pc.faults.inject({ status: 412, method: 'PATCH', times: 1 });
      crm.update(f, oppId, { [crm.f.amount]: 1234 });
      await f.poll();
      assert.equal(((f.pc.store.get(referralId) as unknown as Row).details as Row).dealValue, 1234);
      crm.failWrites(f, 503, 2);
      crm.failWrites(f, 429, 1);
      f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 31337; });
      await f.settle();
      assert.equal(crm.opportunity(f, oppId)![crm.f.amount], 31337);
    });

    it('a deleted opportunity is recorded, not recreated', async () => {
      crm.delete(f, oppId);
      f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 5; });
      await f.settle();
      assert.equal(crm.count(f, 'opportunity'), 0);
      assert.equal((await f.audit(referralId))[0]?.action, 'deleted');
    });

    for (const [substatus, stage] of [['Won', 'won'], ['Lost', 'lost'], ['Declined', 'lost'], ['Expired', 'lost']] as const) {
      it(`closed as ${substatus} in Partner Center: the opportunity is ${stage}`, async () => {
        f.pcChange(referralId, (r) => { r.status = 'Closed'; r.substatus = substatus; });
        await f.settle();
        assert.equal(crm.stageOf(crm.opportunity(f, oppId)!), stage);
      });
    }

    it('a referral already won when first seen becomes a won opportunity', async () => {
      const won = incomingCoSell({ status: 'Closed', substatus: 'Won' });
      f.pc.store.put(won);
      await f.settle();
      const opp = crm.opportunityFor(f, won.id as string);
      assert.ok(opp, 'created');
      assert.equal(crm.stageOf(opp), 'won');
    });

    it('duplicate and out-of-order versions leave one opportunity with the newest values', async () => {
      const v2 = f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 2; });
      const v3 = f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 3; });
      f.pc.store.put(v3);
      f.pc.store.put(v2);
      f.pc.store.put(v3);
      await f.settle();
      assert.equal(crm.count(f, 'opportunity'), 1);
      assert.equal(crm.opportunity(f, oppId)![crm.f.amount], 3);
    });

    it('marketplace and marketing-qualified leads become leads, not opportunities', async () => {
      f.pc.store.put(marketplaceLead());
      f.pc.store.put(qualifiedLead());
      await f.settle();
      assert.equal(crm.count(f, 'lead'), 2);
      assert.equal(crm.count(f, 'opportunity'), 1);
    });

    it('help from Microsoft without a customer contact is refused with the reason in Audit', async () => {
      const deal = crm.sellerDeal(f, 'Fourth Coffee', 7000);
      if (crm.kind === 'salesforce') for (const c of f.sf.store.list('OpportunityContactRole').filter((x) => x.OpportunityId === deal.oppId)) f.sf.store.delete('OpportunityContactRole', c.Id as string);
      else for (const c of [...f.t.sandbox.dataverse.store.rows('connection')].filter((x) => (x.record1id as { id?: string } | null)?.id === deal.oppId || (x.record2id as { id?: string } | null)?.id === deal.oppId)) { if (f.t.sandbox.dataverse.store.get('connection', c.connectionid as string)) f.t.sandbox.dataverse.store.delete('connection', c.connectionid as string); }
      await f.poll();
      assert.match(String(crm.opportunity(f, deal.oppId)![crm.f.audit]), /customer contact information is required/);
    });

    it('an opportunity missing its solution is refused with the reason in Audit and a ✖', async () => {
      const deal = crm.sellerDeal(f, 'Contoso pilot', 5000);
      // Remove the solution row the deal came with.
      if (crm.kind === 'salesforce') for (const s of f.sf.store.list('Microsoft_Solutions__c').filter((x) => x.Opportunity__c === deal.oppId)) f.sf.store.delete('Microsoft_Solutions__c', s.Id as string);
      else for (const s of [...f.t.sandbox.dataverse.store.rows('msp_partnercentersolution')].filter((x) => (x.msp_opportunityid as { id?: string } | null)?.id === deal.oppId)) f.t.sandbox.dataverse.store.delete('msp_partnercentersolution', s.msp_partnercentersolutionid as string);
      await f.poll();
      const opp = crm.opportunity(f, deal.oppId)!;
      assert.match(String(opp[crm.f.audit]), /Solution ID is required/);
      assert.match(String(opp[crm.f.name]), / ✖$/);
      assert.equal(opp[crm.f.referralId] ?? null, null);
    });
  });
}
