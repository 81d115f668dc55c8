import assert from 'node:assert/strict';
import request from 'supertest';
import { incomingReferral, REFERRALS, startEmulator, type Json, type RunningEmulator } from './emulator-server.js';

interface Page { value: Json[]; '@odata.nextLink'?: string; '@odata.count'?: number; '@odata.context': string }

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace('.000Z', '.0000000Z');
const id = (i: number): string => `ref-${String(i).padStart(4, '0')}`;

describe('partner center emulator: list, filter, order and page', () => {
  let pc: RunningEmulator;
  before(async () => { pc = await startEmulator({ maxPageSize: 100 }); });
  after(() => pc.close());
  beforeEach(() => { pc.emulator.store.clear(); });

  const list = async (query: string, status = 200): Promise<Page> => (await pc.call('get', `${REFERRALS}?${query}`).expect(status)).body as Page;
  /** Follows nextLinks as given, as the docs say to. */
  async function follow(nextLink: string): Promise<Page> {
    const url = new URL(nextLink);
    const res = await request(url.origin).get(url.pathname + url.search).set('Authorization', 'Bearer t').set('client-request-id', 'x').expect(200);
    return res.body as Page;
  }
  function seed(n: number, make: (i: number) => Json = (i) => incomingReferral({ id: id(i), createdDateTime: at(i), updatedDateTime: at(n - i) })): void {
    for (let i = 0; i < n; i += 1) pc.emulator.store.put(make(i));
  }

  describe('the documented queries over HTTP', () => {
    const a = incomingReferral({ id: 'a', engagementId: '65edc0b5-3485-41b7-a17e-dfa9ef4706e2', createdDateTime: at(1) });
    const b = incomingReferral({ id: 'b', qualification: 'Direct', type: 'Independent', substatus: 'Received', customerProfile: { address: { country: 'GB' } }, createdDateTime: at(2) });
    const c = incomingReferral({ id: 'c', status: 'Active', substatus: 'Accepted', direction: 'Outgoing', team: [{ email: 'r2d2@contoso.com' }], createdDateTime: at(3) });
    const cases: Array<[string, string[]]> = [
      ["$filter=engagementId eq '65edc0b5-3485-41b7-a17e-dfa9ef4706e2'", ['a']],
      ["$filter=status eq 'New' and qualification eq 'SalesQualified'", ['a']],
      ["$filter=customerProfile/address/country eq 'US' and direction eq 'Incoming'", ['a']],
      ["$top=10&$filter=(type eq 'Shared' and direction eq 'Incoming')&$orderby=createdDateTime desc", ['a']],
      ["$top=10&$filter=(direction eq 'Incoming' and substatus eq 'Pending')&$orderby=createdDateTime desc", ['a']],
      ["$filter=status eq 'Active' and direction eq 'Outgoing' and type eq 'Shared' and team/any(t:t/email eq 'r2d2@contoso.com')&$orderby=createdDateTime desc", ['c']],
      ["$filter=direction eq 'Incoming'&$orderby=createdDateTime desc", ['b', 'a']],
    ];
    for (const [query, expected] of cases) {
      it(`GET ?${query}`, async () => {
        for (const r of [a, b, c]) pc.emulator.store.put(r);
        const page = await list(encodeURI(query));
        assert.deepEqual(page.value.map((r) => r.id), expected);
      });
    }
  });

  it('orders by updatedDateTime and breaks ties by id', async () => {
    for (const i of [3, 1, 2]) pc.emulator.store.put(incomingReferral({ id: id(i), updatedDateTime: at(0) }));
    pc.emulator.store.put(incomingReferral({ id: id(0), updatedDateTime: at(1) }));
    assert.deepEqual((await list('$orderby=updatedDateTime asc')).value.map((r) => r.id), [id(1), id(2), id(3), id(0)]);
    assert.deepEqual((await list('$orderby=updatedDateTime%20desc')).value.map((r) => r.id), [id(0), id(3), id(2), id(1)]);
  });

  it('selects changes since a watermark with updatedDateTime gt (incremental sync)', async () => {
    seed(10, (i) => incomingReferral({ id: id(i), updatedDateTime: at(i) }));
    const page = await list(encodeURI(`$filter=updatedDateTime gt ${new Date(Date.UTC(2026, 0, 1, 0, 0, 6)).toISOString()}&$orderby=updatedDateTime asc`));
    assert.deepEqual(page.value.map((r) => r.id), [id(7), id(8), id(9)]);
  });

  it('pages 100 at a time by default, with a nextLink to the rest', async () => {
    seed(150);
    const first = await list('');
    assert.equal(first.value.length, 100);
    assert.ok(first['@odata.nextLink']?.startsWith(`${pc.base}${REFERRALS}?$skiptoken=`));
    const second = await follow(first['@odata.nextLink'] ?? '');
    assert.equal(second.value.length, 50);
    assert.equal(second['@odata.nextLink'], undefined);
  });

  it('caps $top above the maximum page size', async () => {
    seed(120);
    assert.equal((await list('$top=500')).value.length, 100);
  });

  it('applies $skip before the page', async () => {
    seed(5);
    assert.deepEqual((await list('$skip=3')).value.map((r) => r.id), [id(3), id(4)]);
  });

  it('counts every match, not just the page, with $count=true', async () => {
    seed(30, (i) => incomingReferral({ id: id(i), createdDateTime: at(i), direction: i % 3 === 0 ? 'Outgoing' : 'Incoming' }));
    const page = await list(encodeURI("$count=true&$top=5&$filter=direction eq 'Outgoing'"));
    assert.equal(page['@odata.count'], 10);
    assert.equal(page.value.length, 5);
    assert.equal((await list('$top=5'))['@odata.count'], undefined);
  });

  it('returns only the $select-ed properties', async () => {
    seed(1);
    assert.deepEqual((await list('$select=id,status')).value, [{ id: id(0), status: 'New' }]);
  });

  it('yields each referral exactly once across 250 items paged while new ones arrive', async () => {
    seed(250);
    const seen: string[] = [];
    let page = await list('$top=30');
    let inserted = 0;
    for (;;) {
      seen.push(...page.value.map((r) => String(r.id)));
      // Inserts land before and after the cursor: created "now", and backdated before everything.
      pc.emulator.store.put(incomingReferral({ id: `late-${inserted}`, createdDateTime: at(1000 + inserted) }));
      pc.emulator.store.put(incomingReferral({ id: `early-${inserted}`, createdDateTime: '2025-01-01T00:00:00Z' }));
      inserted += 1;
      const next = page['@odata.nextLink'];
      if (next === undefined) break;
      page = await follow(next);
    }
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    for (let i = 0; i < 250; i += 1) assert.ok(seen.includes(id(i)), `${id(i)} was skipped`);
    assert.equal(seen.filter((s) => s.startsWith('early-')).length, 0, 'rows inserted behind the cursor are not served');
  });

  it('keeps paging in descending order without repeats', async () => {
    seed(25);
    const first = await list('$top=10&$orderby=createdDateTime%20desc');
    const second = await follow(first['@odata.nextLink'] ?? '');
    assert.deepEqual([...first.value, ...second.value].map((r) => r.id), Array.from({ length: 20 }, (_, i) => id(24 - i)));
  });

  describe('refuses what it does not understand', () => {
    const refuse = async (query: string, target: string): Promise<void> => {
      const res = await pc.call('get', `${REFERRALS}?${query}`).expect(400);
      assert.equal((res.body as { error: Json }).error.code, 'invalidRequest');
      assert.equal((res.body as { error: Json }).error.target, target);
    };

    it('a garbage $skiptoken', () => refuse('$skiptoken=k181pEdP0ykypkieJfcxX', '$skiptoken'));

    it('a tampered $skiptoken', async () => {
      seed(5);
      const token = decodeURIComponent(new URL((await list('$top=2'))['@odata.nextLink'] ?? '').searchParams.get('$skiptoken') ?? '');
      const [payload = '', signature = ''] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), afterId: 'zzz' })).toString('base64url');
      await refuse(`$skiptoken=${forged}.${signature}`, '$skiptoken');
    });

    it('a $filter changed while paging', async () => {
      seed(5);
      const next = (await list('$top=2'))['@odata.nextLink'] ?? '';
      await refuse(`${new URL(next).search.slice(1)}&$filter=${encodeURIComponent("status eq 'New'")}`, '$filter');
    });

    it('an $orderby on another field', () => refuse('$orderby=name', '$orderby'));
    it('a $top of zero', () => refuse('$top=0', '$top'));
    it('a non-numeric $skip', () => refuse('$skip=abc', '$skip'));
    it('an unknown system query option', () => refuse('$search=x', '$search'));
    it('a repeated option', () => refuse('$top=1&$top=2', '$top'));
    it('a malformed $filter', () => refuse(`$filter=${encodeURIComponent("status eq 'New' and")}`, '$filter'));
  });
});
