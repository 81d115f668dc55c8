import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { create, currencyId, json, startDataverse, type RunningDataverse } from './emulator-server.js';

describe('dataverse emulator: lookups, state and status, closing, flows, connections', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());
  const errorOf = async (res: Response) => (await json(res)).error as { code: string; message: string };

  it('@odata.bind sets lookups (relative, absolute, currency); they read back as _x_value; null clears', async () => {
    const account = await create(dv, 'accounts', { name: 'Bound' });
    const eur = currencyId(dv, 'EUR');
    const id = await create(dv, 'opportunities', {
      name: 'bind', 'parentaccountid@odata.bind': `/accounts(${account})`, 'transactioncurrencyid@odata.bind': `${dv.api}/transactioncurrencies(${eur})`,
    });
    const body = await json(await dv.call(`opportunities(${id})?$select=_parentaccountid_value,_transactioncurrencyid_value`));
    assert.equal(body._parentaccountid_value, account);
    assert.equal(body._transactioncurrencyid_value, eur);
    assert.equal((await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { 'parentaccountid@odata.bind': null } })).status, 204);
    assert.equal((await json(await dv.call(`opportunities(${id})?$select=_parentaccountid_value`)))._parentaccountid_value, null);
  });

  it('polymorphic lookups bind per target; DELETE …/$ref clears one', async () => {
    const account = await create(dv, 'accounts', { name: 'Customer' });
    const id = await create(dv, 'opportunities', { name: 'poly', 'customerid_account@odata.bind': `/accounts(${account})` });
    assert.equal((await json(await dv.call(`opportunities(${id})?$select=_customerid_value`)))._customerid_value, account);
    assert.equal((await dv.call(`opportunities(${id})/customerid_account/$ref`, { method: 'DELETE' })).status, 204);
    assert.equal((await json(await dv.call(`opportunities(${id})?$select=_customerid_value`)))._customerid_value, null);
  });

  it('binding to a missing row is 404; writing _x_value or the lookup name directly is 400; a wrong table is 400', async () => {
    const missing = randomUUID();
    const res = await dv.call('opportunities', { method: 'POST', body: { 'parentaccountid@odata.bind': `/accounts(${missing})` } });
    assert.equal(res.status, 404);
    assert.equal((await errorOf(res)).message, `account With Id = ${missing} Does Not Exist`);
    const account = await create(dv, 'accounts', { name: 'x' });
    assert.equal((await dv.call('opportunities', { method: 'POST', body: { _parentaccountid_value: account } })).status, 400);
    assert.equal((await dv.call('opportunities', { method: 'POST', body: { parentaccountid: account } })).status, 400);
    assert.equal((await dv.call('opportunities', { method: 'POST', body: { 'parentaccountid@odata.bind': `/contacts(${account})` } })).status, 400);
  });

  it('the solution entity links to an opportunity through msp_opportunityid', async () => {
    const opp = await create(dv, 'opportunities', { name: 'has solutions' });
    await create(dv, 'msp_partnercentersolutions', { msp_name: 'Azure Migrate', msp_solutionid: 'SOL-1', 'msp_opportunityid@odata.bind': `/opportunities(${opp})` });
    const body = await json(await dv.call(`msp_partnercentersolutions?$select=msp_name,msp_solutionid&$filter=_msp_opportunityid_value eq ${opp}`));
    assert.deepEqual((body.value as Array<Record<string, unknown>>).map((r) => r.msp_solutionid), ['SOL-1']);
  });

  it('statuscode must belong to statecode (0x80048408); a create starts in the first state', async () => {
    const id = await create(dv, 'opportunities', { name: 'states' });
    const bad = await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { statecode: 0, statuscode: 3 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(await errorOf(bad), { code: '0x80048408', message: `3 is not a valid status code for state code OpportunityState.Open on opportunity with Id ${id}.` });
    assert.equal((await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { statecode: 0, statuscode: 2 } })).status, 204);
    const created = await dv.call('accounts', { method: 'POST', body: { name: 'inactive?', statecode: 1, statuscode: 2 } });
    assert.equal(created.status, 400);
    assert.match((await errorOf(created)).message, /^2 is not a valid status code for state code AccountState.Active/);
  });

  it('an opportunity cannot be won or lost by PATCH; WinOpportunity and LoseOpportunity close it', async () => {
    const id = await create(dv, 'opportunities', { name: 'to close', estimatedvalue: 1000 });
    const patch = await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { statecode: 1, statuscode: 3 } });
    assert.equal(patch.status, 400);
    assert.match((await errorOf(patch)).message, /use the WinOpportunityRequest message instead/);

    const win = await dv.call('WinOpportunity', { method: 'POST', body: { Status: 3, OpportunityClose: { subject: 'Won it', actualrevenue: 1200, actualend: '2026-03-01', 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    assert.equal(win.status, 204);
    const won = await json(await dv.call(`opportunities(${id})?$select=statecode,statuscode,actualvalue,actualclosedate`));
    assert.deepEqual([won.statecode, won.statuscode, won.actualvalue, won.actualclosedate], [1, 3, 1200, '2026-03-01']);
    const closes = await json(await dv.call(`opportunitycloses?$filter=_opportunityid_value eq ${id}`));
    assert.equal((closes.value as unknown[]).length, 1);

    const again = await dv.call('LoseOpportunity', { method: 'POST', body: { Status: 4, OpportunityClose: { 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    assert.equal(again.status, 400, 'already closed');
    assert.equal((await dv.call(`opportunities(${id})`, { method: 'PATCH', body: { statecode: 0, statuscode: 1 } })).status, 204, 'reopened by PATCH');
    const lose = await dv.call('LoseOpportunity', { method: 'POST', body: { Status: -1, OpportunityClose: { 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    assert.equal(lose.status, 204);
    const lost = await json(await dv.call(`opportunities(${id})?$select=statecode,statuscode,actualclosedate`));
    assert.deepEqual([lost.statecode, lost.statuscode, lost.actualclosedate], [2, 4, '2026-03-02']);
    const wrong = await dv.call('LoseOpportunity', { method: 'POST', body: { Status: 3, OpportunityClose: { 'opportunityid@odata.bind': `/opportunities(${await create(dv, 'opportunities', { name: 'x' })})` } } });
    assert.equal((await errorOf(wrong)).code, '0x80048408');
  });

  it('leads qualify and disqualify by PATCH; a closed lead is read-only until reopened', async () => {
    const id = await create(dv, 'leads', { subject: 'lead', lastname: 'Doe' });
    assert.equal((await dv.call(`leads(${id})`, { method: 'PATCH', body: { statecode: 1, statuscode: 3 } })).status, 204);
    assert.equal((await dv.call(`leads(${id})`, { method: 'PATCH', body: { subject: 'edit' } })).status, 400);
    assert.equal((await dv.call(`leads(${id})`, { method: 'PATCH', body: { statecode: 0, statuscode: 2, subject: 'reopened' } })).status, 204);
    assert.equal(dv.emulator.store.get('lead', id)!.subject, 'reopened');
  });

  it('a cloud flow is a workflow row (category 5) created as Draft and activated by PATCH of statecode/statuscode', async () => {
    const clientdata = JSON.stringify({ properties: { connectionReferences: {}, definition: { triggers: {}, actions: {} } }, schemaVersion: '1.0.0.0' });
    const id = await create(dv, 'workflows', { name: 'Partner Center to Dynamics 365', category: 5, type: 1, primaryentity: 'none', clientdata });
    const draft = await json(await dv.call(`workflows(${id})?$select=statecode,statuscode,category`));
    assert.deepEqual([draft.statecode, draft.statuscode, draft.category], [0, 1, 5]);
    assert.equal((await dv.call(`workflows(${id})`, { method: 'PATCH', body: { statecode: 1, statuscode: 2 } })).status, 204);
    const on = await json(await dv.call(`workflows(${id})?$select=statecode,statuscode`));
    assert.deepEqual([on.statecode, on.statuscode], [1, 2]);
    assert.equal((await dv.call('workflows', { method: 'POST', body: { name: 'broken', category: 5, clientdata: '{not json' } })).status, 400);
  });

  it('a connection gets its reciprocal; both go when one is deleted', async () => {
    const opp = await create(dv, 'opportunities', { name: 'with contacts' });
    const contact = await create(dv, 'contacts', { lastname: 'Stake' });
    const role = [...dv.emulator.store.rows('connectionrole')].find((r) => r.name === 'Stakeholder')!.connectionroleid as string;
    const id = await create(dv, 'connections', {
      'record1id_opportunity@odata.bind': `/opportunities(${opp})`, 'record2id_contact@odata.bind': `/contacts(${contact})`, 'record2roleid@odata.bind': `/connectionroles(${role})`,
    });
    const fromOpp = await json(await dv.call(`connections?$select=_record2id_value,_record2roleid_value,ismaster&$filter=_record1id_value eq ${opp}`));
    assert.deepEqual(fromOpp.value, [{ '@odata.etag': (fromOpp.value as Array<Record<string, unknown>>)[0]!['@odata.etag'], _record2id_value: contact, _record2roleid_value: role, ismaster: true, connectionid: id }]);
    const fromContact = await json(await dv.call(`connections?$select=_record2id_value,_record1roleid_value&$filter=_record1id_value eq ${contact}`));
    assert.equal((fromContact.value as Array<Record<string, unknown>>)[0]!._record2id_value, opp);
    assert.equal((fromContact.value as Array<Record<string, unknown>>)[0]!._record1roleid_value, role);
    assert.equal((await dv.call(`connections(${id})`, { method: 'DELETE' })).status, 204);
    assert.equal(dv.emulator.store.count('connection'), 0);
  });

  it('deleting an opportunity takes its notes with it and clears the solutions lookup', async () => {
    const opp = await create(dv, 'opportunities', { name: 'deleted' });
    await create(dv, 'annotations', { subject: 'note', notetext: 'hello', 'objectid_opportunity@odata.bind': `/opportunities(${opp})` });
    const solution = await create(dv, 'msp_partnercentersolutions', { msp_name: 'S', msp_solutionid: 'SOL-9', 'msp_opportunityid@odata.bind': `/opportunities(${opp})` });
    const notes = await json(await dv.call(`annotations?$select=objecttypecode&$filter=_objectid_value eq ${opp}`));
    assert.equal((notes.value as Array<Record<string, unknown>>)[0]!.objecttypecode, 'opportunity');
    await dv.call(`opportunities(${opp})`, { method: 'DELETE' });
    assert.equal((await json(await dv.call(`annotations?$filter=_objectid_value eq ${opp}`))).value instanceof Array, true);
    assert.equal(((await json(await dv.call(`annotations?$filter=_objectid_value eq ${opp}`))).value as unknown[]).length, 0);
    assert.equal((await json(await dv.call(`msp_partnercentersolutions(${solution})?$select=_msp_opportunityid_value`)))._msp_opportunityid_value, null);
  });
});
