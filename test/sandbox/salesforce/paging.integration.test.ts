import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { rejection, startSalesforce, VERSION, type RunningSalesforce } from './emulator-server.js';

describe('salesforce emulator: query paging through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce();
    conn = await sf.connect();
    for (let i = 0; i < 5_250; i += 1) sf.emulator.store.insert('Account', { Name: `Account ${String(i).padStart(5, '0')}` });
  });
  after(() => sf.close());

  it('answers 2,000 rows with done:false and a nextRecordsUrl /services/data/vXX.X/query/<locator>', async () => {
    const first = await conn.query('SELECT Id, Name FROM Account ORDER BY Name');
    assert.equal(first.records.length, 2000);
    assert.equal(first.totalSize, 5250);
    assert.equal(first.done, false);
    assert.match(first.nextRecordsUrl ?? '', new RegExp(`/services/data/v${VERSION}/query/01g\\w{15}-2000$`));
    const second = await conn.queryMore(first.nextRecordsUrl ?? '');
    assert.equal(second.records.length, 2000);
    const third = await conn.queryMore(second.nextRecordsUrl ?? '');
    assert.equal(third.records.length, 1250);
    assert.equal(third.done, true);
    assert.equal(third.nextRecordsUrl, undefined);
  });

  it('autoFetch reads all 5,250 rows in order across pages', async () => {
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      conn.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name DESC')
        .on('record', (r: { Name: string }) => { names.push(r.Name); })
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    assert.equal(names.length, 5250);
    assert.equal(names[0], 'Account 05249');
    assert.equal(names[5249], 'Account 00000');
    assert.equal(sf.emulator.requestLog.filter((e) => e.path.startsWith(`/services/data/v${VERSION}/query/`)).length >= 2, true);
  });

  it('honours Sforce-Query-Options batchSize', async () => {
    const res = await conn.request<{ records: unknown[]; nextRecordsUrl: string }>({
      method: 'GET', url: `/services/data/v${VERSION}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    assert.equal(res.records.length, 500);
    assert.match(res.nextRecordsUrl, /-500$/);
  });

  it('an unknown or expired locator is INVALID_QUERY_LOCATOR', async () => {
    const first = await conn.query('SELECT Id FROM Account');
    sf.clock.advance(16 * 60 * 1000);
    const expired = await rejection(conn.queryMore(first.nextRecordsUrl ?? ''));
    assert.equal(expired.errorCode, 'INVALID_QUERY_LOCATOR');
  });
});
