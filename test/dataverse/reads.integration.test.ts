import assert from 'node:assert/strict';
import { CrmConfigurationError } from '../../api/domain/crm.js';
import { SELLER_USER_ID } from '../../sandbox/dataverse/index.js';
import { collect, opportunity, startEnvironment, type RunningEnvironment } from './gateway-fixture.js';

describe('dataverse gateway: reads (integration)', () => {
  let env: RunningEnvironment;
  before(async () => { env = await startEnvironment(); });
  after(async () => { await env.close(); });
  beforeEach(() => { env.reset(); });

  const seller = { userId: SELLER_USER_ID };

  it('reads the integration user through WhoAmI, once', async () => {
    const gw = env.gateway();
    assert.equal(await gw.integrationUserId(), env.sandbox.dataverse.integrationUserId);
    assert.equal(await gw.integrationUserId(), env.sandbox.dataverse.integrationUserId);
    assert.equal(env.sandbox.dataverse.requestLog.filter((r) => r.path.includes('WhoAmI')).length, 1);
  });

  it('gets a record with its stamps and leaves a missing or malformed id out', async () => {
    const row = env.sandbox.dataverse.store.create('account', { name: 'Contoso' }, seller);
    const gw = env.gateway();
    const got = await gw.get('account', row.accountid as string, ['name']);
    assert.deepEqual(got, { id: row.accountid, fields: { name: 'Contoso' }, modifiedAt: '2026-03-02T10:00:00.000Z', modifiedBy: SELLER_USER_ID, changeStamp: '2026-03-02T10:00:00.000Z' });
    assert.equal(await gw.get('account', '00000000-0000-0000-0000-00000000dead', ['name']), undefined);
    assert.equal(await gw.get('account', 'not-a-guid', ['name']), undefined);
  });

  it('finds by a string with a quote in it, and by an IN list split over several queries', async () => {
    const store = env.sandbox.dataverse.store;
    store.create('account', { name: "O'Brien & Sons" }, seller);
    const names = Array.from({ length: 150 }, (_, i) => `Batch account ${i}`);
    for (const name of names) store.create('account', { name }, seller);
    const gw = env.gateway();
    const quoted = await gw.find('account', { name: "O'Brien & Sons" }, ['name']);
    assert.deepEqual(quoted.map((r) => r.fields.name), ["O'Brien & Sons"]);
    env.reset();
    const many = await gw.find('account', { name: [...names, 'nobody'] }, ['name']);
    assert.equal(many.length, 150);
    assert.equal(env.sandbox.dataverse.requestLog.filter((r) => r.method === 'GET').length, 2);
  });

  it('honours a limit', async () => {
    const gw = env.gateway();
    const rows = await gw.find('account', { name: ['Batch account 1', 'Batch account 2', 'Batch account 3'] }, ['name'], { limit: 2 });
    assert.equal(rows.length, 2);
  });

  it('reads every page of more than 5,000 rows through @odata.nextLink', async () => {
    const store = env.sandbox.dataverse.store;
    for (let i = 0; i < 5_100; i += 1) store.create('contact', { lastname: `Paged ${i}`, jobtitle: 'paging' }, seller);
    const gw = env.gateway();
    env.reset();
    const rows = await gw.find('contact', { jobtitle: 'paging' }, ['lastname']);
    assert.equal(rows.length, 5_100);
    assert.equal(new Set(rows.map((r) => r.id)).size, 5_100);
    const gets = env.sandbox.dataverse.requestLog.filter((r) => r.method === 'GET');
    assert.equal(gets.length, 2);
    assert.match(gets[1]!.path, /skiptoken/i);
  });

  it('yields changes after the stamp, oldest first and ties by id, one page at a time', async () => {
    const store = env.sandbox.dataverse.store;
    env.clock.set(new Date('2026-03-03T09:00:00Z'));
    const a = store.create('lead', { subject: 'first', lastname: 'A' }, seller);
    const b = store.create('lead', { subject: 'tie', lastname: 'B' }, seller);
    env.clock.set(new Date('2026-03-03T09:00:05Z'));
    const c = store.create('lead', { subject: 'later', lastname: 'C' }, seller);
    const gw = env.gateway({ pageSize: 2 });
    const pages = await collect(gw.changedSince({ object: 'lead', fields: ['subject'], since: '2026-03-03T08:59:59Z' }));
    assert.deepEqual(pages.map((p) => p.length), [2, 1]);
    const ids = pages.flat().map((r) => r.id);
    const tie = [a.leadid as string, b.leadid as string].sort();
    assert.deepEqual(ids, [...tie, c.leadid]);
    const after = await collect(gw.changedSince({ object: 'lead', fields: ['subject'], since: pages[0]![1]!.changeStamp }));
    assert.deepEqual(after.flat().map((r) => r.id), [c.leadid]);
  });

  it('filters changes with a where on a lookup', async () => {
    const store = env.sandbox.dataverse.store;
    const account = store.create('account', { name: 'Lookup parent' }, seller);
    env.clock.set(new Date('2026-03-04T09:00:00Z'));
    const child = store.create('opportunity', { name: 'with parent', parentaccountid: { id: account.accountid as string, logicalName: 'account' } }, seller);
    store.create('opportunity', { name: 'no parent' }, seller);
    const gw = env.gateway();
    const rows = (await collect(gw.changedSince({ object: 'opportunity', fields: ['name', 'parentaccountid'], since: '2026-03-04T08:00:00Z', where: { parentaccountid: [account.accountid as string] } }))).flat();
    assert.deepEqual(rows.map((r) => [r.id, r.fields.parentaccountid]), [[child.opportunityid, account.accountid]]);
  });

  it('reads the currency lookup as its ISO code and filters by it', async () => {
    const gw = env.gateway();
    const [created] = await gw.createMany('opportunity', [opportunity({ name: 'In euros', transactioncurrencyid: 'EUR' })]);
    assert.ok(created?.ok);
    const row = await gw.get('opportunity', created.id, ['name', 'transactioncurrencyid']);
    assert.equal(row?.fields.transactioncurrencyid, 'EUR');
    const found = await gw.find('opportunity', { transactioncurrencyid: 'EUR' }, ['name']);
    assert.deepEqual(found.map((r) => r.fields.name), ['In euros']);
    assert.deepEqual(await gw.find('opportunity', { transactioncurrencyid: 'XYZ' }, ['name']), []);
  });

  // The emulator does not serve EntityDefinitions yet (sandbox/dataverse/README.md, "Not emulated"); enable when it does.
  it.skip('describes a table with its columns', async () => {
    const described = await env.gateway().describe('opportunity');
    assert.equal(described?.name, 'opportunity');
    for (const column of ['name', 'estimatedvalue', 'parentaccountid', 'msp_referralidentifier']) assert.ok(described?.fields.includes(column), column);
  });

  it('describes a missing table as undefined', async () => {
    assert.equal(await env.gateway().describe('msp_nosuchtable'), undefined);
  });

  it('reports a column the environment lacks as a configuration error naming it', async () => {
    const gw = env.gateway();
    const err = await gw.find('opportunity', { name: 'x' }, ['msp_missingcolumn']).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof CrmConfigurationError, String(err));
    assert.deepEqual(err.missing, ['msp_missingcolumn']);
  });

  it('builds the record URL of the environment', () => {
    const gw = env.gateway();
    assert.equal(gw.recordUrl('opportunity', 'b0000000-0000-0000-0000-000000000001'), `${env.environmentUrl}/main.aspx?etn=opportunity&id=b0000000-0000-0000-0000-000000000001&pagetype=entityrecord`);
  });
});
