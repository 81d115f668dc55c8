import assert from 'node:assert/strict';
import { SyncLinkConflictError } from '../../../api/storage/errors.js';
import { newLink, newTenant, T0 } from '../fixtures.js';
import type { ContractContext } from './context.js';

export function syncLinksContract(ctx: ContractContext): void {
  describe('sync links', () => {
    it('put stores a link that is found by its CRM id and by its referral id', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const link = newLink(tenant, '006A', 'ref-a');
      await s.links.put(link);
      assert.deepEqual(await s.links.byCrm(tenant, '006A'), link);
      assert.deepEqual(await s.links.byReferral(tenant, 'ref-a'), link);
      assert.equal(await s.links.byCrm(tenant, '006B'), undefined);
      assert.equal(await s.links.byReferral(tenant, 'ref-b'), undefined);
    });

    it('put again on the same CRM id replaces every field, the referral id included', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.links.put(newLink(tenant, '006A', null));
      const replaced = newLink(tenant, '006A', 'ref-a', {
        crmObject: 'Lead', base: '{"Status":"Open"}', crmFingerprint: null, referralVersion: null, crmVersion: 'v2', state: 'crm-deleted',
        updatedAt: new Date(T0.getTime() + 5000).toISOString(),
      });
      await s.links.put(replaced);
      assert.deepEqual(await s.links.byCrm(tenant, '006A'), replaced);
      assert.deepEqual(await s.links.byReferral(tenant, 'ref-a'), replaced);
      assert.equal(await s.links.count(tenant), 1);
    });

    it('a referral id can be linked to one CRM record only; links without one do not collide', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.links.put(newLink(tenant, '006A', 'ref-a'));
      await assert.rejects(s.links.put(newLink(tenant, '006B', 'ref-a')), SyncLinkConflictError);
      assert.equal(await s.links.byCrm(tenant, '006B'), undefined);
      await s.links.put(newLink(tenant, '006C', null));
      await s.links.put(newLink(tenant, '006D', null));
      await s.links.put(newLink(newTenant(), '006E', 'ref-a'));
      assert.equal(await s.links.count(tenant), 3);
      assert.equal((await s.links.byReferral(tenant, 'ref-a'))?.crmId, '006A');
    });

    it('links are per tenant', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      await s.links.put(newLink(a, '006A', 'ref-a'));
      await s.links.put(newLink(b, '006A', 'ref-a', { base: '{"b":true}' }));
      assert.equal((await s.links.byCrm(a, '006A'))?.base, newLink(a, '006A', 'ref-a').base);
      assert.equal((await s.links.byReferral(b, 'ref-a'))?.base, '{"b":true}');
      assert.equal(await s.links.delete(a, '006A'), true);
      assert.equal(await s.links.byCrm(a, '006A'), undefined);
      assert.equal((await s.links.byCrm(b, '006A'))?.tenantId, b);
    });

    it('delete removes a link (and frees its referral id) and tells whether there was one', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.links.put(newLink(tenant, '006A', 'ref-a'));
      assert.equal(await s.links.delete(tenant, '006A'), true);
      assert.equal(await s.links.delete(tenant, '006A'), false);
      assert.equal(await s.links.byReferral(tenant, 'ref-a'), undefined);
      await s.links.put(newLink(tenant, '006B', 'ref-a'));
      assert.equal((await s.links.byReferral(tenant, 'ref-a'))?.crmId, '006B');
    });

    it('list pages by CRM id and count counts the tenant only', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const ids = ['006E', '006a', '006B', '006D', '006C'];
      for (const id of ids) await s.links.put(newLink(tenant, id, `ref-${id}`));
      await s.links.put(newLink(newTenant(), '006A', 'ref-x'));
      const byteOrder = [...ids].sort();
      const page1 = await s.links.list(tenant, { limit: 2 });
      const page2 = await s.links.list(tenant, { limit: 2, afterCrmId: page1.at(-1)!.crmId });
      const page3 = await s.links.list(tenant, { limit: 2, afterCrmId: page2.at(-1)!.crmId });
      assert.deepEqual([page1, page2, page3].map((p) => p.map((l) => l.crmId)), [byteOrder.slice(0, 2), byteOrder.slice(2, 4), byteOrder.slice(4)]);
      assert.deepEqual(await s.links.list(tenant, { limit: 2, afterCrmId: byteOrder.at(-1)! }), []);
      assert.deepEqual(await s.links.list(tenant, { limit: 0 }), []);
      assert.equal(await s.links.count(tenant), 5);
      assert.equal(await s.links.count(newTenant()), 0);
    });

    it('putMany writes all links in one transaction: one bad link writes none', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.links.putMany([newLink(tenant, '006A', 'ref-a'), newLink(tenant, '006B', 'ref-b'), newLink(tenant, '006A', 'ref-a2')]);
      assert.equal(await s.links.count(tenant), 2);
      assert.equal((await s.links.byCrm(tenant, '006A'))?.referralId, 'ref-a2', 'a later link for the same CRM id wins');
      await assert.rejects(s.links.putMany([newLink(tenant, '006C', 'ref-c'), newLink(tenant, '006D', 'ref-b')]), SyncLinkConflictError);
      assert.equal(await s.links.byCrm(tenant, '006C'), undefined, 'the batch was rolled back');
      assert.equal(await s.links.count(tenant), 2);
      await s.links.putMany([]);
    });
  });
}
