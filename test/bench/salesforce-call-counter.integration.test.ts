import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from '@jsforce/jsforce-node';
import { backfillSizes } from '../../bench/backfill.js';
import { countSalesforceCalls, emptyCounts, type SalesforceCallCounts } from '../../bench/salesforce-call-counter.js';
import { createSalesforceEmulator, DEFAULT_CLIENT, type SalesforceEmulator } from '../../sandbox/salesforce/index.js';
import { clientCredentialsConnection, MOUNT, opportunity } from '../sandbox/salesforce/emulator-server.js';

// The backfill benchmark's write-call figures come from this counter: real jsforce calls through it
// to the emulator, checking both the tally and that the emulator still gets (and stores) every body.
describe('bench: Salesforce call counter', () => {
  let server: Server;
  let emulator: SalesforceEmulator;
  let counts: SalesforceCallCounts;
  let conn: Connection;

  beforeEach(async () => {
    let base = '';
    emulator = createSalesforceEmulator({ publicBaseUrl: () => base, withCustomSchema: true });
    counts = emptyCounts();
    const app = express();
    app.use(MOUNT, countSalesforceCalls(() => counts));
    app.use(MOUNT, emulator.router);
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${MOUNT}`;
    conn = clientCredentialsConnection(base, DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret ?? '');
    await conn.authorize({ grant_type: 'client_credentials' });
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('counts a collection create once, by the records\' object, and the emulator still stores every record', async () => {
    const results = await conn.sobject('Account').create([{ Name: 'Fabrikam' }, { Name: 'Northwind' }, { Name: 'Contoso' }]);
    assert.ok(results.every((r) => r.success));
    assert.equal(emulator.store.count('Account'), 3);
    assert.equal(counts.writeCalls, 1);
    assert.deepEqual(counts.writeCallsByObject, { Account: 1 });
    assert.deepEqual(counts.recordsSentByObject, { Account: 3 });
  });

  it('counts an upsert on an external id under the object in its path', async () => {
    const rows = [opportunity({ Referral_Identifier__c: 'ref-1' }), opportunity({ Referral_Identifier__c: 'ref-2' })];
    const results = await conn.sobject('Opportunity').upsert(rows, 'Referral_Identifier__c');
    assert.ok(results.every((r) => r.success));
    assert.equal(emulator.store.count('Opportunity'), 2);
    assert.deepEqual(counts.writeCallsByObject, { Opportunity: 1 });
    assert.deepEqual(counts.recordsSentByObject, { Opportunity: 2 });
  });

  it('counts queries and the token request as calls, not writes', async () => {
    await conn.query('SELECT Id FROM Account');
    assert.equal(counts.writeCalls, 0);
    assert.equal(counts.auth, 1);
    assert.equal(counts.calls, 2);
  });

  it('reads backfill sizes from the environment, bounded by what the emulator can seed', () => {
    assert.deepEqual(backfillSizes({}), [10_000, 100_000]);
    assert.deepEqual(backfillSizes({ BENCH_BACKFILL_SIZES: '500, 2000' }), [500, 2000]);
    assert.throws(() => backfillSizes({ BENCH_BACKFILL_SIZES: '300000' }), /BENCH_BACKFILL_SIZES/);
    assert.throws(() => backfillSizes({ BENCH_BACKFILL_SIZES: 'ten' }), /BENCH_BACKFILL_SIZES/);
  });
});
