import assert from 'node:assert/strict';
import type { SyncFixture } from './sync-fixture.js';
import { addContact, addSolution, DEAL_NAME, opportunity, sellerDeal, type SellerDealOptions, startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;

interface Case {
  what: string;
  options: SellerDealOptions;
  message: RegExp;
  fix: (f: SyncFixture, deal: { accountId: string; oppId: string }) => void;
}

// One prerequisite missing at a time; the messages are the co-sell connectors' own wording (api/domain/prerequisites.ts).
const cases: Case[] = [
  { what: 'no Microsoft Solutions row', options: { solution: false }, message: /Solution ID is required/, fix: (f, d) => addSolution(f, d.oppId) },
  { what: 'an account without a country', options: { country: null }, message: /country code/, fix: (f, d) => f.sellerUpdate('Account', d.accountId, { BillingCountry: 'US' }) },
  // The connectors' wording for this case is "Two letter country code is required"; see the skipped test below.
  { what: 'a country name that is no ISO country', options: { country: 'Atlantis' }, message: /country code/, fix: (f, d) => f.sellerUpdate('Account', d.accountId, { BillingCountry: 'United States' }) },
  { what: 'help from Microsoft asked without a customer contact', options: { contact: false }, message: /customer contact information is required/, fix: (f, d) => addContact(f, d.accountId, d.oppId) },
];

describe('Salesforce sync: co-sell prerequisites of an opportunity marked Sync with Partner Center', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  beforeEach(async () => { f = await startFilledSyncFixture(); });
  afterEach(async () => { await f.close(); });

  const failedEntries = async (oppId: string) => (await f.auditOfRecord(oppId)).filter((e) => e.action === 'failed');

  /** The seller's deal, polled once: it must be refused with `message`. */
  async function refused(c: Case): Promise<{ accountId: string; oppId: string }> {
    const deal = sellerDeal(f, c.options);
    await f.poll();
    const opp = opportunity(f, deal.oppId);
    assert.match(String(opp.Audit__c), c.message, 'the Audit field says what is missing');
    assert.equal(opp.Name, `${DEAL_NAME} ✖`);
    assert.equal(opp.Referral_Identifier__c ?? null, null);
    assert.equal(f.pc.store.list().length, 0, 'no referral in Partner Center');
    const failed = await failedEntries(deal.oppId);
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.message, c.message);
    assert.equal(failed[0]!.direction, 'toPartnerCenter');
    return deal;
  }

  /** The referral the opportunity now points at, created and shared with Microsoft. */
  function created(oppId: string): Row {
    const opp = opportunity(f, oppId);
    const referralId = opp.Referral_Identifier__c as string | null;
    assert.ok(referralId, `Referral Identifier written back (Audit: ${String(opp.Audit__c)})`);
    assert.equal(opp.Name, `${DEAL_NAME} ✔`);
    const referral = f.pc.store.get(referralId) as unknown as Row;
    assert.equal(referral.externalReferenceId, oppId);
    assert.equal(referral.name, DEAL_NAME, 'the mark is not sent to Partner Center');
    return referral;
  }

  for (const c of cases) {
    it(`${c.what}: refused with "${c.message.source}", marked ✖, and its own Audit write does not make it retry`, async () => {
      const deal = await refused(c);
      const pcRequests = f.pc.requestLog.length;
      await f.poll();
      await f.poll();
      assert.equal((await failedEntries(deal.oppId)).length, 1, 'still one failed entry for one seller change');
      assert.equal(f.pc.requestLog.length, pcRequests, 'no new attempt reached Partner Center');
      assert.equal(opportunity(f, deal.oppId).Name, `${DEAL_NAME} ✖`);
    });

    it(`${c.what}: after the seller's fix and their next edit of the opportunity, the referral is created (✔)`, async () => {
      const deal = await refused(c);
      c.fix(f, deal);
      f.sellerUpdate('Opportunity', deal.oppId, { NextStep: 'Share with Microsoft' });
      await f.poll();
      created(deal.oppId);
      assert.equal((await failedEntries(deal.oppId)).length, 1);
      assert.ok((await f.auditOfRecord(deal.oppId)).some((e) => e.action === 'created' && e.direction === 'toPartnerCenter'));
    });
  }

  it('a second seller edit that still misses the prerequisite is refused once more: one failed entry per seller change', async () => {
    const deal = await refused(cases[0]!);
    f.sellerUpdate('Opportunity', deal.oppId, { Amount: 130000 });
    await f.poll();
    await f.poll();
    assert.equal((await failedEntries(deal.oppId)).length, 2);
    assert.equal(f.pc.store.list().length, 0);
  });

  // engine bug: the poller queues the opportunity of a seller's new Microsoft Solutions row, but SyncEngine's
  // fromRecord (api/crm-sync/engine.ts, the "last change is our own" guard before createInPartnerCenter) drops the
  // job because the opportunity's last modifier is the integration user (it wrote the ✖ and the Audit field).
  it('no Microsoft Solutions row: adding the row alone makes the next poll create the referral', async () => {
    const deal = await refused(cases[0]!);
    addSolution(f, deal.oppId);
    await f.poll();
    const referral = created(deal.oppId);
    assert.deepEqual((((referral.details as Row).requirements as Row).solutions as Row[]).map((s) => s.id), ['SOL-34104-EBB']);
  });

  // engine bug: Account and OpportunityContactRole changes are not polled (api/crm-sync/poller.ts watches the
  // record objects and Microsoft Solutions only), and the same fromRecord guard would drop the job anyway; so a
  // fix made on the account or the contact roles waits for the seller's next edit of the opportunity.
  for (const c of [cases[1]!, cases[3]!]) {
    it(`${c.what}: the fix alone makes the next poll create the referral`, async () => {
      const deal = await refused(c);
      c.fix(f, deal);
      await f.poll();
      created(deal.oppId);
    });
  }

  // engine bug: createInPartnerCenter (api/crm-sync/engine.ts) ignores toReferral's warnings; the isoCountry
  // transform drops a name it cannot convert, so Partner Center's check reports the country as missing
  // ("Customer account country code is missing") instead of "Two letter country code is required: ...".
  it('a country name that is no ISO country is reported with the connectors\' "Two letter country code is required"', async () => {
    const deal = sellerDeal(f, { country: 'Atlantis' });
    await f.poll();
    assert.match(String(opportunity(f, deal.oppId).Audit__c), /Two letter country code is required/);
  });

  // engine bug: ReferralOperations.createCoSell creates two partner referrals in one engagement (the solution
  // referral and the share with Microsoft, both with externalReferenceId = the opportunity). The second one is
  // queued for sync like any referral, and SyncEngine.fromReferral creates a second Opportunity for it.
  it('an opportunity shared with Microsoft stays one opportunity in Salesforce', async () => {
    const deal = sellerDeal(f);
    await f.poll();
    created(deal.oppId);
    assert.equal(f.pc.store.list().length, 2, 'the referral and its share with Microsoft');
    assert.deepEqual(f.sf.store.list('Opportunity').map((o) => o.Id), [deal.oppId]);
  });

  // engine bug (race): the created referral is queued for sync (webhook / mirrored write) before
  // createInPartnerCenter has written Referral_Identifier__c back and stored the link; fromReferral then finds no
  // link and runs createInCrm, whose upsert on Referral_Identifier__c lands on the seller's opportunity and audits
  // a second "Created Opportunity from Partner Center referral" (or, when it runs first, creates a duplicate).
  it('the created referral coming back from Partner Center is not taken for a new referral', async () => {
    const deal = sellerDeal(f);
    await f.poll();
    created(deal.oppId);
    assert.deepEqual((await f.auditOfRecord(deal.oppId)).map((e) => [e.direction, e.action]), [['toPartnerCenter', 'created']]);
  });

  it('an amount without a currency cannot be sent: the multi-currency org gives every opportunity its corporate currency', async () => {
    const deal = sellerDeal(f, { amount: 90000 });
    assert.equal(opportunity(f, deal.oppId).CurrencyIsoCode, 'USD', 'defaulted by the org');
    assert.throws(() => f.sellerUpdate('Opportunity', deal.oppId, { CurrencyIsoCode: null }), /REQUIRED_FIELD_MISSING|required/i);
    await f.poll();
    const referral = created(deal.oppId);
    assert.deepEqual([(referral.details as Row).dealValue, (referral.details as Row).currency], [90000, 'USD']);
  });
});
