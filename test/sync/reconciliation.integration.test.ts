import assert from 'node:assert/strict';
import type { SyncRun } from '../../api/storage/types.js';
import { incomingCoSell, type SyncFixture } from './sync-fixture.js';
import { coSellWithSellerTeam, finished, opportunity, reconcile, salesforceState, salesforceWrites, startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;
interface Report { phase: string; samples: Array<{ referralId?: string; crmId?: string; drift: string }>; errors: unknown[]; crmCalls?: number }

const report = (run: SyncRun): Report => JSON.parse(run.report) as Report;

/**
 * How drift is made, honestly: (1) Salesforce refuses the creation of some referrals' opportunities (an org
 * validation rule, injected as a fault on the upsert), so they sit in the mirror with no record; the rule is
 * then lifted, which no webhook or poll reports. (2) A seller edits a synced opportunity while the change
 * poll is not running (the fixture polls only when a test asks), so the referral lags behind.
 */
async function refusedByValidationRule(f: SyncFixture, count: number): Promise<string[]> {
  f.sf.faults.inject({ status: 400, errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'New deals need a manager approval.', method: 'PATCH', pathPattern: /Opportunity\/Referral_Identifier__c/, times: count });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = coSellWithSellerTeam({ name: `Refused deal ${i + 1}` });
    f.pc.store.put(r);
    ids.push(r.id as string);
  }
  await f.settle();
  assert.equal(f.sf.faults.pending().length, 0, 'every creation was refused');
  for (const id of ids) {
    assert.equal(f.opportunityFor(id), undefined);
    assert.deepEqual((await f.audit(id)).map((e) => e.action), ['failed']);
  }
  return ids;
}

/** A synced, accepted referral whose opportunity a seller then changed unseen; returns [referralId, oppId]. */
async function editedUnseen(f: SyncFixture): Promise<[string, string]> {
  const r = coSellWithSellerTeam({ name: 'Accepted deal', status: 'Active', substatus: 'Accepted' });
  f.pc.store.put(r);
  await f.settle();
  const oppId = f.opportunityFor(r.id as string)!.Id as string;
  f.sellerUpdate('Opportunity', oppId, { Amount: 64000 });
  return [r.id as string, oppId];
}

/** A referral synced and left alone: no drift. */
async function inSync(f: SyncFixture): Promise<string> {
  const r = coSellWithSellerTeam({ name: 'Quiet deal' });
  f.pc.store.put(r);
  await f.settle();
  assert.ok(f.opportunityFor(r.id as string));
  return r.id as string;
}

