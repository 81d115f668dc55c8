import assert from 'node:assert/strict';
import { newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

export function cursorsContract(ctx: ContractContext): void {
  describe('cursors', () => {
    it('set stores a value per tenant and name; set again replaces it', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      assert.equal(await s.cursors.get(a, 'salesforce:changes'), undefined);
      await s.cursors.set(a, 'salesforce:changes', '2021-01-01T00:00:00Z');
      await s.cursors.set(a, 'dynamics:changes', 'token-1');
      await s.cursors.set(a, 'salesforce:changes', '2021-02-01T00:00:00Z');
      assert.equal(await s.cursors.get(a, 'salesforce:changes'), '2021-02-01T00:00:00Z');
      assert.equal(await s.cursors.get(a, 'dynamics:changes'), 'token-1');
      assert.equal(await s.cursors.get(b, 'salesforce:changes'), undefined);
    });
  });
}
