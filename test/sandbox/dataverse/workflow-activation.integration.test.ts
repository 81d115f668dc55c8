import assert from 'node:assert/strict';
import { create, json, startDataverse, type RunningDataverse } from './emulator-server.js';

// Cloud flows (workflow, category 5) are turned on with PATCH statecode 1 (Microsoft's "Work with
// cloud flows using code"); the flow service refuses when a connection reference in clientdata has no
// connection, with the message Dataverse relays (microsoft/coe-starter-kit#3535).

const REFUSAL = (name: string) =>
  `Flow client error returned with status code "BadRequest" and details "{"error":{"code":"XrmConnectionReferenceMissingConnection","message":"Connection Id missing for connection reference logical name '${name}'."}}".`;

function clientdata(references: Record<string, { connection: Record<string, string> }>): string {
  return JSON.stringify({
    properties: {
      connectionReferences: Object.fromEntries(Object.entries(references).map(([key, r]) => [key, { runtimeSource: 'embedded', ...r, api: { name: key } }])),
      definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', triggers: {}, actions: {} },
    },
    schemaVersion: '1.0.0.0',
  });
}

describe('dataverse emulator: turning cloud flows on', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());

  const flow = (name: string, references: Record<string, { connection: Record<string, string> }>) => create(dv, 'workflows', {
    category: 5, type: 1, name, primaryentity: 'none', clientdata: clientdata(references),
  });
  const reference = (logicalName: string, connectionid?: string) => create(dv, 'connectionreferences', {
    connectionreferencelogicalname: logicalName, connectionreferencedisplayname: logicalName,
    connectorid: '/providers/Microsoft.PowerApps/apis/shared_salesforce', ...(connectionid !== undefined ? { connectionid } : {}),
  });
  const turn = (id: string, statecode: number, statuscode?: number) => dv.call(`workflows(${id})`, {
    method: 'PATCH', headers: { 'If-Match': '*' }, body: { statecode, ...(statuscode !== undefined ? { statuscode } : {}) },
  });
  const stateOf = (id: string) => { const row = dv.emulator.store.require('workflow', id); return [row.statecode, row.statuscode]; };

  it('stores connection references: connectionid empty until bound, Active (0/1) on create', async () => {
    const id = await reference('test_unbound_a');
    const res = await dv.call(`connectionreferences?$select=connectionreferencelogicalname,connectionid,statecode,statuscode&$filter=connectionreferencelogicalname eq 'test_unbound_a'`);
    assert.equal(res.status, 200);
    const rows = (await json(res)).value as Array<Record<string, unknown>>;
    assert.deepEqual(rows.map((r) => [r.connectionreferenceid, r.connectionid, r.statecode, r.statuscode]), [[id, null, 0, 1]]);
  });

  it('turns on a flow whose connection references are bound: 204, statecode 1 with status reason 2', async () => {
    await reference('test_bound_b', 'shared-salesforce-0a1b2c3d');
    const id = await flow('Bound flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_bound_b' } } });
    assert.deepEqual(stateOf(id), [0, 1]);
    const res = await turn(id, 1);
    assert.equal(res.status, 204);
    assert.deepEqual(stateOf(id), [1, 2]);
  });

  it('refuses a flow whose reference has no connection with 400 and the flow service\'s message; the flow stays off', async () => {
    await reference('test_bound_c', 'shared-cosell-77');
    await reference('test_unbound_c');
    const id = await flow('Half-bound flow', {
      shared_cosell: { connection: { connectionReferenceLogicalName: 'test_bound_c' } },
      shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_unbound_c' } },
    });
    const res = await turn(id, 1, 2);
    assert.equal(res.status, 400);
    assert.deepEqual(await json(res), { error: { code: '0x80040203', message: REFUSAL('test_unbound_c') } });
    assert.deepEqual(stateOf(id), [0, 1]);
  });

  it('refuses a flow that names a connection reference the environment does not have', async () => {
    const id = await flow('Orphan flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_nowhere' } } });
    const res = await turn(id, 1);
    assert.equal(res.status, 400);
    assert.equal(((await json(res)).error as { message: string }).message, REFUSAL('test_nowhere'));
  });

  it('binding the reference afterwards lets the same flow on', async () => {
    const refId = await reference('test_later_d');
    const id = await flow('Later flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_later_d' } } });
    assert.equal((await turn(id, 1)).status, 400);
    assert.equal((await dv.call(`connectionreferences(${refId})`, { method: 'PATCH', body: { connectionid: 'shared-salesforce-99' } })).status, 204);
    assert.equal((await turn(id, 1)).status, 204);
    assert.deepEqual(stateOf(id), [1, 2]);
  });

  it('does not check a flow bound to a connection directly (connection.name, flows outside solutions)', async () => {
    const id = await flow('Direct flow', { shared_salesforce: { connection: { name: 'shared-salesforce-direct' } } });
    assert.equal((await turn(id, 1)).status, 204);
  });

  it('never refuses turning a flow off, even with an unbound reference', async () => {
    const refId = await reference('test_off_e', 'shared-x');
    const id = await flow('Off flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_off_e' } } });
    assert.equal((await turn(id, 1)).status, 204);
    await dv.call(`connectionreferences(${refId})`, { method: 'PATCH', body: { connectionid: null } });
    assert.equal((await turn(id, 0, 1)).status, 204);
    assert.deepEqual(stateOf(id), [0, 1]);
  });

  it('refuses a status reason of another state before asking the flow service', async () => {
    const id = await flow('Pair flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_nowhere' } } });
    const res = await turn(id, 1, 1);
    assert.equal(res.status, 400);
    assert.equal(((await json(res)).error as { code: string }).code, '0x80048408');
  });

  it('applies inside a $batch change set as well', async () => {
    await reference('test_unbound_f');
    const id = await flow('Batched flow', { shared_salesforce: { connection: { connectionReferenceLogicalName: 'test_unbound_f' } } });
    const body = [
      '--batch_W', 'Content-Type: multipart/mixed; boundary=changeset_W', '',
      '--changeset_W', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 1', '',
      `PATCH workflows(${id}) HTTP/1.1`, 'Content-Type: application/json; type=entry', 'If-Match: *', '', JSON.stringify({ statecode: 1, statuscode: 2 }),
      '--changeset_W--', '--batch_W--', '',
    ].join('\r\n');
    const res = await dv.call('$batch', { method: 'POST', body, headers: { 'content-type': 'multipart/mixed; boundary="batch_W"' } });
    assert.equal(res.status, 400);
    assert.ok((await res.text()).includes('XrmConnectionReferenceMissingConnection'));
    assert.deepEqual(stateOf(id), [0, 1]);
  });
});
