import assert from 'node:assert/strict';
import { create, idFrom, json, startDataverse, type RunningDataverse } from './emulator-server.js';

describe('dataverse emulator: create, retrieve, update, delete', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());

  it('POST answers 204 with OData-EntityId and no body', async () => {
    const res = await dv.call('opportunities', { method: 'POST', body: { name: 'Contoso – Azure migration', estimatedvalue: 250000, estimatedclosedate: '2026-12-31' } });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('odata-entityid') ?? '', new RegExp(`^${dv.api.replace(/[.()]/g, '\\$&')}/opportunities\\([0-9a-f-]{36}\\)$`));
    assert.equal(await res.text(), '');
  });

  it('Prefer: return=representation answers 201 with the row, its etag and context, and no OData-EntityId', async () => {
    const res = await dv.call('opportunities?$select=name,estimatedvalue', { method: 'POST', headers: { Prefer: 'return=representation' }, body: { name: 'Fabrikam', estimatedvalue: 10 } });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('preference-applied'), 'return=representation');
    assert.equal(res.headers.get('odata-entityid'), null);
    const body = await json(res);
    assert.equal(body['@odata.context'], `${dv.api}/$metadata#opportunities(name,estimatedvalue)/$entity`);
    assert.match(String(body['@odata.etag']), /^W\/"\d+"$/);
    assert.equal(body.name, 'Fabrikam');
    assert.equal(typeof body.opportunityid, 'string');
    assert.equal(typeof body._transactioncurrencyid_value, 'string', 'a money column brings its currency');
  });

  it('GET by id with $select returns the selected columns and the primary key', async () => {
    const id = await create(dv, 'opportunities', { name: 'Select me', description: 'kept out' });
    const res = await dv.call(`opportunities(${id})?$select=name`);
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.deepEqual(Object.keys(body).sort(), ['@odata.context', '@odata.etag', 'name', 'opportunityid']);
    assert.equal(res.headers.get('etag'), body['@odata.etag']);
  });

  it('GET without $select returns every column, nulls included, lookups as _x_value', async () => {
    const id = await create(dv, 'accounts', { name: 'Northwind' });
    const body = await json(await dv.call(`accounts(${id})`));
    assert.equal(body.address1_country, null);
    assert.equal(body._parentaccountid_value, null);
    assert.equal(body.statecode, 0);
    assert.equal(body.statuscode, 1);
  });

  it('PATCH updates (204) and moves modifiedon (whole seconds), modifiedby and the etag', async () => {
    const id = await create(dv, 'opportunities', { name: 'Before' });
    const before = await json(await dv.call(`opportunities(${id})`));
    assert.equal(before.createdon, '2026-03-02T10:00:00Z');
    dv.clock.advance(61_500);
    const res = await dv.call(`opportunities(${id})`, { method: 'PATCH', headers: { 'If-Match': '*' }, body: { name: 'After' } });
    assert.equal(res.status, 204);
    const after = await json(await dv.call(`opportunities(${id})`));
    assert.equal(after.name, 'After');
    assert.equal(after.createdon, '2026-03-02T10:00:00Z');
    assert.equal(after.modifiedon, '2026-03-02T10:01:01Z');
    assert.equal(after._modifiedby_value, dv.emulator.integrationUserId);
    assert.equal(after._createdby_value, dv.emulator.integrationUserId);
    assert.equal(after._ownerid_value, dv.emulator.integrationUserId);
    assert.notEqual(after['@odata.etag'], before['@odata.etag']);
  });

  it('a write through the store as another user shows that user in _modifiedby_value', async () => {
    const id = await create(dv, 'opportunities', { name: 'Seller edits' });
    const seller = [...dv.emulator.store.rows('systemuser')].find((u) => u.lastname === 'Seller')!.systemuserid as string;
    dv.emulator.store.update('opportunity', id, { name: 'Edited by seller' }, { userId: seller });
    const body = await json(await dv.call(`opportunities(${id})?$select=_modifiedby_value,name`));
    assert.equal(body._modifiedby_value, seller);
  });

  it('PATCH with return=representation answers 200 with the row', async () => {
    const id = await create(dv, 'opportunities', { name: 'Rep' });
    const res = await dv.call(`opportunities(${id})?$select=name`, { method: 'PATCH', headers: { 'If-Match': '*', Prefer: 'return=representation' }, body: { name: 'Rep 2' } });
    assert.equal(res.status, 200);
    assert.equal((await json(res)).name, 'Rep 2');
  });

  it('DELETE answers 204; the row is then 404 with Dataverse error shape', async () => {
    const id = await create(dv, 'contacts', { lastname: 'Gone' });
    assert.equal((await dv.call(`contacts(${id})`, { method: 'DELETE' })).status, 204);
    const res = await dv.call(`contacts(${id})`);
    assert.equal(res.status, 404);
    assert.deepEqual(await json(res), { error: { code: '0x80040217', message: `contact With Id = ${id} Does Not Exist` } });
    assert.equal((await dv.call(`contacts(${id})`, { method: 'DELETE' })).status, 404);
  });

  it('an unknown property is 400 naming it; a too-long string is 400 with the documented message', async () => {
    const unknown = await dv.call('opportunities', { method: 'POST', body: { nme: 'typo' } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(await json(unknown), { error: { code: '0x80060888', message: "The property 'nme' does not exist on type 'Microsoft.Dynamics.CRM.opportunity'. Make sure to only use property names that are defined by the type." } });
    const long = await dv.call('opportunities', { method: 'POST', body: { stepname: 'x'.repeat(201) } });
    assert.equal(long.status, 400);
    assert.deepEqual(await json(long), { error: { code: '0x80044331', message: "A validation error occurred.  The length of the 'stepname' attribute of the 'opportunity' entity exceeded the maximum allowed length of '200'." } });
  });

  it('value types are checked: a date-only column takes yyyy-mm-dd, a choice only its options', async () => {
    const date = await dv.call('opportunities', { method: 'POST', body: { estimatedclosedate: '2026-12-31T10:00:00Z' } });
    assert.equal(date.status, 400);
    assert.equal(((await json(date)).error as { message: string }).message, "Cannot convert the literal '2026-12-31T10:00:00Z' to the expected type 'Edm.Date'.");
    const choice = await dv.call('opportunities', { method: 'POST', body: { msp_helprequested: 7 } });
    assert.equal(choice.status, 400);
    assert.equal(((await json(choice)).error as { code: string }).code, '0x8004431a');
  });

  it('read-only columns are refused; the primary key may be given on create', async () => {
    const ro = await dv.call('contacts', { method: 'POST', body: { lastname: 'X', fullname: 'Y' } });
    assert.equal(ro.status, 400);
    const id = '11111111-2222-4333-8444-555555555555';
    const res = await dv.call('contacts', { method: 'POST', body: { contactid: id, firstname: 'Ada', lastname: 'Lovelace' } });
    assert.equal(idFrom(res), id);
    assert.equal((await json(await dv.call(`contacts(${id})?$select=fullname`))).fullname, 'Ada Lovelace');
  });

  it('an unknown entity set is 404 "Resource not found for the segment"', async () => {
    const res = await dv.call('opportunitys');
    assert.equal(res.status, 404);
    assert.deepEqual(await json(res), { error: { code: '0x8006088a', message: "Resource not found for the segment 'opportunitys'." } });
  });

  it('the co-sell columns are present by default', async () => {
    const id = await create(dv, 'opportunities', {
      name: 'Co-sell', msp_syncwithpartnercenter: true, msp_referralidentifier: 'R-1', msp_referrallink: 'https://partner.microsoft.com/referrals/R-1',
      msp_helprequested: 100000002, msp_audit: 'created', msp_referralvisibility: true, msp_microsoftcrmidentifier: '7-ABC',
    });
    const body = await json(await dv.call(`opportunities(${id})?$select=msp_syncwithpartnercenter,msp_referralidentifier,msp_helprequested,msp_referralvisibility`));
    assert.equal(body.msp_syncwithpartnercenter, true);
    assert.equal(body.msp_helprequested, 100000002);
    const lead = await create(dv, 'leads', { subject: 'Marketplace lead', msp_referralidentifier: 'L-1' });
    assert.equal((await json(await dv.call(`leads(${lead})?$select=msp_referralidentifier`))).msp_referralidentifier, 'L-1');
  });
});
