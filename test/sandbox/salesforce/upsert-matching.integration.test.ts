import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { createRecord, opportunity, rejection, startSalesforce, type RunningSalesforce } from './emulator-server.js';

type UpsertResult = { id?: string; success: boolean; created?: boolean; errors: { statusCode: string }[] };

const REF = 'Referral_Identifier__c';

describe('salesforce emulator: upsert matching by external id as values change (jsforce)', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
  });
  after(() => sf.close());

  const upsert = async (ref: string, fields: Record<string, unknown> = {}): Promise<UpsertResult> =>
    await conn.sobject('Opportunity').upsert(opportunity({ [REF]: ref, ...fields }), REF) as UpsertResult;

  it('after the external id is changed, upsert matches the new value and creates for the old one', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity({ [REF]: 'MOVE-OLD' }));
    await conn.sobject('Opportunity').update({ Id: id, [REF]: 'Move-New' });
    const byNew = await upsert('move-new', { Name: 'Matched' });
    assert.deepEqual([byNew.id, byNew.created], [id, false]);
    const byOld = await upsert('move-old');
    assert.equal(byOld.created, true);
    assert.notEqual(byOld.id, id);
  });

  it('after the record is deleted, upsert by its value creates a new record', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity({ [REF]: 'deleted-ref' }));
    await conn.sobject('Opportunity').destroy(id);
    const result = await upsert('DELETED-REF');
    assert.equal(result.created, true);
    assert.notEqual(result.id, id);
  });

  it('an allOrNone collections upsert that fails leaves matching as it was before', async () => {
    const kept = await createRecord(conn, 'Opportunity', opportunity({ [REF]: 'aon-kept' }));
    const results = await conn.sobject('Opportunity').upsert([
      opportunity({ [REF]: 'aon-new' }),
      opportunity({ [REF]: 'AON-KEPT', Name: 'Would change' }),
      opportunity({ [REF]: 'aon-bad', StageName: 'Dreaming' }),
    ], REF, { allOrNone: true }) as UpsertResult[];
    assert.deepEqual(results.map((r) => r.success), [false, false, false]);
    const fresh = await upsert('aon-new');
    assert.equal(fresh.created, true);
    const again = await upsert('aon-kept');
    assert.deepEqual([again.id, again.created], [kept, false]);
  });

  it('an allOrNone update that moved a unique value is rolled back: the old value is taken again, the new one free', async () => {
    const moved = await createRecord(conn, 'Opportunity', opportunity({ [REF]: 'aon-before' }));
    const other = await createRecord(conn, 'Opportunity', opportunity({ [REF]: 'aon-other' }));
    const results = await conn.sobject('Opportunity').update([
      { Id: moved, [REF]: 'aon-after' },
      { Id: other, StageName: 'Dreaming' },
    ], { allOrNone: true }) as UpsertResult[];
    assert.deepEqual(results.map((r) => r.success), [false, false]);
    const duplicate = await rejection(conn.sobject('Opportunity').create(opportunity({ [REF]: 'AON-BEFORE' })));
    assert.equal(duplicate.errorCode, 'DUPLICATE_VALUE');
    assert.match(duplicate.message, new RegExp(`record with id: ${moved}$`));
    const created = await upsert('aon-after');
    assert.equal(created.created, true);
  });
});
