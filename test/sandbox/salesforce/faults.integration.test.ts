import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { createRecord, MOUNT, opportunity, rejection, startSalesforce, VERSION, type RunningSalesforce } from './emulator-server.js';

describe('salesforce emulator: fault injection through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce();
    conn = await sf.connect();
  });
  after(() => sf.close());
  beforeEach(() => { sf.emulator.faults.clear(); sf.emulator.requestLog.length = 0; });

  it('401 INVALID_SESSION_ID makes jsforce re-authenticate through refreshFn and retry', async () => {
    sf.emulator.faults.inject({ status: 401, pathPattern: /\/query$/ });
    const result = await conn.query('SELECT Id FROM User');
    assert.equal(result.totalSize, 2);
    assert.deepEqual(sf.emulator.requestLog.map((e) => e.status), [401, 200, 200]);
  });

  it('403 REQUEST_LIMIT_EXCEEDED is surfaced once, not retried', async () => {
    sf.emulator.faults.inject({ status: 403, method: 'GET' });
    const error = await rejection(conn.query('SELECT Id FROM User'));
    assert.equal(error.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    assert.equal(sf.emulator.requestLog.length, 1);
  });

  it('404 ENTITY_IS_DELETED on a matching path', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity());
    sf.emulator.faults.inject({ status: 404, pathPattern: new RegExp(`/sobjects/Opportunity/${id}$`) });
    assert.equal((await rejection(conn.sobject('Opportunity').retrieve(id))).errorCode, 'ENTITY_IS_DELETED');
  });

  it('503 on a POST is thrown at once (jsforce never retries writes) and applies nothing', async () => {
    const before = sf.emulator.store.count('Account');
    sf.emulator.faults.inject({ status: 503, method: 'POST' });
    const error = await rejection(conn.sobject('Account').create({ Name: 'never' }));
    assert.equal(error.errorCode, 'SERVER_UNAVAILABLE');
    assert.equal(sf.emulator.store.count('Account'), before);
  });

  it('503 twice on a GET: jsforce backs off and retries, the third attempt succeeds', async () => {
    sf.emulator.faults.inject({ status: 503, method: 'GET', times: 2 });
    const result = await conn.query('SELECT Id FROM User');
    assert.equal(result.totalSize, 2);
    assert.deepEqual(sf.emulator.requestLog.map((e) => e.status), [503, 503, 200]);
  });

  it('latency delays and then serves', async () => {
    sf.emulator.faults.inject({ latencyMs: 20 });
    assert.equal((await conn.query('SELECT Id FROM User')).totalSize, 2);
    assert.deepEqual(sf.emulator.faults.pending(), []);
  });

  it('custom errorCode and message', async () => {
    sf.emulator.faults.inject({ status: 400, errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', method: 'PATCH' });
    const id = await createRecord(conn, 'Account', { Name: 'Locked' });
    const error = await rejection(conn.sobject('Account').update({ Id: id, Name: 'x' }));
    assert.equal(error.errorCode, 'UNABLE_TO_LOCK_ROW');
  });

  it('POST /_faults injects over HTTP; a bad spec is 400', async () => {
    const res = await fetch(`${sf.origin}${MOUNT}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 403, pathPattern: `/v${VERSION}/limits$` }) });
    assert.equal(res.status, 201);
    assert.equal((await rejection(conn.limits())).errorCode, 'REQUEST_LIMIT_EXCEEDED');
    const bad = await fetch(`${sf.origin}${MOUNT}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":200}' });
    assert.equal(bad.status, 400);
  });
});
