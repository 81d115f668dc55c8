import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { createRecord, opportunity, rejection, startSalesforce, type RunningSalesforce } from './emulator-server.js';

type Result = { id?: string; success: boolean; errors: { statusCode: string; message: string; fields: string[] }[]; created?: boolean };

describe('salesforce emulator: sObject Collections through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
  });
  after(() => sf.close());
  beforeEach(() => { sf.emulator.requestLog.length = 0; });

  it('creates many in one composite/sobjects call; allOrNone false keeps the good ones and reports statusCode errors', async () => {
    const before = sf.emulator.store.count('Opportunity');
    const results = await conn.sobject('Opportunity').create([opportunity({ Name: 'ok 1' }), { Name: 'no stage' }, opportunity({ Name: 'ok 2' })]) as Result[];
    assert.equal(results[0]?.success, true);
    assert.deepEqual(results[1], { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [StageName, CloseDate]', fields: ['StageName', 'CloseDate'] }] });
    assert.equal(results[2]?.success, true);
    assert.equal(sf.emulator.store.count('Opportunity'), before + 2);
    assert.deepEqual(sf.emulator.requestLog.map((e) => `${e.method} ${e.path}`), ['POST /services/data/v62.0/composite/sobjects']);
  });

  it('allOrNone true rolls everything back: the culprit keeps its error, the others ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
    const before = sf.emulator.store.count('Account');
    const results = await conn.sobject('Account').create([{ Name: 'fine' }, { Name: 'x'.repeat(300) }, { Name: 'also fine' }], { allOrNone: true }) as Result[];
    assert.equal(results[1]?.errors[0]?.statusCode, 'STRING_TOO_LONG');
    for (const i of [0, 2]) {
      assert.deepEqual(results[i], { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] });
    }
    assert.equal(sf.emulator.store.count('Account'), before);
  });

  it('updates many (PATCH composite/sobjects) and rolls back updates under allOrNone', async () => {
    const a = await createRecord(conn, 'Account', { Name: 'A' });
    const b = await createRecord(conn, 'Account', { Name: 'B' });
    const ok = await conn.sobject('Account').update([{ Id: a, Name: 'A2' }, { Id: b, Name: 'B2' }]) as Result[];
    assert.deepEqual(ok.map((r) => r.success), [true, true]);
    const failed = await conn.sobject('Account').update([{ Id: a, Name: 'A3' }, { Id: b, Bogus__c: 1 }], { allOrNone: true }) as Result[];
    assert.equal(failed[1]?.errors[0]?.statusCode, 'INVALID_FIELD');
    assert.equal(sf.emulator.store.get('Account', a)?.Name, 'A2', 'the first update was rolled back');
  });

  it('upserts many by external id with created true/false; duplicates in one request fail both', async () => {
    await conn.sobject('Opportunity').create(opportunity({ Referral_Identifier__c: 'bulk-1' }));
    const results = await conn.sobject('Opportunity').upsert([
      { Referral_Identifier__c: 'bulk-1', Amount: 1 },
      opportunity({ Referral_Identifier__c: 'bulk-2' }),
    ], 'Referral_Identifier__c') as Result[];
    assert.deepEqual(results.map((r) => [r.success, r.created]), [[true, false], [true, true]]);
    assert.ok(sf.emulator.requestLog.some((e) => e.method === 'PATCH' && e.path === '/services/data/v62.0/composite/sobjects/Opportunity/Referral_Identifier__c'));
    const dup = await conn.sobject('Opportunity').upsert([opportunity({ Referral_Identifier__c: 'twin' }), opportunity({ Referral_Identifier__c: 'TWIN' })], 'Referral_Identifier__c') as Result[];
    assert.deepEqual(dup.map((r) => r.errors[0]?.statusCode), ['DUPLICATE_EXTERNAL_ID', 'DUPLICATE_EXTERNAL_ID']);
  });

  it('deletes many with ?ids=, per-id results', async () => {
    const a = await createRecord(conn, 'Contact', { LastName: 'One' });
    const results = await conn.sobject('Contact').destroy([a, '003000000000000AAA']) as Result[];
    assert.deepEqual(results[0], { id: a, success: true, errors: [] });
    assert.equal(results[1]?.success, false);
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `bulk ${i}` }));
    const error = await rejection(conn.sobject('Account').create(records));
    assert.equal(error.errorCode, 'EXCEEDED_ID_LIMIT');
    assert.match(error.message, /cannot submit more than 200 records/);
  });

  it('jsforce allowRecursive splits 450 records into chunks of 200', async () => {
    const before = sf.emulator.store.count('Account');
    const records = Array.from({ length: 450 }, (_, i) => ({ Name: `chunk ${i}` }));
    const results = await conn.sobject('Account').create(records, { allowRecursive: true }) as Result[];
    assert.equal(results.length, 450);
    assert.ok(results.every((r) => r.success));
    assert.equal(sf.emulator.store.count('Account'), before + 450);
    assert.equal(sf.emulator.requestLog.filter((e) => e.path.endsWith('/composite/sobjects')).length, 3);
  });
});
