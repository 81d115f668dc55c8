import assert from 'node:assert/strict';
import type { StoredReferral } from '../../../api/storage/types.js';
import { newReferral, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

export function referralMirrorContract(ctx: ContractContext): void {
  describe('referral mirror', () => {
    it('put stores a referral and get returns it as stored', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const referral = newReferral(tenant, 'c2f3cf3f-8a0e-4f8a-9b1f-1c3f7a6d0c11', '2020-10-30T21:03:00.0000000Z', {
        engagementId: 'e-1', microsoftCoSell: true, qualification: null,
      });
      assert.equal(await s.referrals.put(referral), true);
      assert.deepEqual(await s.referrals.get(tenant, referral.id), referral);
      assert.equal(await s.referrals.get(tenant, 'other'), undefined);
      assert.equal(await s.referrals.get(newTenant(), referral.id), undefined);
    });

    it('put writes only a newer version', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const v1 = newReferral(tenant, 'r', '2021-01-01T00:00:00.0000000Z', { status: 'New' });
      const v2 = newReferral(tenant, 'r', '2021-01-02T00:00:00.0000000Z', { status: 'Active' });
      assert.equal(await s.referrals.put(v1), true);
      assert.equal(await s.referrals.put({ ...v1, status: 'Closed' }), false, 'equal is not newer');
      assert.equal(await s.referrals.put(v2), true);
      assert.equal(await s.referrals.put(v1), false, 'older');
      assert.deepEqual(await s.referrals.get(tenant, 'r'), v2);
    });

    it('compares instants, not strings, down to the 7th fractional digit', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const put = (id: string, updated: string) => s.referrals.put(newReferral(tenant, id, updated));
      // As strings, "00Z" sorts after "00.5Z"; as instants it is earlier.
      assert.equal(await put('a', '2020-10-30T21:03:00.5Z'), true);
      assert.equal(await put('a', '2020-10-30T21:03:00Z'), false);
      assert.equal(await put('b', '2020-10-30T21:03:00Z'), true);
      assert.equal(await put('b', '2020-10-30T21:03:00.5Z'), true);
      // Offsets: 21:30+01:00 is 20:30Z, earlier than 21:03Z although the string is greater.
      assert.equal(await put('c', '2020-10-30T21:03:00.1Z'), true);
      assert.equal(await put('c', '2020-10-30T21:30:00+01:00'), false);
      assert.equal(await put('c', '2020-10-30T22:03:00.2+01:00'), true);
      // 100 ns apart: finer than a JS Date or a PostgreSQL timestamptz.
      assert.equal(await put('d', '2020-10-30T21:03:00.0000000Z'), true);
      assert.equal(await put('d', '2020-10-30T21:03:00.0000001Z'), true);
      assert.equal(await put('d', '2020-10-30T21:03:00.00000005Z'), false);
      const stored = await Promise.all(['a', 'b', 'c', 'd'].map((id) => s.referrals.get(tenant, id)));
      assert.deepEqual(stored.map((r) => r?.updatedDateTime), [
        '2020-10-30T21:03:00.5000000Z', '2020-10-30T21:03:00.5000000Z', '2020-10-30T21:03:00.2000000Z', '2020-10-30T21:03:00.0000001Z',
      ]);
    });

    it('put refuses an unreadable updatedDateTime', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      for (const bad of ['yesterday', '2020-02-30T00:00:00Z', '2020-10-30 21:03']) {
        await assert.rejects(s.referrals.put(newReferral(tenant, 'r', bad)), RangeError, bad);
      }
      assert.equal(await s.referrals.count(tenant), 0);
    });

    it('list orders by updatedDateTime then id, both ways, and pages with the keyset cursor', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const rows: [string, string][] = [
        ['b', '2021-01-02T00:00:00Z'], ['a', '2021-01-02T00:00:00.0000000Z'], ['c', '2021-01-02T00:00:00Z'],
        ['z', '2021-01-01T00:00:00Z'], ['B', '2021-01-03T00:00:00Z'], ['y', '2021-01-01T23:59:59.9999999Z'], ['x', '2021-01-03T00:00:00Z'],
      ];
      for (const [id, updated] of rows) await s.referrals.put(newReferral(tenant, id, updated));
      await s.referrals.put(newReferral(newTenant(), 'q', '2021-01-02T00:00:00Z'));
      const ascending = ['z', 'y', 'a', 'b', 'c', 'B', 'x']; // ties by id, byte order ('B' < 'x')
      for (const order of ['asc', 'desc'] as const) {
        const expected = order === 'asc' ? ascending : [...ascending].reverse();
        const all = await s.referrals.list(tenant, { order, limit: 100 });
        assert.deepEqual(all.map((r) => r.id), expected, order);
        const paged: string[] = [];
        let after: { updatedDateTime: string; id: string } | undefined;
        for (;;) {
          const page: StoredReferral[] = await s.referrals.list(tenant, { order, limit: 3, ...(after ? { after } : {}) });
          if (page.length === 0) break;
          paged.push(...page.map((r) => r.id));
          const last = page.at(-1)!;
          after = { updatedDateTime: last.updatedDateTime, id: last.id };
        }
        assert.deepEqual(paged, expected, `${order} pages`);
      }
      assert.deepEqual((await s.referrals.list(tenant, { order: 'asc', limit: 2, after: { updatedDateTime: '2021-01-02T00:00:00Z', id: 'a' } })).map((r) => r.id), ['b', 'c']);
    });

    it('list filters on each field and on updatedSince (strictly after)', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.referrals.put(newReferral(tenant, 'r1', '2021-01-01T00:00:00Z', { status: 'Active', substatus: 'Accepted', type: 'Shared', direction: 'Outgoing', qualification: 'MarketingQualified', engagementId: 'e1' }));
      await s.referrals.put(newReferral(tenant, 'r2', '2021-01-02T00:00:00Z', { status: 'Active', substatus: 'Engaged', engagementId: 'e1' }));
      await s.referrals.put(newReferral(tenant, 'r3', '2021-01-03T00:00:00Z'));
      const ids = async (query: Partial<Parameters<typeof s.referrals.list>[1]>) =>
        (await s.referrals.list(tenant, { order: 'asc', limit: 10, ...query })).map((r) => r.id);
      assert.deepEqual(await ids({ status: 'Active' }), ['r1', 'r2']);
      assert.deepEqual(await ids({ status: 'Active', substatus: 'Engaged' }), ['r2']);
      assert.deepEqual(await ids({ type: 'Shared' }), ['r1']);
      assert.deepEqual(await ids({ direction: 'Incoming' }), ['r2', 'r3']);
      assert.deepEqual(await ids({ qualification: 'MarketingQualified' }), ['r1']);
      assert.deepEqual(await ids({ engagementId: 'e1' }), ['r1', 'r2']);
      assert.deepEqual(await ids({ updatedSince: '2021-01-02T00:00:00Z' }), ['r3']);
      assert.deepEqual(await ids({ updatedSince: '2021-01-01T23:59:59.9999999Z' }), ['r2', 'r3']);
      assert.deepEqual(await ids({ updatedSince: '2021-01-02T00:30:00+01:00' }), ['r2', 'r3']);
      assert.deepEqual(await ids({ status: 'Closed' }), []);
      assert.deepEqual(await ids({ limit: 0 }), []);
    });

    it('count and list see only the tenant asked for', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      await s.referrals.put(newReferral(a, 'same-id', '2021-01-01T00:00:00Z', { status: 'A' }));
      await s.referrals.put(newReferral(a, 'other', '2021-01-01T00:00:00Z'));
      assert.equal(await s.referrals.put(newReferral(b, 'same-id', '2020-01-01T00:00:00Z', { status: 'B' })), true, "an older version in another tenant is not stale");
      assert.equal(await s.referrals.count(a), 2);
      assert.equal(await s.referrals.count(b), 1);
      assert.deepEqual((await s.referrals.list(b, { order: 'asc', limit: 10 })).map((r) => [r.tenantId, r.id, r.status]), [[b, 'same-id', 'B']]);
      assert.equal((await s.referrals.get(a, 'same-id'))?.status, 'A');
    });

    it('concurrent writers of one referral, on two instances, keep the newest version', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const tenant = newTenant();
      const versions = Array.from({ length: 30 }, (_, i) => newReferral(tenant, 'r', `2021-01-01T00:00:${String(i).padStart(2, '0')}.0000000Z`, { eTag: `v${i}` }));
      const shuffled = [...versions].sort(() => Math.random() - 0.5);
      const written = await Promise.all(shuffled.map((v, i) => (i % 2 === 0 ? s1 : s2).referrals.put(v)));
      assert.ok(written.includes(true));
      assert.deepEqual(await s1.referrals.get(tenant, 'r'), versions.at(-1));
    });
  });
}
