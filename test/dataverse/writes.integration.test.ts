import assert from 'node:assert/strict';
import type { CrmRecordError, CrmWriteResult } from '../../api/domain/crm.js';
import { opportunity, startEnvironment, type RunningEnvironment } from './gateway-fixture.js';

function ok(result: CrmWriteResult | undefined): { id: string; created: boolean } {
  assert.ok(result?.ok, result?.ok === false ? result.error.message : 'no result');
  return result;
}

function failed(result: CrmWriteResult | undefined): CrmRecordError {
  assert.ok(result !== undefined && !result.ok, 'expected a refusal');
  return result.error;
}

describe('dataverse gateway: writes (integration)', () => {
  let env: RunningEnvironment;
  before(async () => { env = await startEnvironment(); });
  after(async () => { await env.close(); });
  beforeEach(() => { env.reset(); });

  const batches = () => env.sandbox.dataverse.requestLog.filter((r) => r.path.includes('$batch')).length;

  it('creates, reads, updates and deletes, as the integration user', async () => {
    const gw = env.gateway();
    const created = ok((await gw.createMany('opportunity', [opportunity({ name: 'CRUD' })]))[0]);
    assert.equal(created.created, true);
    const updated = ok((await gw.updateMany('opportunity', [{ id: created.id, fields: { description: 'changed' } }]))[0]);
    assert.deepEqual(updated, { ok: true, id: created.id, created: false });
    const row = await gw.get('opportunity', created.id, ['name', 'description', 'estimatedvalue']);
    assert.deepEqual(row?.fields, { name: 'CRUD', description: 'changed', estimatedvalue: 250000 });
    assert.equal(row?.modifiedBy, await gw.integrationUserId());
    ok((await gw.deleteMany('opportunity', [created.id]))[0]);
    assert.equal(await gw.get('opportunity', created.id, ['name']), undefined);
    assert.equal(failed((await gw.deleteMany('opportunity', [created.id]))[0]).code, 'not-found');
  });

  it('refuses an update of a deleted record instead of creating it', async () => {
    const gw = env.gateway();
    const err = failed((await gw.updateMany('opportunity', [{ id: '00000000-0000-0000-0000-00000000dead', fields: { name: 'ghost' } }]))[0]);
    assert.equal(err.code, 'not-found');
    assert.deepEqual(await gw.find('opportunity', { name: 'ghost' }, ['name']), []);
  });

  it('creates 1,100 records in three $batch calls of at most 500, results in input order', async () => {
    const gw = env.gateway();
    const records = Array.from({ length: 1_100 }, (_, i) => ({ lastname: `Bulk ${i}`, jobtitle: 'bulk' }));
    const results = await gw.createMany('contact', records);
    assert.equal(batches(), 3);
    assert.deepEqual(gw.batchUsage(), { batchCalls: 3, batchedRequests: 1_100 });
    const ids = results.map((r) => ok(r).id);
    const rows = await gw.getMany('contact', ids, ['lastname']);
    ids.forEach((id, i) => assert.equal(rows.get(id)?.fields.lastname, `Bulk ${i}`));
    assert.equal(gw.usage().recordsWritten, 1_100);
    assert.equal(gw.usage().writeCalls, 3);
  });

  it('upserts 200 opportunities, a third of them closed, in one $batch: each close in its record\'s change set', async () => {
    const gw = env.gateway();
    const state = (i: number) => (i % 3 === 1 ? { statecode: 1, statuscode: 3 } : i % 3 === 2 ? { statecode: 2, statuscode: 4 } : {});
    const records = Array.from({ length: 200 }, (_, i) => opportunity({ name: `Upsert ${i}`, msp_referralidentifier: `ref-${i}`, ...state(i) }));
    const before = batches();
    const results = await gw.upsertMany('opportunity', 'msp_referralidentifier', records);
    assert.equal(batches() - before, 1, 'one $batch HTTP call');
    assert.deepEqual(gw.batchUsage(), { batchCalls: 1, batchedRequests: 200 + 133 });
    const ids = results.map((r) => ok(r).id);
    assert.ok(results.every((r) => r.ok && r.created));
    const rows = await gw.getMany('opportunity', ids, ['name', 'statecode', 'statuscode']);
    ids.forEach((id, i) => {
      const expected = i % 3 === 1 ? [1, 3] : i % 3 === 2 ? [2, 4] : [0, 1];
      assert.deepEqual([rows.get(id)?.fields.name, rows.get(id)?.fields.statecode, rows.get(id)?.fields.statuscode], [`Upsert ${i}`, ...expected]);
    });
    assert.equal([...env.sandbox.dataverse.store.rows('opportunityclose')].length, 133, 'one OpportunityClose per closed record');
  });

  it('a record whose close is refused is rolled back with it, and the others of the batch are written', async () => {
    const gw = env.gateway();
    // 99 is no status reason of a won opportunity: WinOpportunity refuses it, and the change set with it.
    const records = [
      opportunity({ name: 'fine', msp_referralidentifier: 'ok-1', statecode: 1, statuscode: 3 }),
      opportunity({ name: 'refused', msp_referralidentifier: 'bad-1', statecode: 1, statuscode: 99 }),
      opportunity({ name: 'fine too', msp_referralidentifier: 'ok-2' }),
    ];
    const results = await gw.upsertMany('opportunity', 'msp_referralidentifier', records);
    ok(results[0]);
    failed(results[1]);
    ok(results[2]);
    assert.deepEqual(await gw.find('opportunity', { msp_referralidentifier: 'bad-1' }, ['name']), [], 'nothing half-written');
  });

  it('upserts by alternate key, telling created from updated', async () => {
    const gw = env.gateway();
    const first = await gw.upsertMany('opportunity', 'msp_referralidentifier', [
      opportunity({ name: 'Upsert A', msp_referralidentifier: 'R-A' }),
      opportunity({ name: "Upsert B's", msp_referralidentifier: "R-B'1" }),
    ]);
    assert.deepEqual(first.map((r) => ok(r).created), [true, true]);
    const second = await gw.upsertMany('opportunity', 'msp_referralidentifier', [
      opportunity({ name: 'Upsert A v2', msp_referralidentifier: 'R-A' }),
      opportunity({ name: 'Upsert C', msp_referralidentifier: 'R-C' }),
    ]);
    assert.deepEqual(second.map((r) => ok(r).created), [false, true]);
    assert.equal(ok(second[0]).id, ok(first[0]).id);
    const rows = await gw.find('opportunity', { msp_referralidentifier: ['R-A', "R-B'1", 'R-C'] }, ['name']);
    assert.deepEqual(rows.map((r) => r.fields.name).sort(), ['Upsert A v2', "Upsert B's", 'Upsert C']);
  });

  it('refuses a key repeated in one upsert and a missing key, writing the others', async () => {
    const gw = env.gateway();
    const results = await gw.upsertMany('opportunity', 'msp_referralidentifier', [
      opportunity({ msp_referralidentifier: 'R-D' }),
      opportunity({ msp_referralidentifier: 'R-D' }),
      opportunity({ name: 'no key' }),
      opportunity({ name: 'fine', msp_referralidentifier: 'R-E' }),
    ]);
    assert.equal(failed(results[0]).code, 'duplicate');
    assert.equal(failed(results[1]).code, 'duplicate');
    assert.deepEqual(failed(results[2]).fields, ['msp_referralidentifier']);
    assert.equal(ok(results[3]).created, true);
  });

  it('maps a refused record to invalid with the attribute, without rolling back the others', async () => {
    const gw = env.gateway();
    const results = await gw.createMany('opportunity', [opportunity({ name: 'ok 1' }), opportunity({ name: 'x'.repeat(400) }), opportunity({ name: 'ok 2' })]);
    ok(results[0]);
    const err = failed(results[1]);
    assert.equal(err.code, 'invalid');
    assert.deepEqual(err.fields, ['name']);
    ok(results[2]);
  });

  it('writes all or none in one change set: the refused record fails and the others are rolled back', async () => {
    const gw = env.gateway();
    const results = await gw.createMany('opportunity', [opportunity({ name: 'atomic 1' }), opportunity({ name: 'y'.repeat(400) })], { allOrNone: true });
    assert.equal(failed(results[0]).code, 'rolled-back');
    assert.equal(failed(results[1]).code, 'invalid');
    assert.deepEqual(await gw.find('opportunity', { name: 'atomic 1' }, ['name']), []);
  });

  it('binds lookups on write and reads them back under their plain names', async () => {
    const gw = env.gateway();
    const account = ok((await gw.createMany('account', [{ name: 'Parent account' }]))[0]);
    const opp = ok((await gw.createMany('opportunity', [opportunity({ name: 'Child', parentaccountid: account.id, transactioncurrencyid: 'GBP' })]))[0]);
    const contact = ok((await gw.createMany('contact', [{ lastname: 'Stakeholder contact' }]))[0]);
    const solution = ok((await gw.createMany('msp_partnercentersolution', [{ msp_name: 'Azure', msp_solutionid: 'S-1', msp_opportunityid: opp.id }]))[0]);
    const link = ok((await gw.createMany('connection', [{ record1id: opp.id, record2id: contact.id, record2roleid: 'Stakeholder' }]))[0]);
    const row = await gw.get('opportunity', opp.id, ['parentaccountid', 'transactioncurrencyid']);
    assert.deepEqual(row?.fields, { parentaccountid: account.id, transactioncurrencyid: 'GBP' });
    assert.deepEqual((await gw.find('msp_partnercentersolution', { msp_opportunityid: opp.id }, ['msp_name'])).map((r) => r.id), [solution.id]);
    const links = await gw.find('connection', { record1id: opp.id }, ['record2id', 'record2roleid']);
    assert.deepEqual(links.map((r) => [r.id, r.fields.record2id, r.fields.record2roleid]), [[link.id, contact.id, 'Stakeholder']]);
    ok((await gw.updateMany('opportunity', [{ id: opp.id, fields: { parentaccountid: null } }]))[0]);
    assert.equal((await gw.get('opportunity', opp.id, ['parentaccountid']))?.fields.parentaccountid, null);
  });

  it('refuses an unknown currency code for that record only', async () => {
    const gw = env.gateway();
    const results = await gw.createMany('opportunity', [opportunity({ transactioncurrencyid: 'XYZ' }), opportunity({ transactioncurrencyid: 'usd' })]);
    assert.deepEqual(failed(results[0]).fields, ['transactioncurrencyid']);
    ok(results[1]);
  });

  it('closes an opportunity as won through WinOpportunity and as lost through LoseOpportunity', async () => {
    const gw = env.gateway();
    const [won, lost] = (await gw.createMany('opportunity', [opportunity({ name: 'to win' }), opportunity({ name: 'to lose' })])).map((r) => ok(r).id);
    const results = await gw.updateMany('opportunity', [
      { id: won!, fields: { statecode: 1, statuscode: 3, description: 'closed by the sync' } },
      { id: lost!, fields: { statecode: 2, statuscode: 5 } },
    ]);
    results.forEach((r) => ok(r));
    const rows = await gw.getMany('opportunity', [won!, lost!], ['statecode', 'statuscode', 'description']);
    assert.deepEqual(rows.get(won!)?.fields, { statecode: 1, statuscode: 3, description: 'closed by the sync' });
    assert.deepEqual(rows.get(lost!)?.fields, { statecode: 2, statuscode: 5, description: null });
  });
});
