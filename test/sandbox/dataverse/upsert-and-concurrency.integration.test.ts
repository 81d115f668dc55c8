import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { create, idFrom, json, startDataverse, type RunningDataverse } from './emulator-server.js';

describe('dataverse emulator: upsert by key and optimistic concurrency', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());
  const byKey = (id: string) => `opportunities(msp_referralidentifier='${id}')`;

  it('PATCH to a missing alternate key creates (204) with the key value; a repeat updates the same row', async () => {
    const first = await dv.call(byKey('R-100'), { method: 'PATCH', body: { name: 'From Partner Center' } });
    assert.equal(first.status, 204);
    const id = idFrom(first);
    const second = await dv.call(byKey('R-100'), { method: 'PATCH', body: { name: 'Renamed' } });
    assert.equal(second.status, 204);
    assert.equal(idFrom(second), id);
    const rows = [...dv.emulator.store.rows('opportunity')].filter((r) => r.msp_referralidentifier === 'R-100');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.name, 'Renamed');
  });

  it('GET by alternate key; a quote in the value is doubled', async () => {
    await dv.call(byKey("O''Brien-1"), { method: 'PATCH', body: { name: 'quoted' } });
    const body = await json(await dv.call(`${byKey("O''Brien-1")}?$select=name,msp_referralidentifier`));
    assert.equal(body.msp_referralidentifier, "O'Brien-1");
  });

  it('If-Match: * on a missing key is 404 and creates nothing', async () => {
    const res = await dv.call(byKey('R-missing'), { method: 'PATCH', headers: { 'If-Match': '*' }, body: { name: 'x' } });
    assert.equal(res.status, 404);
    assert.equal([...dv.emulator.store.rows('opportunity')].some((r) => r.msp_referralidentifier === 'R-missing'), false);
  });

  it('If-Match: * on a missing GUID is 404 with the documented message', async () => {
    const id = randomUUID();
    const res = await dv.call(`opportunities(${id})`, { method: 'PATCH', headers: { 'If-Match': '*' }, body: { name: 'x' } });
    assert.equal(res.status, 404);
    assert.deepEqual(await json(res), { error: { code: '', message: `opportunity With Id = ${id} Does Not Exist` } });
  });

  it('If-None-Match: * creates when missing and is 412 when the row exists', async () => {
    assert.equal((await dv.call(byKey('R-200'), { method: 'PATCH', headers: { 'If-None-Match': '*' }, body: { name: 'new' } })).status, 204);
    const again = await dv.call(byKey('R-200'), { method: 'PATCH', headers: { 'If-None-Match': '*' }, body: { name: 'dup' } });
    assert.equal(again.status, 412);
    assert.deepEqual(await json(again), { error: { code: '', message: 'A record with matching key values already exists.' } });
    assert.equal([...dv.emulator.store.rows('opportunity')].find((r) => r.msp_referralidentifier === 'R-200')!.name, 'new');
  });

  it('PATCH without conditions to a missing GUID creates the row with that id', async () => {
    const id = randomUUID();
    const res = await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { name: 'upserted by id' } });
    assert.equal(res.status, 204);
    assert.equal(idFrom(res), id);
  });

  it('a second row with the same alternate key is 412 DuplicateRecordEntityKey', async () => {
    await create(dv, 'opportunities', { name: 'a', msp_referralidentifier: 'R-300' });
    const res = await dv.call('opportunities', { method: 'POST', body: { name: 'b', msp_referralidentifier: 'r-300' } });
    assert.equal(res.status, 412);
    const error = (await json(res)).error as { code: string; message: string };
    assert.equal(error.code, '0x80060892');
    assert.match(error.message, /Referral Identifier already exists/);
  });

  it('a key that is not defined on the table is 400', async () => {
    const res = await dv.call("opportunities(name='x')", { method: 'PATCH', body: { name: 'x' } });
    assert.equal(res.status, 400);
    assert.equal(((await json(res)).error as { message: string }).message,
      "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.opportunity'. Make sure both the key name and value are valid.");
  });

  it('If-Match with the current etag updates; with a stale one PATCH and DELETE are 412 ConcurrencyVersionMismatch', async () => {
    const id = await create(dv, 'opportunities', { name: 'v1' });
    const etag = String((await json(await dv.call(`opportunities(${id})?$select=name`)))['@odata.etag']);
    assert.equal((await dv.call(`opportunities(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, body: { name: 'v2' } })).status, 204);
    const stale = await dv.call(`opportunities(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, body: { name: 'v3' } });
    assert.equal(stale.status, 412);
    assert.deepEqual(await json(stale), { error: { code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." } });
    assert.equal((await dv.call(`opportunities(${id})`, { method: 'DELETE', headers: { 'If-Match': etag } })).status, 412);
    assert.equal(dv.emulator.store.get('opportunity', id)!.name, 'v2');
  });

  it('GET with If-None-Match of the current etag is 304; If-None-Match: null is no condition', async () => {
    const id = await create(dv, 'accounts', { name: 'Cached' });
    const etag = (await dv.call(`accounts(${id})`)).headers.get('etag')!;
    assert.equal((await dv.call(`accounts(${id})`, { headers: { 'If-None-Match': etag } })).status, 304);
    assert.equal((await dv.call(`accounts(${id})`, { headers: { 'If-None-Match': 'null' } })).status, 200);
    await dv.call(`accounts(${id})`, { method: 'PATCH', body: { name: 'Changed' } });
    assert.equal((await dv.call(`accounts(${id})`, { headers: { 'If-None-Match': etag } })).status, 200);
  });

  it('the solution table upserts by its two-part key, a lookup part written _x_value', async () => {
    const opp = await create(dv, 'opportunities', { name: 'with solutions' });
    const url = `msp_partnercentersolutions(_msp_opportunityid_value=${opp},msp_solutionid='SOL-1')`;
    assert.equal((await dv.call(url, { method: 'PATCH', body: { msp_name: 'Azure Migrate' } })).status, 204);
    assert.equal((await dv.call(url, { method: 'PATCH', body: { msp_name: 'Azure Migrate 2' } })).status, 204);
    const rows = [...dv.emulator.store.rows('msp_partnercentersolution')];
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.msp_opportunityid, { id: opp, logicalName: 'opportunity' });
  });
});
