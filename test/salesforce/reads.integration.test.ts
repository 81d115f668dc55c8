import assert from 'node:assert/strict';
import type { SalesforceGateway } from '../../api/salesforce/index.js';
import { SELLER_USER_ID } from '../../sandbox/salesforce/index.js';
import { API_VERSION, collect, opportunity, startOrg, START, type RunningOrg } from './gateway-fixture.js';

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('salesforce gateway: reads (integration)', () => {
  let org: RunningOrg;
  let gateway: SalesforceGateway;
  before(async () => {
    org = await startOrg({ withCustomSchema: true });
    gateway = await org.gateway();
  });
  after(() => org.close());
  beforeEach(() => org.reset());

  const queries = (): string[] => org.emulator.requestLog.filter((e) => /\/query(\/|\?|$)/.test(e.path)).map((e) => e.path);

  describe('paging', () => {
    before(() => {
      for (let i = 0; i < 4_500; i += 1) org.emulator.store.insert('Account', { Name: `Paged ${String(i).padStart(4, '0')}`, Industry: 'Paging' });
    });

    it('reads 4,500 rows as pages of 2,000, 2,000 and 500 through queryMore', async () => {
      const pages = await collect(gateway.changedSince({ object: 'Account', fields: ['Name'], where: { Industry: 'Paging' } }));
      assert.deepEqual(pages.map((p) => p.length), [2000, 2000, 500]);
      const paths = queries();
      assert.equal(paths.length, 3);
      assert.match(paths[0]!, new RegExp(`^/services/data/v${API_VERSION}/query\\?q=`));
      assert.match(paths[1]!, new RegExp(`^/services/data/v${API_VERSION}/query/01g\\w+-2000$`));
      assert.match(paths[2]!, new RegExp(`^/services/data/v${API_VERSION}/query/01g\\w+-4000$`));
      assert.equal(new Set(pages.flat().map((r) => r.id)).size, 4500);
    });

    it('find reads every page', async () => {
      assert.equal((await gateway.find('Account', { Industry: 'Paging' }, ['Name'])).length, 4500);
    });

    it('find stops at the limit', async () => {
      const rows = await gateway.find('Account', { Industry: 'Paging' }, ['Name'], { limit: 10 });
      assert.equal(rows.length, 10);
      assert.equal(queries().length, 1);
    });
  });

  describe('changedSince', () => {
    const ids: Record<string, string> = {};
    before(() => {
      org.clock.set(new Date(START.getTime() + 3_600_000));
      for (const name of ['first', 'second', 'third']) {
        org.clock.advance(1_000);
        ids[name] = String(org.emulator.store.insert('Opportunity', opportunity({ Name: `changed ${name}`, Sync_with_Partner_Center__c: true })).Id);
      }
      org.clock.advance(1_000);
      org.emulator.store.update('Opportunity', ids.first!, { Description: 'edited by a seller' }, { asUserId: SELLER_USER_ID });
      org.clock.advance(1_000);
      org.emulator.store.update('Opportunity', ids.second!, { Probability: 15 }, { systemOnly: true });
    });

    const changed = async (since?: string) => (await collect(gateway.changedSince({
      object: 'Opportunity', fields: ['Name', 'Description'], where: { Sync_with_Partner_Center__c: true }, ...(since !== undefined ? { since } : {}),
    }))).flat();

    it('orders by change stamp, oldest first, with UTC Z stamps and the modifying user', async () => {
      const rows = await changed();
      assert.deepEqual(rows.map((r) => r.fields.Name), ['changed third', 'changed first', 'changed second']);
      for (const r of rows) assert.ok(ISO_Z.test(r.modifiedAt) && ISO_Z.test(r.changeStamp), JSON.stringify(r));
      assert.equal(rows[1]?.modifiedBy, SELLER_USER_ID);
      assert.equal(rows[0]?.modifiedBy, org.emulator.integrationUserId);
      assert.equal(rows[1]?.fields.Description, 'edited by a seller');
    });

    it('an automated change moves the change stamp but not modifiedAt', async () => {
      const second = (await changed()).find((r) => r.id === ids.second);
      assert.ok(second);
      assert.ok(second.changeStamp > second.modifiedAt);
    });

    it('since is exclusive', async () => {
      const all = await changed();
      const rows = await changed(all[0]!.changeStamp);
      assert.deepEqual(rows.map((r) => r.id), [ids.first, ids.second]);
      assert.deepEqual(await changed(all[2]!.changeStamp), []);
    });

    it('ties on the change stamp come in Id order', async () => {
      const stamp = new Date(START.getTime() + 7_200_000);
      org.clock.set(stamp);
      const tied = ['tie a', 'tie b', 'tie c'].map((name) => String(org.emulator.store.insert('Opportunity', opportunity({ Name: name, Sync_with_Partner_Center__c: true })).Id));
      const rows = await changed(new Date(stamp.getTime() - 1_000).toISOString());
      assert.deepEqual(rows.map((r) => r.id), [...tied].sort());
    });
  });

  describe('deletedSince', () => {
    it('lists records deleted after since, with when', async () => {
      const base = new Date(START.getTime() + 10 * 3_600_000);
      org.clock.set(base);
      const a = String(org.emulator.store.insert('Account', { Name: 'Deleted early' }).Id);
      const b = String(org.emulator.store.insert('Account', { Name: 'Deleted late' }).Id);
      org.clock.advance(30_000);
      org.emulator.store.delete('Account', a);
      org.clock.advance(45_000);
      org.emulator.store.delete('Account', b);
      const all = await gateway.deletedSince('Account', base.toISOString());
      assert.deepEqual(all.map((d) => d.id), [a, b]);
      assert.deepEqual(all.map((d) => d.deletedAt), [new Date(base.getTime() + 30_000).toISOString(), new Date(base.getTime() + 75_000).toISOString()]);
      assert.deepEqual((await gateway.deletedSince('Account', all[0]!.deletedAt)).map((d) => d.id), [b]);
    });

    it('clamps a since older than the replication window instead of failing', async () => {
      const rows = await gateway.deletedSince('Account', '2020-01-01T00:00:00Z');
      assert.ok(Array.isArray(rows));
      assert.ok(org.emulator.requestLog.every((e) => e.status === 200));
    });
  });

  describe('find, get and describe', () => {
    it('find with an IN list of 1,200 values splits it into several queries and finds each record', async () => {
      const names = Array.from({ length: 1_200 }, (_, i) => `In-list account ${String(i).padStart(4, '0')}`);
      for (const name of names) org.emulator.store.insert('Account', { Name: name, Industry: 'In list' });
      const rows = await gateway.find('Account', { Name: names, Industry: 'In list' }, ['Name']);
      assert.deepEqual(rows.map((r) => r.fields.Name).sort(), names);
      assert.ok(queries().length > 1, `${queries().length} queries`);
    });

    it('a SOQL injection attempt in a value is just a string that matches nothing', async () => {
      org.emulator.store.insert('Account', { Name: 'Innocent' });
      assert.deepEqual(await gateway.find('Account', { Name: "x' OR Name != '" }, ['Name']), []);
      assert.deepEqual(await gateway.find('Account', { Name: "x\\' OR Name != '" }, ['Name']), []);
    });

    it('finds a value with quotes and backslashes exactly', async () => {
      const odd = 'O\'Brien \\ "Partners"\nLtd';
      org.emulator.store.insert('Account', { Name: odd });
      const rows = await gateway.find('Account', { Name: odd }, ['Name']);
      assert.deepEqual(rows.map((r) => r.fields.Name), [odd]);
    });

    it('an empty IN list matches nothing without a call', async () => {
      assert.deepEqual(await gateway.find('Account', { Name: [] }, ['Name']), []);
      assert.deepEqual(queries(), []);
    });

    it('get reads relationship paths; getMany keys rows by the ids asked and leaves out missing ones', async () => {
      const account = String(org.emulator.store.insert('Account', { Name: 'Parent Co' }).Id);
      const contact = String(org.emulator.store.insert('Contact', { LastName: 'Child', AccountId: account }).Id);
      const gone = String(org.emulator.store.insert('Contact', { LastName: 'Gone' }).Id);
      org.emulator.store.delete('Contact', gone);
      const row = await gateway.get('Contact', contact, ['LastName', 'Account.Name']);
      assert.deepEqual(row?.fields, { LastName: 'Child', 'Account.Name': 'Parent Co' });
      const short = contact.slice(0, 15);
      const many = await gateway.getMany('Contact', [short, gone, 'garbage'], ['LastName']);
      assert.deepEqual([...many.keys()], [short]);
      assert.equal(many.get(short)?.id, contact);
      assert.equal(await gateway.get('Contact', gone, ['LastName']), undefined);
    });

    it('describe of a missing object is undefined; of a present one, its field names', async () => {
      assert.equal(await gateway.describe('Not_Deployed__c'), undefined);
      const account = await gateway.describe('Account');
      assert.equal(account?.name, 'Account');
      assert.ok(account?.fields.includes('Name'));
    });

    it('recordUrl is the Lightning record page on the instance', () => {
      assert.equal(gateway.recordUrl('Opportunity', '006000000000001AAA'), `${org.base}/lightning/r/Opportunity/006000000000001AAA/view`);
    });
  });
});
