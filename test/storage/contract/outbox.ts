import assert from 'node:assert/strict';
import type { Storage } from '../../../api/storage/types.js';
import { at, newDelivery, newSubscription, newTenant } from '../fixtures.js';
import { processEvent, type ContractContext } from './context.js';

const lease = (workerId: string, nowMs: number, leaseMs = 1000) => ({ workerId, leaseMs, now: at(nowMs) });

/** A tenant with one active subscription and `n` deliveries queued for it (created at times 1…n ms). */
async function queued(s: Storage, n: number, tenant = newTenant()) {
  const sub = await s.subscriptions.create(newSubscription(tenant));
  const deliveries = Array.from({ length: n }, (_, i) => newDelivery(tenant, sub.id, { createdAt: at(n - i).toISOString() }));
  assert.equal(await processEvent(s, tenant, { deliveries }), 'applied');
  return { tenant, sub, deliveries };
}

export function outboxContract(ctx: ContractContext): void {
  describe('outbox', () => {
    it('claim leases due deliveries oldest first; delivered finishes them', async () => {
      const s = await ctx.open();
      const { tenant, sub, deliveries } = await queued(s, 3);
      const oldestFirst = [...deliveries].reverse();
      const claimed = await s.outbox.claim(2, lease('w1', 100));
      assert.deepEqual(claimed.map((d) => d.messageId), oldestFirst.slice(0, 2).map((d) => d.messageId));
      const [first] = claimed;
      assert.deepEqual(first && [first.tenantId, first.subscriptionId, first.payload, first.status, first.attempts, first.lockedBy, first.lockedUntil],
        [tenant, sub.id, oldestFirst[0]!.payload, 'delivering', 1, 'w1', at(1100).toISOString()]);
      assert.equal(await s.outbox.delivered(first!.id, 'w2', 200, at(101)), false, 'not the lease holder');
      assert.equal(await s.outbox.delivered(first!.id, 'w1', 202, at(101)), true);
      const done = (await s.outbox.listForSubscription(tenant, sub.id, 10)).find((d) => d.id === first!.id);
      assert.deepEqual(done && [done.status, done.lastStatusCode, done.deliveredAt, done.lockedBy], ['delivered', 202, at(101).toISOString(), null]);
      assert.equal(await s.outbox.delivered(first!.id, 'w1', 202, at(102)), false, 'already delivered');
      assert.deepEqual((await s.outbox.claim(10, lease('w2', 100))).map((d) => d.messageId), [oldestFirst[2]!.messageId]);
      assert.deepEqual(await s.outbox.claim(0, lease('w2', 100)), []);
    });

    it('claim returns only deliveries of active subscriptions', async () => {
      const s = await ctx.open();
      const { tenant, sub } = await queued(s, 1);
      await s.subscriptions.recordFailure(sub.id, 'HTTP 410', 1, at(1));
      assert.deepEqual(await s.outbox.claim(10, lease('w1', 100)), []);
      await s.subscriptions.enable(tenant, sub.id, at(2));
      assert.equal((await s.outbox.claim(10, lease('w1', 100))).length, 1);
    });

    it('fail with a retry time returns the delivery to pending until then; without one it is dead', async () => {
      const s = await ctx.open();
      const { tenant, sub } = await queued(s, 2);
      const [a, b] = await s.outbox.claim(2, lease('w1', 100));
      assert.equal(await s.outbox.fail(a!.id, 'w2', 'x', 500, null, at(101)), false, 'not the lease holder');
      assert.equal(await s.outbox.fail(a!.id, 'w1', 'HTTP 503', 503, at(5000), at(101)), true);
      assert.equal(await s.outbox.fail(b!.id, 'w1', 'connection refused', null, null, at(101)), true);
      const rows = await s.outbox.listForSubscription(tenant, sub.id, 10);
      const byId = new Map(rows.map((d) => [d.id, d]));
      const retried = byId.get(a!.id);
      const dead = byId.get(b!.id);
      assert.deepEqual(retried && [retried.status, retried.lastError, retried.lastStatusCode, retried.nextAttemptAt, retried.lockedBy],
        ['pending', 'HTTP 503', 503, at(5000).toISOString(), null]);
      assert.deepEqual(dead && [dead.status, dead.lastError, dead.lastStatusCode, dead.lockedBy], ['dead', 'connection refused', null, null]);
      assert.deepEqual(await s.outbox.claim(10, lease('w1', 4999)), []);
      assert.deepEqual((await s.outbox.claim(10, lease('w1', 5000))).map((d) => [d.id, d.attempts]), [[a!.id, 2]]);
    });

    it('a lease that ran out lets another worker take the delivery; the first can no longer finish it', async () => {
      const s = await ctx.open();
      await queued(s, 1);
      const [d] = await s.outbox.claim(10, lease('w1', 100));
      assert.deepEqual(await s.outbox.claim(10, lease('w2', 1099)), []);
      assert.deepEqual((await s.outbox.claim(10, lease('w2', 1100))).map((x) => [x.id, x.lockedBy, x.attempts]), [[d!.id, 'w2', 2]]);
      assert.equal(await s.outbox.delivered(d!.id, 'w1', 200, at(1101)), false);
      assert.equal(await s.outbox.fail(d!.id, 'w1', 'late', null, null, at(1101)), false);
      assert.equal(await s.outbox.delivered(d!.id, 'w2', 200, at(1101)), true);
    });

    it('queues a message once per subscription, and nothing for a missing or foreign subscription', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const other = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      const sub2 = await s.subscriptions.create(newSubscription(tenant));
      const foreign = await s.subscriptions.create(newSubscription(other));
      const message = newDelivery(tenant, sub.id);
      await processEvent(s, tenant, { deliveries: [message, { ...message, subscriptionId: sub2.id }, newDelivery(tenant, 'deleted-subscription')] }, 10);
      await processEvent(s, tenant, { deliveries: [message] }, 20);
      // A delivery naming the other tenant's subscription, with this tenant's id on it, must not reach that subscription.
      await processEvent(s, tenant, { deliveries: [newDelivery(tenant, foreign.id)] }, 30);
      assert.equal((await s.outbox.listForSubscription(tenant, sub.id, 10)).length, 1);
      assert.equal((await s.outbox.listForSubscription(tenant, sub2.id, 10)).length, 1);
      assert.deepEqual(await s.outbox.listForSubscription(other, foreign.id, 10), []);
      assert.deepEqual(await s.outbox.listForSubscription(tenant, foreign.id, 10), []);
      assert.deepEqual(await s.outbox.listForSubscription(other, sub.id, 10), [], 'listing is per tenant');
    });

    it('listForSubscription shows newest first, up to the limit', async () => {
      const s = await ctx.open();
      const { tenant, sub, deliveries } = await queued(s, 3);
      const listed = await s.outbox.listForSubscription(tenant, sub.id, 2);
      assert.deepEqual(listed.map((d) => d.messageId), deliveries.slice(1).reverse().map((d) => d.messageId));
    });

    it('counts per tenant and overall', async () => {
      const s = await ctx.open();
      const a = await queued(s, 2);
      const [d] = await s.outbox.claim(1, lease('w1', 100));
      await s.outbox.delivered(d!.id, 'w1', 200, at(101));
      const b = await queued(s, 1);
      assert.deepEqual(await s.outbox.counts(a.tenant), { pending: 1, delivering: 0, delivered: 1, dead: 0 });
      assert.deepEqual(await s.outbox.counts(b.tenant), { pending: 1, delivering: 0, delivered: 0, dead: 0 });
      assert.deepEqual(await s.outbox.counts(), { pending: 2, delivering: 0, delivered: 1, dead: 0 });
    });

    it('concurrent claimers, on two storage instances, never get the same delivery', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const { deliveries } = await queued(s1, 50);
      const seen: string[] = [];
      for (let round = 0; round < 100; round += 1) {
        const batches = await Promise.all([s1, s2, s1, s2, s1, s2].map((s, i) => s.outbox.claim(3, lease(`w${i}`, 100, 60_000))));
        const ids = batches.flat().map((d) => d.messageId);
        if (ids.length === 0) break;
        seen.push(...ids);
      }
      assert.equal(new Set(seen).size, seen.length, 'a delivery was handed out twice');
      assert.deepEqual(new Set(seen), new Set(deliveries.map((d) => d.messageId)));
    });
  });
}
