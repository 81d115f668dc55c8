import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { buildBatch } from '../../api/dataverse/batch.js';
import { createDataverseGateway, createDataverseTokenProvider, type DataverseGateway } from '../../api/dataverse/index.js';
import { createLoopbackNetworkClient } from '../../api/partner-center/token-provider.js';
import { batchedRequests, countDataverseCalls, emptyDataverseCounts, type DataverseCallCounts } from '../../bench/dataverse-call-counter.js';
import { dataverseRecordCounts } from '../../bench/dataverse-watch.js';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';

/** Never dialled: MSAL needs an https authority; the loopback network client sends its calls to the sandbox. */
const AUTHORITY = 'https://login.sandbox.local';

const opportunity = (name: string) => ({ name, estimatedvalue: 1000, estimatedclosedate: '2026-12-31' });

// The Dynamics 365 backfill benchmark's call figures come from this counter: the real Dataverse gateway
// writes through it to the emulator, checking the tally against the gateway's own, and that the emulator
// still gets (and stores) every body the counter read.
describe('bench: Dataverse call counter', () => {
  let server: Server;
  let sandbox: Sandbox;
  let counts: DataverseCallCounts;
  let gateway: DataverseGateway;

  beforeEach(async () => {
    let base = '';
    sandbox = await createSandbox({ baseUrl: () => base, seedReferrals: 0 });
    counts = emptyDataverseCounts();
    const app = express();
    app.use('/sandbox/dataverse', countDataverseCalls(() => counts));
    app.use('/sandbox', sandbox.router);
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
    const d = sandbox.defaults;
    gateway = createDataverseGateway({
      environmentUrl: `${base}/dataverse`,
      tokens: createDataverseTokenProvider({
        authority: AUTHORITY, tenantId: d.tenantId, clientId: d.dataverse.clientId, credential: { kind: 'secret', clientSecret: d.dataverse.clientSecret }, scope: d.dataverse.scope,
        networkClient: createLoopbackNetworkClient((u) => u.replace(AUTHORITY, `${base}/identity`)),
      }),
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
  });

  afterEach(async () => {
    await gateway.close();
    await sandbox.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('counts a bulk create as one HTTP call carrying one request per record, as the gateway does, and the emulator stores every record', async () => {
    const results = await gateway.createMany('opportunity', [opportunity('Fabrikam'), opportunity('Northwind'), opportunity('Contoso')]);
    assert.ok(results.every((r) => r.ok));
    assert.equal(sandbox.dataverse.store.count('opportunity'), 3);
    assert.equal(counts.calls, 1);
    assert.equal(counts.batchCalls, 1);
    assert.equal(counts.batchedRequests, 3);
    assert.deepEqual(counts.writeRequestsByTarget, { opportunities: 3 });
    assert.deepEqual(counts.writeCallsByTargetSet, { opportunities: 1 });
    assert.deepEqual(gateway.batchUsage(), { batchCalls: counts.batchCalls, batchedRequests: counts.batchedRequests });
  });

  it('counts closing an opportunity under both the entity set and the close action, in one call', async () => {
    const [created] = await gateway.createMany('opportunity', [opportunity('Fabrikam')]);
    assert.ok(created?.ok);
    counts = emptyDataverseCounts();
    const [closed] = await gateway.updateMany('opportunity', [{ id: created.id, fields: { statecode: 1, statuscode: 3, description: 'won' } }]);
    assert.ok(closed?.ok);
    assert.equal(sandbox.dataverse.store.get('opportunity', created.id)?.statecode, 1);
    assert.deepEqual(counts.writeRequestsByTarget, { opportunities: 1, WinOpportunity: 1 });
    assert.deepEqual(counts.writeCallsByTargetSet, { 'WinOpportunity+opportunities': 1 });
    assert.equal(counts.writeCalls, 1);
  });

  it('counts queries as calls, not writes', async () => {
    await gateway.find('account', {}, ['name']);
    assert.equal(counts.calls, 1);
    assert.equal(counts.writeCalls, 0);
    assert.equal(counts.batchCalls, 0);
  });

  it('counts connections by the side the sync wrote, not the reciprocal Dataverse adds', async () => {
    const [account] = await gateway.createMany('account', [{ name: 'Fabrikam' }]);
    const [contact] = await gateway.createMany('contact', [{ lastname: 'Diaz' }]);
    assert.ok(account?.ok && contact?.ok);
    const [connection] = await gateway.createMany('connection', [{ record1id: account.id, record2id: contact.id }]);
    assert.ok(connection?.ok, JSON.stringify(connection));
    assert.equal(sandbox.dataverse.store.count('connection'), 2);
    assert.equal(dataverseRecordCounts(sandbox.dataverse).connection, 1);
  });
});

describe('bench: requests inside a $batch body', () => {
  it('names each request\'s entity set or action, and resolves $n to the part it refers to', () => {
    const api = 'https://org.crm.dynamics.com/api/data/v9.2';
    const { body } = buildBatch([
      { kind: 'request', request: { method: 'GET', url: `${api}/accounts?$select=name` } },
      { kind: 'changeset', requests: [
        { method: 'POST', url: `${api}/leads`, body: { subject: 'a' } },
        { method: 'PATCH', url: '$1', body: { subject: 'b' } },
        { method: 'POST', url: `${api}/WinOpportunity`, body: { Status: 3 } },
      ] },
      { kind: 'request', request: { method: 'PATCH', url: `${api}/opportunities(msp_referralidentifier='x')`, body: {} } },
    ]);
    assert.deepEqual(batchedRequests(body), [
      { method: 'GET', target: 'accounts' },
      { method: 'POST', target: 'leads' },
      { method: 'PATCH', target: 'leads' },
      { method: 'POST', target: 'WinOpportunity' },
      { method: 'PATCH', target: 'opportunities' },
    ]);
  });
});
