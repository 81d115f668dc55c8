import assert from 'node:assert/strict';
import { incomingCoSell, startSyncFixture, type SyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;

/** Bodies of the Salesforce writes made after `from` (collection calls), as parsed JSON. */
function writesSince(f: SyncFixture, from: number): Array<{ method: string; path: string }> {
  return f.sf.requestLog.slice(from).filter((e) => e.method !== 'GET' && !/\/query|composite\/sobjects\/[A-Za-z_]+$/.test(e.path) && e.method !== 'POST' || (e.method === 'POST' && /composite\/sobjects$/.test(e.path)));
}

describe('Salesforce sync: updates both ways, echoes and conflicts', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  let referralId: string;
  let oppId: string;

  beforeEach(async () => {
    f = await startSyncFixture();
    const r = incomingCoSell();
    referralId = r.id as string;
    f.pc.store.put(r);
    await f.settle();
    oppId = f.opportunityFor(referralId)!.Id as string;
  });
  afterEach(async () => { await f.close(); });

  it('a Partner Center update writes only the changed field, and its echo is not written back', async () => {
    const before = f.sf.requestLog.length;
    const pcPatchesBefore = f.pc.requestLog.filter((e) => e.method === 'PATCH').length;
    f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 75000; });
    await f.settle();
    const opp = f.sf.store.get('Opportunity', oppId) as Row;
    assert.equal(opp.Amount, 75000);
    const writes = f.sf.requestLog.slice(before).filter((e) => e.method === 'PATCH' && /composite\/sobjects$/.test(e.path));
    assert.equal(writes.length, 1, 'one update call');
    await f.poll();
    await f.poll();
    assert.equal(f.pc.requestLog.filter((e) => e.method === 'PATCH').length, pcPatchesBefore, 'nothing went back to Partner Center');
    const audit = await f.audit(referralId);
    assert.equal(audit[0]?.action, 'updated');
    assert.deepEqual(audit[0]?.fields.map((x) => [x.field, x.from, x.to]), [['Amount', 50000, 75000]]);
    assert.match(String(opp.Audit__c).split('\n')[0]!, /Updated the Opportunity from Partner Center\. \[Amount: 50000 → 75000\]/);
    void writesSince;
  });

  it('a seller\'s edit reaches Partner Center with If-Match, once, and does not bounce back', async () => {
    f.sellerUpdate('Opportunity', oppId, { StageName: 'Qualification' });
    await f.poll();
    let referral = f.pc.store.get(referralId) as unknown as Row;
    assert.deepEqual([referral.status, referral.substatus], ['Active', 'Accepted'], 'leaving on-hold accepts the referral');
    const patches = f.pc.requestLog.filter((e) => e.method === 'PATCH').length;
    const sfBefore = f.sf.requestLog.length;
    f.sellerUpdate('Opportunity', oppId, { Amount: 99000, Description: 'Expanded scope' });
    await f.poll();
    referral = f.pc.store.get(referralId) as unknown as Row;
    assert.equal((referral.details as Row).dealValue, 99000);
    assert.equal((referral.details as Row).notes, 'Expanded scope');
    assert.equal(f.pc.requestLog.filter((e) => e.method === 'PATCH').length, patches + 1, 'one PATCH for both fields');
    await f.poll();
    await f.poll();
    assert.equal(f.pc.requestLog.filter((e) => e.method === 'PATCH').length, patches + 1, 'no ping-pong');
    const sfWrites = f.sf.requestLog.slice(sfBefore).filter((e) => e.method === 'PATCH' && /composite\/sobjects$/.test(e.path));
    assert.ok(sfWrites.length <= 1, `at most the Audit summary is written back (${sfWrites.length})`);
    const opp = f.sf.store.get('Opportunity', oppId) as Row;
    assert.equal(opp.Amount, 99000);
  });

  it('edits on both sides: field by field, the later writer wins and the conflict is audited', async () => {
    f.sellerUpdate('Opportunity', oppId, { StageName: 'Qualification' });
    await f.poll();
    // The seller edits first, Partner Center later; the poll runs after both.
    f.sellerUpdate('Opportunity', oppId, { Amount: 11111, Description: 'seller notes' });
    await new Promise((r) => setTimeout(r, 1100));
    f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 22222; });
    await f.settle();
    await f.poll();
    const referral = f.pc.store.get(referralId) as unknown as Row;
    const opp = f.sf.store.get('Opportunity', oppId) as Row;
    assert.equal(opp.Amount, 22222, 'Partner Center changed Amount later and wins');
    assert.equal((referral.details as Row).dealValue, 22222);
    assert.equal((referral.details as Row).notes, 'seller notes', 'the field only the seller changed still travels');
    const audit = [...await f.audit(referralId), ...await f.auditOfRecord(oppId)];
    const conflict = audit.flatMap((a) => a.fields).find((x) => x.field === 'Amount' && x.winner !== undefined);
    assert.equal(conflict?.winner, 'partnerCenter');
  });

  it('a 412 from Partner Center re-reads the referral, re-diffs and retries', async () => {
    f.sellerUpdate('Opportunity', oppId, { StageName: 'Qualification' });
    await f.poll();
    f.pc.faults.inject({ status: 412, method: 'PATCH', times: 1 });
    f.sellerUpdate('Opportunity', oppId, { Amount: 1234 });
    await f.poll();
    assert.equal(((f.pc.store.get(referralId) as unknown as Row).details as Row).dealValue, 1234);
    assert.equal(f.pc.faults.pending().length, 0, 'the 412 was served');
  });

  it('429 and 503 storms on both sides end in a synced record', async () => {
    f.sf.faults.inject({ status: 503, method: 'PATCH', times: 3, pathPattern: /composite\/sobjects/ });
    f.sf.faults.inject({ status: 403, method: 'POST', times: 2, pathPattern: /composite\/sobjects\/Opportunity$/ });
    f.pcChange(referralId, (r) => { (r.details as Row).dealValue = 31337; });
    await f.settle();
    assert.equal((f.sf.store.get('Opportunity', oppId) as Row).Amount, 31337);
    f.sellerUpdate('Opportunity', oppId, { StageName: 'Qualification' });
    await f.poll();
    f.pc.faults.inject({ status: 429, retryAfterSeconds: 1, times: 3 });
    f.sellerUpdate('Opportunity', oppId, { Amount: 4242 });
    await f.poll();
    assert.equal(((f.pc.store.get(referralId) as unknown as Row).details as Row).dealValue, 4242);
    assert.ok(f.t.sleeps.length > 0, 'backoff was asked for');
  });

  it('edits while on hold are held back until the opportunity leaves on-hold', async () => {
    f.sellerUpdate('Opportunity', oppId, { Amount: 777 });
    await f.poll();
    assert.equal(((f.pc.store.get(referralId) as unknown as Row).details as Row).dealValue, 50000);
    assert.match((await f.audit(referralId))[0]?.message ?? '', /on-hold/);
    f.sellerUpdate('Opportunity', oppId, { StageName: 'Qualification' });
    await f.poll();
    const referral = f.pc.store.get(referralId) as unknown as Row;
    assert.equal(referral.status, 'Active');
    assert.equal((referral.details as Row).dealValue, 777);
  });
});
