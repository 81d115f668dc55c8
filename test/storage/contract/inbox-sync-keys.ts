import assert from 'node:assert/strict';
import type { Storage } from '../../../api/storage/types.js';
import { at, newDelivery, newEvent, newReferral, newSubscription, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const lease = (workerId: string, nowMs: number) => ({ workerId, leaseMs: 1000, now: at(nowMs) });

async function acceptAndClaim(s: Storage, tenantId: string) {
  const { event } = await s.inbox.accept(newEvent(tenantId, { receivedAt: at(-1).toISOString() }));
  const claimed = await s.inbox.claim(10, lease('w1', 0));
  assert.deepEqual(claimed.map((e) => e.id), [event.id]);
  return event;
}

const noJobs = { pending: 0, processing: 0, dead: 0 };

export function inboxSyncKeysContract(ctx: ContractContext): void {
  describe('inbox completion queues sync keys', () => {
    it('an applied completion queues its keys for the event\'s tenant, due at completion', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.syncQueue.enqueue(tenant, ['referral:r1'], at(0), at(50_000));
      const event = await acceptAndClaim(s, tenant);
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral, syncKeys: ['referral:r1', 'crm:Opportunity:006A'] }, at(10)), 'applied');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 2, processing: 0, dead: 0 });
      assert.deepEqual(await s.syncQueue.claim(10, lease('sync', 9)), []);
      const jobs = await s.syncQueue.claim(10, lease('sync', 10));
      assert.deepEqual(jobs.map((j) => [j.tenantId, j.key, j.generation]).sort(),
        [[tenant, 'crm:Opportunity:006A', 1], [tenant, 'referral:r1', 2]], 'the waiting key was coalesced and made due');
    });

    it('an applied completion without a referral (e.g. a related-referral event) queues its keys too', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant);
      assert.equal(await s.inbox.complete(event.id, 'w1', { syncKeys: ['referral:r9'] }, at(10)), 'applied');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 1, processing: 0, dead: 0 });
    });

    it('a stale completion queues nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.referrals.put(newReferral(tenant, 'r1', '2021-06-01T00:00:00.0000000Z'));
      const event = await acceptAndClaim(s, tenant);
      const older = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral: older, syncKeys: ['referral:r1'] }, at(10)), 'stale');
      assert.deepEqual(await s.syncQueue.counts(tenant), noJobs);
    });

    it('an ignored completion queues nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant);
      assert.equal(await s.inbox.complete(event.id, 'w1', { ignore: true, syncKeys: ['referral:r1'] }, at(10)), 'ignored');
      assert.deepEqual(await s.syncQueue.counts(tenant), noJobs);
    });

    it('a completion without the lease queues nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant);
      assert.equal(await s.inbox.complete(event.id, 'w2', { syncKeys: ['referral:r1'] }, at(10)), 'lost-lease');
      assert.equal(await s.inbox.complete(event.id, 'w1', { syncKeys: ['referral:r1'] }, at(1000)), 'lost-lease');
      assert.deepEqual(await s.syncQueue.counts(tenant), noJobs);
    });

    it('queueing is in the completion\'s transaction: when it fails, neither the mirror, the deliveries nor the event change', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      const event = await acceptAndClaim(s, tenant);
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      // A null key breaks the NOT NULL constraint of the queue, after the mirror and outbox writes.
      const syncKeys = ['referral:r1', null as unknown as string];
      await assert.rejects(s.inbox.complete(event.id, 'w1', { referral, deliveries: [newDelivery(tenant, sub.id)], syncKeys }, at(10)));
      assert.equal(await s.referrals.get(tenant, 'r1'), undefined);
      assert.deepEqual(await s.outbox.listForSubscription(tenant, sub.id, 10), []);
      assert.deepEqual(await s.syncQueue.counts(tenant), noJobs);
      assert.equal((await s.inbox.get(tenant, event.id))?.status, 'processing');
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral, syncKeys: ['referral:r1'] }, at(11)), 'applied', 'the event can still be completed');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 1, processing: 0, dead: 0 });
    });
  });
}
