import assert from 'node:assert/strict';
import type { SyncRun } from '../../api/storage/types.js';
import { SELLER_USER_ID } from '../../sandbox/dataverse/index.js';
import type { SyncFixture } from './sync-fixture.js';
import { coSellWithSellerTeam, finished, reconcile, startFilledSyncFixture } from './more-fixtures.js';

type Row = Record<string, unknown>;
interface Report { phase: string; samples: Array<{ referralId?: string; crmId?: string; drift: string }>; errors: unknown[]; crmCalls?: number }

const report = (run: SyncRun): Report => JSON.parse(run.report) as Report;
const TABLES = ['opportunity', 'lead', 'account', 'contact', 'connection', 'msp_partnercentersolution'];

// The Salesforce reconciliation suite (reconciliation.integration.test.ts), against Dynamics 365 through the Dataverse emulator.
describe('Dynamics 365 sync: reconciliation', function () {
  this.timeout(60_000);
  let f: SyncFixture;
  beforeEach(async () => { f = await startFilledSyncFixture({ CRM: 'dynamics365' }); });
  afterEach(async () => { await f.close(); });

  const dv = () => f.t.sandbox.dataverse;
  const oppFor = (referralId: string): Row | undefined => [...dv().store.rows('opportunity')].find((r) => r.msp_referralidentifier === referralId);
  const state = (): string => JSON.stringify(TABLES.map((t) => [...dv().store.rows(t)]));
  /** Requests that change data: every $batch (reads are GETs) and any other non-GET but the token's. */
  const writes = (from: number) => dv().requestLog.slice(from).filter((e) => e.method !== 'GET');

  /** Dataverse refuses the writes of some referrals (a plug-in's validation, injected on their $batch), so they sit in the mirror with no record. */
  async function refusedByValidation(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      dv().faults.inject({ status: 400, code: '0x80040265', message: 'New deals need a manager approval.', method: 'POST', pathPattern: /\$batch/, times: 1 });
      const r = coSellWithSellerTeam({ name: `Refused deal ${i + 1}` });
      f.pc.store.put(r);
      ids.push(r.id as string);
      await f.settle();
    }
    assert.equal(dv().faults.pending().length, 0, 'every refusal was used');
    for (const id of ids) {
      assert.equal(oppFor(id), undefined);
      assert.deepEqual((await f.audit(id)).map((e) => e.action), ['failed']);
    }
    return ids;
  }

  async function editedUnseen(): Promise<[string, string]> {
    const r = coSellWithSellerTeam({ name: 'Accepted deal', status: 'Active', substatus: 'Accepted' });
    f.pc.store.put(r);
    await f.settle();
    const oppId = oppFor(r.id as string)!.opportunityid as string;
    dv().store.update('opportunity', oppId, { estimatedvalue: 64000 }, { userId: SELLER_USER_ID });
    return [r.id as string, oppId];
  }

  async function inSync(): Promise<string> {
    const r = coSellWithSellerTeam({ name: 'Quiet deal' });
    f.pc.store.put(r);
    await f.settle();
    assert.ok(oppFor(r.id as string));
    return r.id as string;
  }

  it('a dry run counts the referrals without a record and the record changed unseen, and writes nothing', async () => {
    const refused = await refusedByValidation(3);
    const [edited, editedOpp] = await editedUnseen();
    await inSync();
    const before = state();
    const dvLog = dv().requestLog.length;
    const pcLog = f.pc.requestLog.length;
    const run = await reconcile(f, { dryRun: true });
    assert.deepEqual([run.status, run.dryRun, run.total, run.processed, run.drifted, run.repaired, run.failed], ['completed', true, 5, 5, 4, 0, 0], JSON.stringify(report(run)));
    const samples = report(run).samples;
    assert.deepEqual(samples.filter((s) => s.drift === 'no CRM record').map((s) => s.referralId).sort(), [...refused].sort());
    const changed = samples.find((s) => s.referralId === edited);
    assert.equal(changed?.crmId, editedOpp);
    assert.match(changed.drift, /estimatedvalue → Partner Center/);
    assert.equal(state(), before, 'no Dataverse row changed');
    assert.deepEqual(writes(dvLog), [], 'no Dataverse write request');
    assert.deepEqual(f.pc.requestLog.slice(pcLog).filter((e) => e.method !== 'GET'), [], 'no Partner Center write');
    assert.equal(((f.pc.store.get(edited) as unknown as Row).details as Row).dealValue, 50000);
  });

  it('a repair run creates the missing opportunities and sends the unseen edit; a second dry run finds no drift', async () => {
    const refused = await refusedByValidation(3);
    const [edited, editedOpp] = await editedUnseen();
    await inSync();
    const run = await reconcile(f, { dryRun: false });
    assert.deepEqual([run.status, run.drifted, run.repaired, run.failed], ['completed', 4, 4, 0], JSON.stringify(report(run).errors));
    for (const id of refused) {
      const opp = oppFor(id);
      assert.ok(opp, `opportunity for ${id}`);
      assert.match(String(opp.name), /^Refused deal \d ✔$/);
      assert.equal([...dv().store.rows('msp_partnercentersolution')].filter((x) => (x.msp_opportunityid as { id?: string } | null)?.id === opp.opportunityid).length, 1, 'with its solution');
      assert.deepEqual((await f.audit(id)).map((e) => [e.action, e.source]), [['created', 'reconciliation'], ['failed', 'webhook']]);
    }
    assert.equal(((f.pc.store.get(edited) as unknown as Row).details as Row).dealValue, 64000);
    assert.equal(dv().store.get('opportunity', editedOpp)!.estimatedvalue, 64000);
    await f.settle();
    const again = await reconcile(f, { dryRun: true });
    assert.deepEqual([again.processed, again.drifted], [5, 0], JSON.stringify(report(again).samples));
  });

  it('a run whose process stopped is taken over once its lock expired, and goes on from its cursor', async () => {
    const ids = await refusedByValidation(6);
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
    assert.equal(await f.sync.reconciler.resumeStale(), 1);
    const run = await finished(f, stale.id);
    assert.deepEqual([run.status, run.processed, run.drifted, run.repaired, run.failed], ['completed', 6, 3, 3, 0]);
    for (const id of todo) assert.ok(oppFor(id), `created after the cursor: ${id}`);
    for (const id of done) assert.equal(oppFor(id), undefined, `before the cursor, left as the first process left it: ${id}`);
    assert.deepEqual(new Set([...done, ...todo]), new Set(ids));
  });
});
