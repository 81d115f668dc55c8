import assert from 'node:assert/strict';
import { at, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const override = (tenantId: string, json: string, ms = 0) => ({ tenantId, crm: 'salesforce' as const, json, updatedAt: at(ms).toISOString() });

export function mappingsContract(ctx: ContractContext): void {
  describe('mapping overrides', () => {
    it('put stores an override with a fresh eTag each time; get returns it', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      assert.equal(await s.mappings.get(tenant, 'salesforce'), undefined);
      const first = await s.mappings.put(override(tenant, '{"fields":{}}'));
      assert.ok(first && first.eTag.length > 0 && first.eTag !== 'default');
      assert.deepEqual(first, { ...override(tenant, '{"fields":{}}'), eTag: first.eTag });
      assert.deepEqual(await s.mappings.get(tenant, 'salesforce'), first);
      const second = await s.mappings.put(override(tenant, '{"fields":{"a":1}}', 10));
      assert.ok(second && second.eTag !== first.eTag);
      assert.equal(second.updatedAt, at(10).toISOString());
      assert.deepEqual(await s.mappings.get(tenant, 'salesforce'), second);
    });

    it('put with ifMatch writes only over the eTag it names', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const first = await s.mappings.put(override(tenant, 'v1'));
      const second = await s.mappings.put(override(tenant, 'v2'), { ifMatch: first!.eTag });
      assert.equal(second?.json, 'v2');
      assert.equal(await s.mappings.put(override(tenant, 'v3'), { ifMatch: first!.eTag }), undefined, 'an old eTag');
      assert.equal(await s.mappings.put(override(tenant, 'v3'), { ifMatch: 'default' }), undefined, 'an override exists');
      assert.deepEqual(await s.mappings.get(tenant, 'salesforce'), second);
    });

    it("ifMatch on a missing override matches only 'default'", async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      assert.equal(await s.mappings.put(override(tenant, 'v1'), { ifMatch: 'some-etag' }), undefined);
      assert.equal(await s.mappings.get(tenant, 'salesforce'), undefined, 'nothing written');
      const created = await s.mappings.put(override(tenant, 'v1'), { ifMatch: 'default' });
      assert.equal(created?.json, 'v1');
      assert.deepEqual(await s.mappings.get(tenant, 'salesforce'), created);
    });

    it('of two puts with the same ifMatch, one writes', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const tenant = newTenant();
      const base = await s1.mappings.put(override(tenant, 'v1'));
      const results = await Promise.all([s1, s2, s1, s2].map((s, i) => s.mappings.put(override(tenant, `w${i}`), { ifMatch: base!.eTag })));
      const written = results.filter((r) => r !== undefined);
      assert.equal(written.length, 1);
      assert.deepEqual(await s1.mappings.get(tenant, 'salesforce'), written[0]);
      const fresh = newTenant();
      const creates = await Promise.all([s1, s2].map((s, i) => s.mappings.put(override(fresh, `c${i}`), { ifMatch: 'default' })));
      assert.equal(creates.filter((r) => r !== undefined).length, 1);
    });

    it('overrides are per tenant and CRM; delete removes one and tells whether there was one', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      await s.mappings.put(override(a, 'sf'));
      await s.mappings.put({ ...override(a, 'd365'), crm: 'dynamics365' });
      await s.mappings.put(override(b, 'other'));
      assert.equal((await s.mappings.get(a, 'dynamics365'))?.json, 'd365');
      assert.equal(await s.mappings.delete(a, 'salesforce'), true);
      assert.equal(await s.mappings.delete(a, 'salesforce'), false);
      assert.equal(await s.mappings.get(a, 'salesforce'), undefined);
      assert.equal((await s.mappings.get(a, 'dynamics365'))?.json, 'd365');
      assert.equal((await s.mappings.get(b, 'salesforce'))?.json, 'other');
    });
  });
}
