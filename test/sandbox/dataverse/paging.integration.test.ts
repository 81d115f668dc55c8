import assert from 'node:assert/strict';
import { json, startDataverse, type RunningDataverse } from './emulator-server.js';

const ROWS = 12_000;

describe('dataverse emulator: paging over 12,000 rows', () => {
  let dv: RunningDataverse;
  before(async () => {
    dv = await startDataverse();
    const user = { userId: dv.emulator.integrationUserId };
    for (let i = 0; i < ROWS; i += 1) {
      dv.emulator.store.create('account', { name: `Account ${String(i).padStart(5, '0')}`, accountnumber: String(i % 7) }, user);
    }
  });
  after(() => dv.close());

  async function readAll(first: string, prefer?: string): Promise<{ names: string[]; pages: number[]; links: string[] }> {
    const names: string[] = [];
    const pages: number[] = [];
    const links: string[] = [];
    let url: string | undefined = first;
    while (url) {
      const res = await dv.call(url, prefer ? { headers: { Prefer: prefer } } : {});
      assert.equal(res.status, 200);
      const body = await json(res);
      const value = body.value as Array<{ name: string }>;
      pages.push(value.length);
      names.push(...value.map((r) => r.name));
      url = body['@odata.nextLink'] as string | undefined;
      if (url) links.push(url);
    }
    return { names, pages, links };
  }

  it('without a page size, pages hold 5,000 rows and every row comes once', async () => {
    const { names, pages } = await readAll('accounts?$select=name');
    assert.deepEqual(pages, [5000, 5000, 2000]);
    assert.equal(new Set(names).size, ROWS);
  });

  it('Prefer: odata.maxpagesize=n sets the page size, is echoed in Preference-Applied, and nextLink carries a $skiptoken cookie', async () => {
    const res = await dv.call('accounts?$select=name&$orderby=name desc', { headers: { Prefer: 'odata.maxpagesize=2500' } });
    assert.equal(res.headers.get('preference-applied'), 'odata.maxpagesize=2500');
    const body = await json(res);
    const link = String(body['@odata.nextLink']);
    assert.ok(link.startsWith(`${dv.api}/accounts?$select=name&$orderby=name%20desc&$skiptoken=`), link);
    assert.match(decodeURIComponent(link.split('$skiptoken=')[1]!), /^<cookie pagenumber="2" pagingcookie="[^"]+" istracking="False" \/>$/);
    const { names, pages } = await readAll('accounts?$select=name&$orderby=name desc', 'odata.maxpagesize=2500');
    assert.deepEqual(pages, [2500, 2500, 2500, 2500, 2000]);
    assert.equal(names.length, ROWS);
    assert.deepEqual(names.slice(0, 2), ['Account 11999', 'Account 11998']);
    assert.equal(names.at(-1), 'Account 00000');
  });

  it('a filtered query pages over its matches only', async () => {
    const { names } = await readAll("accounts?$select=name&$filter=accountnumber eq '3'", 'odata.maxpagesize=500');
    assert.equal(names.length, Math.ceil((ROWS - 3) / 7));
  });

  it('rows written between pages neither repeat nor shift the next page', async () => {
    const first = await json(await dv.call('accounts?$select=name&$orderby=name', { headers: { Prefer: 'odata.maxpagesize=1000' } }));
    const page1 = (first.value as Array<{ name: string }>).map((r) => r.name);
    dv.emulator.store.create('account', { name: 'Account 00000a' }, { userId: dv.emulator.integrationUserId });
    const second = await json(await dv.call(String(first['@odata.nextLink']), { headers: { Prefer: 'odata.maxpagesize=1000' } }));
    const page2 = (second.value as Array<{ name: string }>).map((r) => r.name);
    assert.equal(page2[0], 'Account 01000');
    assert.equal(page1.filter((n) => page2.includes(n)).length, 0);
  });

  it('$top is ignored when a page size is given; $count stops at 5,000', async () => {
    const body = await json(await dv.call('accounts?$select=name&$top=10&$count=true', { headers: { Prefer: 'odata.maxpagesize=50' } }));
    assert.equal((body.value as unknown[]).length, 50);
    assert.equal(body['@odata.count'], 5000);
    assert.equal(body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'], true);
  });

  it('a tampered $skiptoken is 400', async () => {
    assert.equal((await dv.call('accounts?$select=name&$skiptoken=garbage')).status, 400);
  });
});
