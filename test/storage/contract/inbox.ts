import assert from 'node:assert/strict';
import type { Storage } from '../../../api/storage/types.js';
import { at, newDelivery, newEvent, newReferral, newSubscription, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const lease = (workerId: string, nowMs: number, leaseMs = 1000) => ({ workerId, leaseMs, now: at(nowMs) });

/** Accepts an event and leases it to `workerId` at time 0 (lease 1000 ms). */
async function acceptAndClaim(s: Storage, tenantId: string, workerId = 'w1') {
  const { event } = await s.inbox.accept(newEvent(tenantId, { receivedAt: at(-1).toISOString() }));
  const claimed = await s.inbox.claim(10, lease(workerId, 0));
  assert.deepEqual(claimed.map((e) => e.id), [event.id]);
  return claimed[0]!;
}

export function inboxContract(ctx: ContractContext): void {
  describe('inbox', () => {
    it('accept stores a pending event, due when it was received', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const input = newEvent(tenant);
      const { event, duplicate } = await s.inbox.accept(input);
      assert.equal(duplicate, false);
      assert.match(event.id, /^\d+$/);
      assert.deepEqual(event, {
        ...input, id: event.id, status: 'pending', outcome: null, attempts: 0, nextAttemptAt: input.receivedAt,
        lockedBy: null, lockedUntil: null, lastError: null, processedAt: null,
      });
      assert.deepEqual(await s.inbox.get(tenant, event.id), event);
    });

    it('accept is idempotent on the tenant and dedupe key', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const first = newEvent(tenant);
      const a = await s.inbox.accept(first);
      const b = await s.inbox.accept({ ...first, body: '{"second":true}' });
      assert.equal(b.duplicate, true);
      assert.equal(b.event.id, a.event.id);
      assert.equal(b.event.body, first.body);
      assert.equal((await s.inbox.counts(tenant)).pending, 1);
    });

    it('the same dedupe key in another tenant is another event', async () => {
      const s = await ctx.open();
      const input = newEvent(newTenant());
      const a = await s.inbox.accept(input);
      const b = await s.inbox.accept({ ...input, tenantId: newTenant() });
      assert.equal(b.duplicate, false);
      assert.notEqual(b.event.id, a.event.id);
    });

    it('claim leases due events, oldest received first, up to the limit', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const late = (await s.inbox.accept(newEvent(tenant, { receivedAt: at(300).toISOString() }))).event;
      const early = (await s.inbox.accept(newEvent(tenant, { receivedAt: at(100).toISOString() }))).event;
      const middle = (await s.inbox.accept(newEvent(tenant, { receivedAt: at(200).toISOString() }))).event;
      const first = await s.inbox.claim(2, lease('w1', 1000, 5000));
      assert.deepEqual(first.map((e) => e.id), [early.id, middle.id]);
      for (const e of first) {
        assert.equal(e.status, 'processing');
        assert.equal(e.lockedBy, 'w1');
        assert.equal(e.lockedUntil, at(6000).toISOString());
        assert.equal(e.attempts, 1);
      }
      assert.deepEqual((await s.inbox.claim(2, lease('w2', 1000))).map((e) => e.id), [late.id]);
      assert.deepEqual(await s.inbox.claim(2, lease('w3', 1000)), []);
      assert.deepEqual(await s.inbox.claim(0, lease('w3', 100_000)), []);
    });

    it('claim leaves an event that is not due yet', async () => {
      const s = await ctx.open();
      const { event } = await s.inbox.accept(newEvent(newTenant(), { receivedAt: at(5000).toISOString() }));
      assert.deepEqual(await s.inbox.claim(10, lease('w1', 4999)), []);
      assert.deepEqual((await s.inbox.claim(10, lease('w1', 5000))).map((e) => e.id), [event.id]);
    });

    it('a leased event goes to no other claimer until the lease runs out, then to the next, and the first can no longer complete it', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      assert.deepEqual(await s.inbox.claim(10, lease('w2', 999)), []);
      const again = await s.inbox.claim(10, lease('w2', 1000));
      assert.deepEqual(again.map((e) => [e.id, e.lockedBy, e.attempts]), [[event.id, 'w2', 2]]);
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral }, at(1001)), 'lost-lease');
      assert.equal(await s.referrals.get(tenant, 'r1'), undefined);
      assert.equal(await s.inbox.complete(event.id, 'w2', { referral }, at(1001)), 'applied');
    });

    it('complete once the lease ran out is a lost lease, even when nobody took the event over', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral }, at(1000)), 'lost-lease');
      assert.equal(await s.referrals.get(tenant, 'r1'), undefined);
      assert.equal((await s.inbox.get(tenant, event.id))?.status, 'processing');
    });

    it('complete by a worker without the lease, or of an unknown event, writes nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      assert.equal(await s.inbox.complete(event.id, 'w2', { referral }, at(10)), 'lost-lease');
      assert.equal(await s.inbox.complete('987654321', 'w1', { referral }, at(10)), 'lost-lease');
      assert.equal(await s.inbox.complete('not-an-id', 'w1', { referral }, at(10)), 'lost-lease');
      assert.equal(await s.referrals.get(tenant, 'r1'), undefined);
      assert.equal((await s.inbox.get(tenant, event.id))?.lockedBy, 'w1');
    });

    it('complete with a newer referral writes the mirror and queues the deliveries, in one go', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      const event = await acceptAndClaim(s, tenant, 'w1');
      const referral = newReferral(tenant, 'r1', '2021-01-01T00:00:00.0000000Z');
      const deliveries = [newDelivery(tenant, sub.id), newDelivery(tenant, sub.id)];
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral, deliveries }, at(10)), 'applied');
      const done = await s.inbox.get(tenant, event.id);
      assert.deepEqual(
        done && [done.status, done.outcome, done.processedAt, done.lockedBy, done.lockedUntil],
        ['done', 'applied', at(10).toISOString(), null, null],
      );
      assert.deepEqual(await s.referrals.get(tenant, 'r1'), referral);
      const queued = await s.outbox.listForSubscription(tenant, sub.id, 10);
      assert.deepEqual(queued.map((d) => [d.messageId, d.payload, d.status, d.attempts]).sort(),
        deliveries.map((d) => [d.messageId, d.payload, 'pending', 0]).sort());
      assert.equal(await s.inbox.complete(event.id, 'w1', { referral }, at(11)), 'lost-lease', 'a done event has no lease');
    });

    it('complete with a referral not newer than the mirror is stale and queues nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      const newer = newReferral(tenant, 'r1', '2021-06-01T00:00:00.0000000Z', { status: 'Active' });
      assert.equal(await s.referrals.put(newer), true);
      for (const updated of ['2021-01-01T00:00:00.0000000Z', newer.updatedDateTime]) {
        const event = await acceptAndClaim(s, tenant, 'w1');
        const outcome = await s.inbox.complete(event.id, 'w1', { referral: newReferral(tenant, 'r1', updated), deliveries: [newDelivery(tenant, sub.id)] }, at(10));
        assert.equal(outcome, 'stale', updated);
        assert.equal((await s.inbox.get(tenant, event.id))?.outcome, 'stale');
      }
      assert.deepEqual(await s.referrals.get(tenant, 'r1'), newer);
      assert.deepEqual(await s.outbox.listForSubscription(tenant, sub.id, 10), []);
    });

    it('complete with ignore records `ignored` and writes nothing else', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const sub = await s.subscriptions.create(newSubscription(tenant));
      const event = await acceptAndClaim(s, tenant, 'w1');
      const effects = { ignore: true, referral: newReferral(tenant, 'r1', '2021-01-01T00:00:00Z'), deliveries: [newDelivery(tenant, sub.id)] };
      assert.equal(await s.inbox.complete(event.id, 'w1', effects, at(10)), 'ignored');
      assert.deepEqual([(await s.inbox.get(tenant, event.id))?.status, (await s.inbox.get(tenant, event.id))?.outcome], ['done', 'ignored']);
      assert.equal(await s.referrals.count(tenant), 0);
      assert.deepEqual(await s.outbox.listForSubscription(tenant, sub.id, 10), []);
    });

    it("complete refuses another tenant's referral or delivery and writes nothing", async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const other = newTenant();
      const otherSub = await s.subscriptions.create(newSubscription(other));
      const event = await acceptAndClaim(s, tenant, 'w1');
      await assert.rejects(s.inbox.complete(event.id, 'w1', { referral: newReferral(other, 'r1', '2021-01-01T00:00:00Z') }, at(10)), /another tenant/);
      await assert.rejects(s.inbox.complete(event.id, 'w1', { deliveries: [newDelivery(other, otherSub.id)] }, at(10)), /another tenant/);
      assert.equal(await s.referrals.count(other), 0);
      assert.deepEqual(await s.outbox.listForSubscription(other, otherSub.id, 10), []);
      assert.equal((await s.inbox.get(tenant, event.id))?.status, 'processing');
    });

    it('fail with a retry time puts the event back to pending until then', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      assert.equal(await s.inbox.fail(event.id, 'w1', 'Partner Center answered 503', at(5000), at(10)), true);
      const failed = await s.inbox.get(tenant, event.id);
      assert.deepEqual(failed && [failed.status, failed.lastError, failed.nextAttemptAt, failed.lockedBy, failed.lockedUntil, failed.attempts],
        ['pending', 'Partner Center answered 503', at(5000).toISOString(), null, null, 1]);
      assert.deepEqual(await s.inbox.claim(10, lease('w2', 4999)), []);
      assert.deepEqual((await s.inbox.claim(10, lease('w2', 5000))).map((e) => [e.id, e.attempts]), [[event.id, 2]]);
    });

    it('fail without a retry time makes the event dead; without the lease it changes nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      assert.equal(await s.inbox.fail(event.id, 'w2', 'not mine', null, at(10)), false);
      assert.equal(await s.inbox.fail('not-an-id', 'w1', 'x', null, at(10)), false);
      assert.equal(await s.inbox.fail(event.id, 'w1', 'unparseable body', null, at(10)), true);
      const dead = await s.inbox.get(tenant, event.id);
      assert.deepEqual(dead && [dead.status, dead.lastError, dead.processedAt, dead.lockedBy], ['dead', 'unparseable body', at(10).toISOString(), null]);
      assert.equal(await s.inbox.fail(event.id, 'w1', 'again', null, at(11)), false);
      assert.deepEqual(await s.inbox.claim(10, lease('w3', 1_000_000)), []);
    });

    it('listDead pages newest first, per tenant', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const event = await acceptAndClaim(s, tenant, 'w1');
        await s.inbox.fail(event.id, 'w1', `error ${i}`, null, at(10));
        ids.push(event.id);
      }
      await acceptAndClaim(s, tenant, 'w1'); // processing, not dead
      const newestFirst = [...ids].reverse();
      const page1 = await s.inbox.listDead(tenant, { limit: 2 });
      const page2 = await s.inbox.listDead(tenant, { limit: 2, before: page1.at(-1)!.id });
      const page3 = await s.inbox.listDead(tenant, { limit: 2, before: page2.at(-1)!.id });
      assert.deepEqual([page1, page2, page3].map((p) => p.map((e) => e.id)), [newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
      assert.ok(page1.every((e) => e.status === 'dead'));
      assert.deepEqual(await s.inbox.listDead(newTenant(), { limit: 10 }), []);
      assert.deepEqual(await s.inbox.listDead(tenant, { limit: 10, before: 'nonsense' }), []);
    });

    it('replay moves a dead event back to pending with attempts reset', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const event = await acceptAndClaim(s, tenant, 'w1');
      await s.inbox.fail(event.id, 'w1', 'gave up', null, at(10));
      assert.equal(await s.inbox.replay(newTenant(), event.id, at(20)), undefined, 'another tenant cannot replay it');
      const replayed = await s.inbox.replay(tenant, event.id, at(20));
      assert.deepEqual(replayed && [replayed.status, replayed.attempts, replayed.nextAttemptAt, replayed.outcome, replayed.processedAt],
        ['pending', 0, at(20).toISOString(), null, null]);
      assert.equal(await s.inbox.replay(tenant, event.id, at(21)), undefined, 'no longer dead');
      assert.equal(await s.inbox.replay(tenant, 'nonsense', at(21)), undefined);
      assert.deepEqual((await s.inbox.claim(10, lease('w2', 20))).map((e) => [e.id, e.attempts]), [[event.id, 1]]);
    });

    it('get and counts see only the tenant asked for', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      const ea = await acceptAndClaim(s, a, 'w1');
      await s.inbox.fail(ea.id, 'w1', 'gave up', null, at(10));
      await s.inbox.accept(newEvent(a));
      await s.inbox.accept(newEvent(b));
      await s.inbox.accept(newEvent(b));
      assert.equal(await s.inbox.get(b, ea.id), undefined);
      assert.equal(await s.inbox.get(a, 'nonsense'), undefined);
      assert.equal((await s.inbox.get(a, ea.id))?.id, ea.id);
      assert.deepEqual(await s.inbox.counts(a), { pending: 1, processing: 0, done: 0, dead: 1 });
      assert.deepEqual(await s.inbox.counts(b), { pending: 2, processing: 0, done: 0, dead: 0 });
      assert.deepEqual(await s.inbox.counts(), { pending: 3, processing: 0, done: 0, dead: 1 });
      assert.deepEqual(await s.inbox.counts(newTenant()), { pending: 0, processing: 0, done: 0, dead: 0 });
      assert.deepEqual(await s.inbox.listDead(b, { limit: 10 }), []);
    });

    it('concurrent claimers, on two storage instances, never get the same event', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const tenant = newTenant();
      const accepted = new Set<string>();
      for (let i = 0; i < 60; i += 1) accepted.add((await s1.inbox.accept(newEvent(tenant, { receivedAt: at(-1).toISOString() }))).event.id);
      const seen: string[] = [];
      for (let round = 0; round < 100; round += 1) {
        const batches = await Promise.all([s1, s2, s1, s2, s1, s2].map((s, i) => s.inbox.claim(4, lease(`w${i}`, 0, 60_000))));
        const ids = batches.flat().map((e) => e.id);
        if (ids.length === 0) break;
        seen.push(...ids);
      }
      assert.equal(new Set(seen).size, seen.length, 'an event was handed out twice');
      assert.deepEqual(new Set(seen), accepted);
    });

    it('an accepted event is still there after closing and reopening', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const { event } = await s.inbox.accept(newEvent(tenant));
      await s.close();
      const reopened = await ctx.openBeside(s);
      assert.deepEqual(await reopened.inbox.get(tenant, event.id), event);
    });
  });
}