describe('Salesforce sync: reconciliation', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  beforeEach(async () => { f = await startFilledSyncFixture(); });
  afterEach(async () => { await f.close(); });

  it('a dry run counts the referrals without a record and the record changed unseen, and writes nothing', async () => {
    const refused = await refusedByValidationRule(f, 3);
    const [edited, editedOpp] = await editedUnseen(f);
    await inSync(f);
    const before = salesforceState(f);
    const sfLog = f.sf.requestLog.length;
    const pcLog = f.pc.requestLog.length;
    const run = await reconcile(f, { dryRun: true });
    assert.deepEqual([run.status, run.dryRun, run.total, run.processed, run.drifted, run.repaired, run.failed], ['completed', true, 5, 5, 4, 0, 0]);
    const samples = report(run).samples;
    assert.deepEqual(samples.filter((s) => s.drift === 'no CRM record').map((s) => s.referralId).sort(), [...refused].sort());
    const changed = samples.find((s) => s.referralId === edited);
    assert.equal(changed?.crmId, editedOpp);
    assert.match(changed.drift, /Amount → Partner Center/);
    assert.equal(salesforceState(f), before, 'no Salesforce record changed');
    assert.deepEqual(salesforceWrites(f, sfLog), [], 'no Salesforce write request');
    assert.deepEqual(f.pc.requestLog.slice(pcLog).filter((e) => e.method !== 'GET'), [], 'no Partner Center write');
    assert.equal(((f.pc.store.get(edited) as unknown as Row).details as Row).dealValue, 50000);
    assert.ok((report(run).crmCalls ?? 0) > 0, 'the run reports its CRM calls');
  });

  it('a repair run creates the missing opportunities and sends the unseen edit; a second dry run finds no drift', async () => {
    const refused = await refusedByValidationRule(f, 3);
    const [edited, editedOpp] = await editedUnseen(f);
    await inSync(f);
    const run = await reconcile(f, { dryRun: false });
    // processed is not asserted: the run revisits the referral it updated (see the skipped test below).
    assert.deepEqual([run.status, run.drifted, run.repaired, run.failed], ['completed', 4, 4, 0], JSON.stringify(report(run).errors));
    for (const id of refused) {
      const opp = f.opportunityFor(id);
      assert.ok(opp, `opportunity for ${id}`);
      assert.match(String(opp.Name), /^Refused deal \d ✔$/);
      assert.equal(f.sf.store.list('OpportunityContactRole').filter((x) => x.OpportunityId === opp.Id).length, 1, 'with its contact');
      assert.equal(f.sf.store.list('Microsoft_Solutions__c').filter((x) => x.Opportunity__c === opp.Id).length, 1, 'and its solution');
      assert.deepEqual((await f.audit(id)).map((e) => [e.action, e.source]), [['created', 'reconciliation'], ['failed', 'webhook']]);
    }
    assert.equal(((f.pc.store.get(edited) as unknown as Row).details as Row).dealValue, 64000);
    assert.equal(opportunity(f, editedOpp).Amount, 64000);
    await f.settle();
    const again = await reconcile(f, { dryRun: true });
    assert.deepEqual([again.processed, again.drifted], [5, 0], JSON.stringify(report(again).samples));
  });

  it('a run whose process stopped is taken over once its lock expired, and goes on from its cursor', async () => {
    const ids = await refusedByValidationRule(f, 6);
    const mirror = await f.t.product.storage.referrals.list(f.tenantId, { order: 'asc', limit: 100 });
    assert.equal(mirror.length, 6);
    const [done, todo] = [mirror.slice(0, 3).map((r) => r.id), mirror.slice(3).map((r) => r.id)];
    const third = mirror[2]!;
    const long = new Date(Date.now() - 60 * 60_000).toISOString();
    const stale = await f.t.product.storage.syncRuns.create({
      tenantId: f.tenantId, kind: 'reconcile', dryRun: false, status: 'running', total: 6, processed: 3, drifted: 0, repaired: 0, failed: 0,
      cursor: JSON.stringify({ phase: 'referrals', after: { updatedDateTime: third.updatedDateTime, id: third.id } }),
      report: JSON.stringify({ phase: 'referrals', samples: [], errors: [] }),
      lockedBy: 'a-crashed-process', lockedUntil: new Date(Date.now() - 60_000).toISOString(), startedAt: long, updatedAt: long, finishedAt: null,
    });
    const live = await f.t.product.storage.syncRuns.create({ ...stale, lockedBy: 'a-live-process', lockedUntil: new Date(Date.now() + 60 * 60_000).toISOString() });

    assert.equal(await f.sync.reconciler.resumeStale(), 1, 'only the run whose lock expired');
    const run = await finished(f, stale.id);
    assert.deepEqual([run.status, run.processed, run.drifted, run.repaired, run.failed], ['completed', 6, 3, 3, 0]);
    assert.equal(run.lockedBy, null);
    for (const id of todo) assert.ok(f.opportunityFor(id), `created after the cursor: ${id}`);
    for (const id of done) assert.equal(f.opportunityFor(id), undefined, `before the cursor, left as the first process left it: ${id}`);
    assert.deepEqual(new Set([...done, ...todo]), new Set(ids));
    const untouched = await f.t.product.storage.syncRuns.get(f.tenantId, live.id);
    assert.deepEqual([untouched?.status, untouched?.lockedBy, untouched?.processed], ['running', 'a-live-process', 3]);
  });

  // engine bug: the referrals phase of Reconciler.execute (api/crm-sync/reconcile.ts) pages the mirror by
  // (updatedDateTime, id); a referral the run itself repairs gets a newer updatedDateTime, comes after the
  // cursor again and is processed twice, so processed ends above total (6 of 5 here) and a progress bar overruns.
  it('a repair run processes each referral once: processed ends equal to total', async () => {
    await refusedByValidationRule(f, 3);
    await editedUnseen(f);
    await inSync(f);
    const run = await reconcile(f, { dryRun: false });
    assert.equal(run.drifted, 4);
    assert.equal(run.processed, run.total);
  });

  // engine bug: Reconciler.referralPage (api/crm-sync/reconcile.ts) calls createBatch outside any try/catch, so a
  // Salesforce error for one batch call aborts the whole run: status 'failed', the page's drift and failures
  // uncounted (drifted 0, failed 0) while its samples are already in the report, and later pages never run.
  it('a batch Salesforce refuses as a whole counts its referrals as failed, and the run completes', async () => {
    await refusedByValidationRule(f, 2);
    f.sf.faults.inject({ status: 400, errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'New deals need a manager approval.', method: 'PATCH', pathPattern: /Opportunity\/Referral_Identifier__c/ });
    const run = await reconcile(f, { dryRun: false });
    assert.deepEqual([run.status, run.drifted, run.repaired, run.failed], ['completed', 2, 0, 2], JSON.stringify(report(run).errors));
  });

  // engine bug: createInCrm and createBatch store the referral's whole view as the link base, including team
  // members no Salesforce user matches (the team relation never creates users, writeList only warns). The CRM
  // side then looks like the seller removed them: every such record reports "@team → Partner Center" drift.
  it('a referral whose team member is no Salesforce user shows no drift right after its opportunity was created', async () => {
    const r = incomingCoSell();
    f.pc.store.put(r);
    await f.settle();
    const run = await reconcile(f, { dryRun: true });
    assert.equal(run.drifted, 0, JSON.stringify(report(run).samples));
  });

  // engine bug (same cause, data loss): the merge sends that phantom removal with the seller's next edit,
  // deleting Microsoft's team member from the Partner Center referral (api/crm-sync/engine.ts merge/changesFor).
  it('a seller\'s edit does not remove the referral\'s team members that are no Salesforce users', async () => {
    const r = incomingCoSell({ status: 'Active', substatus: 'Accepted' });
    f.pc.store.put(r);
    await f.settle();
    f.sellerUpdate('Opportunity', f.opportunityFor(r.id as string)!.Id as string, { Amount: 64000 });
    await f.poll();
    const referral = f.pc.store.get(r.id as string) as unknown as Row;
    assert.equal((referral.details as Row).dealValue, 64000);
    assert.deepEqual((referral.team as Row[]).map((m) => m.email), ['john.doe@microsoft.example']);
  });

  describe('through the HTTP API', () => {
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; location: string | null; body: Row }> => {
      const res = await fetch(`${f.t.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${await f.t.token()}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, location: res.headers.get('location'), body: await res.json() as Row };
    };

    it('POST /v1/reconciliations starts a dry run; GET /v1/reconciliations/{id} shows its outcome', async () => {
      const refused = await refusedByValidationRule(f, 2);
      const before = salesforceState(f);
      const started = await call('POST', '/v1/reconciliations', { dryRun: true });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const id = started.body.id as string;
      assert.equal(started.location, `${f.t.url}/v1/reconciliations/${id}`);
      assert.deepEqual([started.body.kind, started.body.dryRun, started.body.total], ['reconcile', true, 2]);
      await finished(f, id);
      const res = await call('GET', `/v1/reconciliations/${id}`);
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.status, res.body.processed, res.body.drifted, res.body.repaired, res.body.failed], ['completed', 2, 2, 0, 0]);
      assert.deepEqual(((res.body.report as Report).samples).map((s) => s.referralId).sort(), [...refused].sort());
      assert.equal(typeof res.body.finishedAt, 'string');
      assert.equal(salesforceState(f), before);
    });

    it('POST /v1/reconciliations with dryRun false repairs; the run is listed', async () => {
      const refused = await refusedByValidationRule(f, 2);
      const started = await call('POST', '/v1/reconciliations', { dryRun: false });
      assert.equal(started.status, 202);
      await finished(f, started.body.id as string);
      const res = await call('GET', `/v1/reconciliations/${started.body.id as string}`);
      assert.deepEqual([res.body.status, res.body.dryRun, res.body.drifted, res.body.repaired], ['completed', false, 2, 2]);
      for (const id of refused) assert.ok(f.opportunityFor(id));
      const list = await call('GET', '/v1/reconciliations');
      assert.deepEqual((list.body.value as Row[]).map((r) => r.id), [started.body.id]);
    });

    it('POST without a body is a dry run; an unknown run is 404', async () => {
      await refusedByValidationRule(f, 1);
      const started = await call('POST', '/v1/reconciliations');
      assert.equal(started.status, 202);
      assert.equal(started.body.dryRun, true);
      await finished(f, started.body.id as string);
      assert.equal(f.sf.store.list('Opportunity').length, 0);
      const missing = await call('GET', '/v1/reconciliations/00000000-0000-0000-0000-000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'not_found');
    });
  });
});
