import assert from 'node:assert/strict';
import { SELLER_USER_ID } from '../../sandbox/dataverse/index.js';
import type { SyncFixture } from './sync-fixture.js';
import { startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;

// The Salesforce prerequisites suite (prerequisites.integration.test.ts), against Dynamics 365 through the Dataverse emulator.
const DEAL = 'Northwind ERP';
const seller = { userId: SELLER_USER_ID };
const lookup = (logicalName: string, id: string) => ({ id, logicalName });

interface Deal { accountId: string; oppId: string }
interface Options { country?: string | null; solution?: boolean; contact?: boolean }

function store(f: SyncFixture) { return f.t.sandbox.dataverse.store; }

function addSolution(f: SyncFixture, oppId: string): void {
  store(f).create('msp_partnercentersolution', { msp_name: 'Field Service Accelerator', msp_solutionid: 'SOL-34104-EBB', msp_opportunityid: lookup('opportunity', oppId) }, seller);
}

function addContact(f: SyncFixture, d: Deal): void {
  const contactId = store(f).create('contact', { firstname: 'Nina', lastname: 'North', emailaddress1: 'nina@northwind.example', parentcustomerid: lookup('account', d.accountId) }, seller).contactid as string;
  store(f).create('connection', { record1id: lookup('opportunity', d.oppId), record2id: lookup('contact', contactId) }, seller);
}

/** An opportunity a seller marked Sync with Partner Center, complete unless an option removes a part. */
function sellerDeal(f: SyncFixture, o: Options = {}): Deal {
  const s = store(f);
  const country = o.country === undefined ? 'United States' : o.country;
  const usd = [...s.rows('transactioncurrency')].find((c) => c.isocurrencycode === 'USD')!.transactioncurrencyid as string;
  const accountId = s.create('account', { name: 'Northwind Traders', address1_postalcode: '98052', ...(country !== null ? { address1_country: country } : {}) }, seller).accountid as string;
  const oppId = s.create('opportunity', {
    name: DEAL, estimatedvalue: 120000, estimatedclosedate: '2026-12-31', transactioncurrencyid: lookup('transactioncurrency', usd), parentaccountid: lookup('account', accountId),
    msp_helprequested: 100000003, msp_syncwithpartnercenter: true, statuscode: 1,
  }, seller).opportunityid as string;
  const deal = { accountId, oppId };
  if (o.contact !== false) addContact(f, deal);
  if (o.solution !== false) addSolution(f, oppId);
  return deal;
}

function opportunity(f: SyncFixture, id: string): Row {
  const row = store(f).get('opportunity', id) as Row | undefined;
  if (row === undefined) throw new Error(`no opportunity ${id}`);
  return row;
}

interface Case { what: string; options: Options; message: RegExp; fix: (f: SyncFixture, d: Deal) => void }

const cases: Case[] = [
  { what: 'no Microsoft Partner Center Solutions row', options: { solution: false }, message: /Solution ID is required/, fix: (f, d) => addSolution(f, d.oppId) },
  { what: 'an account without a country', options: { country: null }, message: /country code/, fix: (f, d) => { store(f).update('account', d.accountId, { address1_country: 'US' }, seller); } },
  { what: 'a country name that is no ISO country', options: { country: 'Atlantis' }, message: /country code/, fix: (f, d) => { store(f).update('account', d.accountId, { address1_country: 'United States' }, seller); } },
  { what: 'help from Microsoft asked without a customer contact', options: { contact: false }, message: /customer contact information is required/, fix: (f, d) => addContact(f, d) },
];

describe('Dynamics 365 sync: co-sell prerequisites of an opportunity marked Sync with Partner Center', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  beforeEach(async () => { f = await startFilledSyncFixture({ CRM: 'dynamics365' }); });
  afterEach(async () => { await f.close(); });

  const failedEntries = async (oppId: string) => (await f.auditOfRecord(oppId)).filter((e) => e.action === 'failed');

  async function refused(c: Case): Promise<Deal> {
    const deal = sellerDeal(f, c.options);
    await f.poll();
    const opp = opportunity(f, deal.oppId);
    assert.match(String(opp.msp_audit), c.message, 'the Audit column says what is missing');
    assert.equal(opp.name, `${DEAL} ✖`);
    assert.equal(opp.msp_referralidentifier ?? null, null);
    assert.equal(f.pc.store.list().length, 0, 'no referral in Partner Center');
    const failed = await failedEntries(deal.oppId);
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.message, c.message);
    assert.equal(failed[0]!.direction, 'toPartnerCenter');
    return deal;
  }

  function created(oppId: string): Row {
    const opp = opportunity(f, oppId);
    const referralId = opp.msp_referralidentifier as string | null;
    assert.ok(referralId, `Referral Identifier written back (Audit: ${String(opp.msp_audit)})`);
    assert.equal(opp.name, `${DEAL} ✔`);
    const referral = f.pc.store.get(referralId) as unknown as Row;
    assert.equal(referral.externalReferenceId, oppId);
    assert.equal(referral.name, DEAL, 'the mark is not sent to Partner Center');
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
      assert.equal(opportunity(f, deal.oppId).name, `${DEAL} ✖`);
    });

    it(`${c.what}: after the seller's fix and their next edit of the opportunity, the referral is created (✔)`, async () => {
      const deal = await refused(c);
      c.fix(f, deal);
      store(f).update('opportunity', deal.oppId, { description: 'Share with Microsoft' }, seller);
      await f.poll();
      created(deal.oppId);
      assert.equal((await failedEntries(deal.oppId)).length, 1);
      assert.ok((await f.auditOfRecord(deal.oppId)).some((e) => e.action === 'created' && e.direction === 'toPartnerCenter'));
    });
  }

  it('no solution row: adding the row alone makes the next poll create the referral', async () => {
    const deal = await refused(cases[0]!);
    addSolution(f, deal.oppId);
    await f.poll();
    const referral = created(deal.oppId);
    assert.deepEqual((((referral.details as Row).requirements as Row).solutions as Row[]).map((s) => s.id), ['SOL-34104-EBB']);
  });

  for (const c of [cases[1]!, cases[3]!]) {
    it(`${c.what}: the fix alone makes the next poll create the referral`, async () => {
      const deal = await refused(c);
      c.fix(f, deal);
      await f.poll();
      created(deal.oppId);
    });
  }

  it('a second seller edit that still misses the prerequisite is refused once more: one failed entry per seller change', async () => {
    const deal = await refused(cases[0]!);
    store(f).update('opportunity', deal.oppId, { estimatedvalue: 130000 }, seller);
    await f.poll();
    await f.poll();
    assert.equal((await failedEntries(deal.oppId)).length, 2);
    assert.equal(f.pc.store.list().length, 0);
  });
});
