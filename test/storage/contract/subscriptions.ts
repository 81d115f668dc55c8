import assert from 'node:assert/strict';
import { at, newDelivery, newSubscription, newTenant, T0 } from '../fixtures.js';
import { processEvent, type ContractContext } from './context.js';

export function subscriptionsContract(ctx: ContractContext): void {
  describe('subscriptions', () => {
    it('create returns an active subscription that get, list and active find, per tenant', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const input = newSubscription(tenant, { onlyMicrosoftCoSell: true });
      const sub = await s.subscriptions.create(input);
      assert.deepEqual(sub, { ...input, id: sub.id, status: 'active', consecutiveFailures: 0, disabledReason: null, updatedAt: T0.toISOString() });
      const created = await s.subscriptions.create(newSubscription(tenant, { event: 'referral-created' }));
      assert.deepEqual(await s.subscriptions.get(tenant, sub.id), sub);
      assert.deepEqual((await s.subscriptions.list(tenant)).map((x) => x.id).sort(), [sub.id, created.id].sort());
      assert.deepEqual((await s.subscriptions.active(tenant, 'referral-updated')).map((x) => x.id), [sub.id]);
      assert.deepEqual((await s.subscriptions.active(tenant, 'referral-created')).map((x) => x.id), [created.id]);
      const other = newTenant();
      assert.equal(await s.subscriptions.get(other, sub.id), undefined);
      assert.deepEqual(await s.subscriptions.list(other), []);
      assert.deepEqual(await s.subscriptions.active(other, 'referral-updated'), []);
    });

    it('delete removes it, only for its own tenant', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      assert.equal(await s.subscriptions.delete(newTenant(), sub.id), false);
      assert.equal(await s.subscriptions.delete(tenant, sub.id), true);
      assert.equal(await s.subscriptions.get(tenant, sub.id), undefined);
      assert.equal(await s.subscriptions.delete(tenant, sub.id), false);
      assert.deepEqual(await s.subscriptions.list(tenant), []);
    });

    it('recordFailure counts consecutive failures and disables after N; recordSuccess resets the count', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      assert.equal((await s.subscriptions.recordFailure(sub.id, 'HTTP 500', 3, at(1)))?.consecutiveFailures, 1);
      assert.equal((await s.subscriptions.recordFailure(sub.id, 'HTTP 500', 3, at(2)))?.consecutiveFailures, 2);
      await s.subscriptions.recordSuccess(sub.id, at(3));
      assert.equal((await s.subscriptions.get(tenant, sub.id))?.consecutiveFailures, 0);
      await s.subscriptions.recordFailure(sub.id, 'HTTP 500', 3, at(4));
      await s.subscriptions.recordFailure(sub.id, 'HTTP 500', 3, at(5));
      const disabled = await s.subscriptions.recordFailure(sub.id, 'HTTP 410 Gone', 3, at(6));
      assert.deepEqual(disabled && [disabled.status, disabled.consecutiveFailures, disabled.disabledReason, disabled.updatedAt],
        ['disabled', 3, 'HTTP 410 Gone', at(6).toISOString()]);
      assert.deepEqual(await s.subscriptions.active(tenant, 'referral-updated'), []);
      const later = await s.subscriptions.recordFailure(sub.id, 'HTTP 500', 3, at(7));
      assert.deepEqual(later && [later.status, later.disabledReason], ['disabled', 'HTTP 410 Gone'], 'keeps the reason it was disabled for');
      assert.equal(await s.subscriptions.recordFailure('no-such-subscription', 'x', 3, at(8)), undefined);
    });

    it('enable re-activates a disabled subscription with its failures reset', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      await s.subscriptions.recordFailure(sub.id, 'HTTP 404', 1, at(1));
      assert.equal(await s.subscriptions.enable(newTenant(), sub.id, at(2)), undefined);
      const enabled = await s.subscriptions.enable(tenant, sub.id, at(2));
      assert.deepEqual(enabled && [enabled.status, enabled.consecutiveFailures, enabled.disabledReason, enabled.updatedAt],
        ['active', 0, null, at(2).toISOString()]);
      assert.deepEqual((await s.subscriptions.active(tenant, 'referral-updated')).map((x) => x.id), [sub.id]);
      assert.equal(await s.subscriptions.enable(tenant, 'no-such-subscription', at(3)), undefined);
    });

    it('deleting a subscription drops its queued deliveries', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      await processEvent(s, tenant, { deliveries: [newDelivery(tenant, sub.id)] });
      assert.equal((await s.outbox.counts(tenant)).pending, 1);
      await s.subscriptions.delete(tenant, sub.id);
      assert.equal((await s.outbox.counts(tenant)).pending, 0);
      assert.deepEqual(await s.outbox.claim(10, { workerId: 'w', leaseMs: 1000, now: at(1_000_000) }), []);
    });
  });
}
