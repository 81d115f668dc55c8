import assert from 'node:assert/strict';
import type { CrmRecordError, CrmWriteResult } from '../../api/domain/crm.js';
import type { SalesforceGateway } from '../../api/salesforce/index.js';
import { API_VERSION, opportunity, startOrg, type RunningOrg } from './gateway-fixture.js';

function failure(result: CrmWriteResult | undefined): CrmRecordError {
  assert.ok(result && !result.ok, `expected a failed item, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('salesforce gateway: bulk writes through sObject Collections (integration)', () => {
  let org: RunningOrg;
  let gateway: SalesforceGateway;
  before(async () => {
    org = await startOrg({ withCustomSchema: true });
    gateway = await org.gateway();
  });
  after(() => org.close());
  beforeEach(() => org.reset());

  const writes = (): string[] => org.emulator.requestLog.filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path.replace(/\?.*$/, '')}`);

  it('creates 450 records in exactly 3 calls, results in input order', async () => {
    const before = gateway.usage();
    const records = Array.from({ length: 450 }, (_, i) => ({ Name: `Bulk ${String(i).padStart(3, '0')}` }));
    const results = await gateway.createMany('Account', records);
    assert.deepEqual(writes(), Array(3).fill(`POST /services/data/v${API_VERSION}/composite/sobjects`));
    assert.equal(results.length, 450);
    results.forEach((r, i) => {
      assert.ok(r.ok && r.created);
      assert.equal(org.emulator.store.get('Account', r.id)?.Name, `Bulk ${String(i).padStart(3, '0')}`);
    });
    const after = gateway.usage();
    assert.deepEqual({ writeCalls: after.writeCalls - before.writeCalls, recordsWritten: after.recordsWritten - before.recordsWritten, calls: after.calls - before.calls }, { writeCalls: 3, recordsWritten: 450, calls: 3 });
  });

  it('a repeated external id is a duplicate on each repeated record; the others are written', async () => {
    const results = await gateway.upsertMany('Opportunity', 'Referral_Identifier__c', [
      opportunity({ Referral_Identifier__c: 'dup-1' }), opportunity({ Referral_Identifier__c: 'dup-1' }), opportunity({ Referral_Identifier__c: 'solo-1' }),
    ]);
    assert.deepEqual([failure(results[0]).code, failure(results[1]).code], ['duplicate', 'duplicate']);
    assert.equal(failure(results[0]).crmCode, 'DUPLICATE_EXTERNAL_ID');
    assert.ok(results[2]?.ok && results[2].created);
  });

  it('a taken unique value on create is a duplicate naming the field', async () => {
    await gateway.createMany('Opportunity', [opportunity({ Referral_Identifier__c: 'taken-1' })]);
    const [result] = await gateway.createMany('Opportunity', [opportunity({ Referral_Identifier__c: 'TAKEN-1' })]);
    const error = failure(result);
    assert.equal(error.code, 'duplicate');
    assert.equal(error.crmCode, 'DUPLICATE_VALUE');
  });

  it('a bad restricted picklist value is invalid and names the field', async () => {
    const [result] = await gateway.createMany('Opportunity', [opportunity({ StageName: 'Sort of won' })]);
    const error = failure(result);
    assert.deepEqual([error.code, error.crmCode, error.fields], ['invalid', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', ['StageName']]);
  });

  it('missing required fields are invalid and name each field', async () => {
    const [result] = await gateway.createMany('Opportunity', [{ Name: 'No stage, no date' }]);
    const error = failure(result);
    assert.deepEqual([error.code, error.crmCode, [...error.fields].sort()], ['invalid', 'REQUIRED_FIELD_MISSING', ['CloseDate', 'StageName']]);
  });

  it('allOrNone: one failure rolls the others back and nothing is written', async () => {
    const before = org.emulator.store.count('Account');
    const results = await gateway.createMany('Account', [{ Name: 'kept?' }, { Name: null }, { Name: 'kept too?' }], { allOrNone: true });
    assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.error.code)), ['rolled-back', 'invalid', 'rolled-back']);
    assert.equal(org.emulator.store.count('Account'), before);
  });

  it('allOrNone over more than one call is refused before anything is sent', async () => {
    await assert.rejects(gateway.createMany('Account', Array.from({ length: 201 }, (_, i) => ({ Name: `a${i}` })), { allOrNone: true }), RangeError);
    assert.deepEqual(writes(), []);
  });

  it('upserts: created, then updated by the same external id', async () => {
    const [first] = await gateway.upsertMany('Opportunity', 'Referral_Identifier__c', [opportunity({ Referral_Identifier__c: 'ref-upsert', Name: 'v1' })]);
    const [second] = await gateway.upsertMany('Opportunity', 'referral_identifier__c', [{ referral_identifier__c: 'ref-upsert', Name: 'v2' }]);
    assert.ok(first?.ok && first.created);
    assert.ok(second?.ok && !second.created);
    assert.equal(second.id, first.id);
    assert.equal(org.emulator.store.get('Opportunity', first.id)?.Name, 'v2');
    assert.equal(writes().length, 2);
    assert.ok(writes().every((w) => w.toLowerCase() === `patch /services/data/v${API_VERSION}/composite/sobjects/opportunity/referral_identifier__c`));
  });

  it('an upsert record without its external id fails alone', async () => {
    const results = await gateway.upsertMany('Opportunity', 'Referral_Identifier__c', [opportunity({ Name: 'no ref' }), opportunity({ Referral_Identifier__c: 'ref-ok' })]);
    assert.equal(failure(results[0]).code, 'invalid');
    assert.ok(results[1]?.ok);
  });

  it('updates by id, and a deleted record is not-found', async () => {
    const [a, b] = await gateway.createMany('Account', [{ Name: 'A' }, { Name: 'B' }]);
    assert.ok(a?.ok && b?.ok);
    org.emulator.store.delete('Account', b.id);
    const results = await gateway.updateMany('Account', [{ id: a.id, fields: { Name: 'A2' } }, { id: b.id, fields: { Name: 'B2' } }, { id: 'not-an-id', fields: { Name: 'C' } }]);
    assert.deepEqual(results[0], { ok: true, id: a.id, created: false });
    assert.equal(failure(results[1]).code, 'not-found');
    assert.equal(failure(results[2]).code, 'not-found');
    assert.equal(org.emulator.store.get('Account', a.id)?.Name, 'A2');
  });

  it('deletes 250 ids in 2 calls, in order, with the unknown one not-found', async () => {
    const created = await gateway.createMany('Account', Array.from({ length: 249 }, (_, i) => ({ Name: `Doomed ${i}` })));
    const ids = created.map((r) => (r.ok ? r.id : ''));
    org.reset();
    const gone = ids[0]!;
    org.emulator.store.delete('Account', gone);
    const results = await gateway.deleteMany('Account', [...ids, gone]);
    assert.equal(writes().length, 2);
    assert.equal(results.length, 250);
    assert.equal(failure(results[0]).code, 'not-found');
    assert.ok(results.slice(1, 249).every((r, i) => r.ok && r.id === ids[i + 1]));
    assert.equal(failure(results[249]).code, 'not-found');
  });
});
