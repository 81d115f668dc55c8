import assert from 'node:assert/strict';
import type { Storage, SyncJob } from '../../../api/storage/types.js';
import { forkChild, isReady } from '../child-processes.js';
import { at, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const lease = (workerId: string, nowMs: number, leaseMs = 1000) => ({ workerId, leaseMs, now: at(nowMs) });
const keyGen = (jobs: SyncJob[]) => jobs.map((j) => [j.key, j.generation, j.attempts]);

/** Enqueues `key` at time 0 and leases it to `workerId` (lease 1000 ms). */
async function enqueueAndClaim(s: Storage, tenantId: string, key: string, workerId = 'w1'): Promise<SyncJob> {
  await s.syncQueue.enqueue(tenantId, [key], at(0));
  const claimed = await s.syncQueue.claim(10, lease(workerId, 0));
  assert.deepEqual(claimed.map((j) => j.key), [key]);
  return claimed[0]!;
}

export function syncQueueContract(ctx: ContractContext): void {
  describe('sync queue', () => {
    it('enqueue adds pending jobs due now; claim leases them with generation 1', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.syncQueue.enqueue(tenant, ['referral:r1', 'crm:Opportunity:006A'], at(100));
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 2, processing: 0, dead: 0 });
      assert.deepEqual(await s.syncQueue.claim(10, lease('w1', 99)), [], 'not due before it was enqueued');
      const claimed = await s.syncQueue.claim(10, lease('w1', 100, 5000));
      assert.deepEqual(claimed.map((j) => j.key).sort(), ['crm:Opportunity:006A', 'referral:r1']);
      for (const job of claimed) {
        assert.match(job.id, /^\d+$/);
        assert.deepEqual({ ...job, id: '', key: '' }, {
          id: '', tenantId: tenant, key: '', generation: 1, status: 'processing', attempts: 1, nextAttemptAt: at(5100).toISOString(),
          lockedBy: 'w1', lockedUntil: at(5100).toISOString(), lastError: null, enqueuedAt: at(100).toISOString(),
        });
      }
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 2, dead: 0 });
    });

    it('enqueue of a pending key coalesces: one job, generation bumped, due at notBefore', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.syncQueue.enqueue(tenant, ['k1', 'k2', 'k1'], at(0));
      await s.syncQueue.enqueue(tenant, ['k1'], at(10), at(500));
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 2, processing: 0, dead: 0 });
      assert.deepEqual(keyGen(await s.syncQueue.claim(10, lease('w1', 499))), [['k2', 1, 1]]);
      const k1 = await s.syncQueue.claim(10, lease('w1', 500));
      assert.deepEqual(keyGen(k1), [['k1', 2, 1]]);
      assert.equal(k1[0]!.enqueuedAt, at(0).toISOString(), 'coalescing keeps the first enqueue time');
    });

    it('enqueue of a key waiting for a retry makes it due now with attempts reset', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1');
      assert.equal(await s.syncQueue.fail(job.id, 'w1', 'CRM answered 503', at(60_000), at(10)), true);
      await s.syncQueue.enqueue(tenant, ['k1'], at(20));
      assert.deepEqual(keyGen(await s.syncQueue.claim(10, lease('w2', 20))), [['k1', 2, 1]]);
    });

    it('enqueue of a dead key makes it pending again, attempts reset', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1');
      assert.equal(await s.syncQueue.fail(job.id, 'w1', 'mapping rejected the record', null, at(10)), true);
      assert.deepEqual((await s.syncQueue.listDead(tenant, { limit: 10 })).map((j) => [j.id, j.status, j.lastError, j.lockedBy]),
        [[job.id, 'dead', 'mapping rejected the record', null]]);
      await s.syncQueue.enqueue(tenant, ['k1'], at(20), at(30));
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 1, processing: 0, dead: 0 });
      assert.deepEqual(await s.syncQueue.listDead(tenant, { limit: 10 }), []);
      const revived = await s.syncQueue.claim(10, lease('w2', 30));
      assert.deepEqual(revived.map((j) => [j.id, j.key, j.generation, j.attempts, j.enqueuedAt]), [[job.id, 'k1', 2, 1, at(20).toISOString()]]);
    });

    it('enqueue of a key being processed keeps the lease; completing the old generation puts it back, due now', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1', 'w1');
      await s.syncQueue.enqueue(tenant, ['k1'], at(10));
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 1, dead: 0 });
      assert.deepEqual(await s.syncQueue.claim(10, lease('w2', 999)), [], 'still leased to w1');
      assert.equal(await s.syncQueue.complete(job.id, 'w1', job.generation, at(20)), 'requeued');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 1, processing: 0, dead: 0 });
      assert.deepEqual(await s.syncQueue.claim(10, lease('w2', 19)), [], 'due when it was put back, not before');
      const again = await s.syncQueue.claim(10, lease('w2', 20));
      assert.deepEqual(again.map((j) => [j.id, j.generation, j.attempts, j.lockedBy]), [[job.id, 2, 1, 'w2']]);
      assert.equal(await s.syncQueue.complete(job.id, 'w2', 2, at(30)), 'done');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 0, dead: 0 });
    });

    it('complete of the current generation deletes the job; the key can then be queued afresh', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1');
      assert.equal(await s.syncQueue.complete(job.id, 'w1', 1, at(10)), 'done');
      assert.equal(await s.syncQueue.complete(job.id, 'w1', 1, at(11)), 'lost-lease');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 0, dead: 0 });
      await s.syncQueue.enqueue(tenant, ['k1'], at(20));
      const fresh = await s.syncQueue.claim(10, lease('w1', 20));
      assert.deepEqual(keyGen(fresh), [['k1', 1, 1]]);
      assert.notEqual(fresh[0]!.id, job.id, 'a deleted job id is never reused');
    });

    it('complete or fail without the lease changes nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1', 'w1');
      assert.equal(await s.syncQueue.complete(job.id, 'w2', 1, at(10)), 'lost-lease');
      assert.equal(await s.syncQueue.complete('987654321', 'w1', 1, at(10)), 'lost-lease');
      assert.equal(await s.syncQueue.complete('not-an-id', 'w1', 1, at(10)), 'lost-lease');
      assert.equal(await s.syncQueue.fail(job.id, 'w2', 'not mine', null, at(10)), false);
      assert.equal(await s.syncQueue.fail('not-an-id', 'w1', 'x', null, at(10)), false);
      assert.equal(await s.syncQueue.complete(job.id, 'w1', 1, at(1000)), 'lost-lease', 'the lease ran out at 1000');
      assert.equal(await s.syncQueue.fail(job.id, 'w1', 'late', null, at(1000)), false);
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 1, dead: 0 });
    });

    it('a job whose lease ran out goes to the next claimer, and the first worker can no longer finish it', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1', 'w1');
      assert.deepEqual(await s.syncQueue.claim(10, lease('w2', 999)), []);
      const taken = await s.syncQueue.claim(10, lease('w2', 1000));
      assert.deepEqual(taken.map((j) => [j.id, j.lockedBy, j.attempts]), [[job.id, 'w2', 2]]);
      assert.equal(await s.syncQueue.complete(job.id, 'w1', 1, at(1001)), 'lost-lease');
      assert.equal(await s.syncQueue.fail(job.id, 'w1', 'x', null, at(1001)), false);
      assert.equal(await s.syncQueue.complete(job.id, 'w2', 1, at(1001)), 'done');
    });

    it('fail with a retry time puts the job back to pending until then; the error is kept, clipped', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const job = await enqueueAndClaim(s, tenant, 'k1');
      assert.equal(await s.syncQueue.fail(job.id, 'w1', 'x'.repeat(10_000), at(5000), at(10)), true);
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 1, processing: 0, dead: 0 });
      assert.deepEqual(await s.syncQueue.claim(10, lease('w2', 4999)), []);
      const retried = await s.syncQueue.claim(10, lease('w2', 5000));
      assert.deepEqual(keyGen(retried), [['k1', 1, 2]]);
      assert.equal(retried[0]!.lastError?.length, 4000);
      assert.equal(await s.syncQueue.fail(job.id, 'w2', 'gave up', null, at(5001)), true);
      assert.deepEqual(await s.syncQueue.claim(10, lease('w3', 10_000_000)), [], 'a dead job is never claimed');
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 0, dead: 1 });
    });

    it('claim takes the oldest due first, up to the limit', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.syncQueue.enqueue(tenant, ['late'], at(0), at(300));
      await s.syncQueue.enqueue(tenant, ['early'], at(0), at(100));
      await s.syncQueue.enqueue(tenant, ['middle'], at(0), at(200));
      await s.syncQueue.enqueue(tenant, ['future'], at(0), at(10_000));
      assert.deepEqual((await s.syncQueue.claim(2, lease('w1', 1000))).map((j) => j.key), ['early', 'middle']);
      assert.deepEqual((await s.syncQueue.claim(5, lease('w2', 1000))).map((j) => j.key), ['late']);
      assert.deepEqual(await s.syncQueue.claim(0, lease('w3', 100_000)), []);
    });

    it('keys, counts and dead lists are per tenant', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      await s.syncQueue.enqueue(a, ['k1', 'k2'], at(0));
      await s.syncQueue.enqueue(b, ['k1'], at(0));
      const claimed = await s.syncQueue.claim(10, lease('w1', 0));
      assert.deepEqual(claimed.map((j) => [j.tenantId === a ? 'a' : 'b', j.key, j.generation]).sort(), [['a', 'k1', 1], ['a', 'k2', 1], ['b', 'k1', 1]]);
      for (const j of claimed.filter((c) => c.tenantId === a)) await s.syncQueue.fail(j.id, 'w1', 'gave up', null, at(1));
      assert.deepEqual(await s.syncQueue.counts(a), { pending: 0, processing: 0, dead: 2 });
      assert.deepEqual(await s.syncQueue.counts(b), { pending: 0, processing: 1, dead: 0 });
      assert.deepEqual(await s.syncQueue.counts(), { pending: 0, processing: 1, dead: 2 });
      const dead = await s.syncQueue.listDead(a, { limit: 10 });
      assert.deepEqual(dead.map((j) => j.key), ['k2', 'k1'], 'newest first');
      assert.deepEqual((await s.syncQueue.listDead(a, { limit: 1 })).map((j) => j.key), ['k2']);
      assert.deepEqual(await s.syncQueue.listDead(b, { limit: 10 }), []);
      await s.syncQueue.enqueue(b, [], at(0));
    });

    it('concurrent claimers and enqueuers, on two storage instances, never share a job', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const tenant = newTenant();
      const keys = Array.from({ length: 60 }, (_, i) => `referral:r${i}`);
      await s1.syncQueue.enqueue(tenant, keys, at(-1));
      const seen: string[] = [];
      for (let round = 0; round < 100; round += 1) {
        // Re-enqueues in flight at the same time bump generations but must not hand a leased job out again.
        const [, , ...batches] = await Promise.all([
          s2.syncQueue.enqueue(tenant, keys.slice(0, 30), at(0)),
          s1.syncQueue.enqueue(tenant, keys.slice(30), at(0)),
          ...[s1, s2, s1, s2, s1, s2].map((s, i) => s.syncQueue.claim(4, lease(`w${i}`, 0, 60_000))),
        ]);
        const ids = batches.flat().map((j) => j.key);
        if (ids.length === 0) break;
        seen.push(...ids);
      }
      assert.equal(new Set(seen).size, seen.length, 'a job was handed out twice');
      assert.deepEqual(new Set(seen), new Set(keys));
    });

    it('processes claiming side by side never get the same job', async () => {
      const s = await ctx.open();
      const place = ctx.backend.placeOf(s);
      const tenant = newTenant();
      await s.syncQueue.enqueue(tenant, Array.from({ length: 90 }, (_, i) => `crm:Opportunity:${i}`), at(-1_000_000));
      const children = [1, 2, 3].map(() => forkChild({ mode: 'claim-sync', place, tenantId: tenant }));
      await Promise.all(children.map((c) => c.until(isReady)));
      for (const c of children) c.go();
      assert.deepEqual(await Promise.all(children.map((c) => c.exited)), [0, 0, 0]);
      const claimed = children.flatMap((c) => c.messages.flatMap((m) => (m.type === 'claimed' ? m.ids : [])));
      assert.equal(new Set(claimed).size, claimed.length, 'a job was claimed by two processes');
      assert.equal(claimed.length, 90);
      assert.deepEqual(await s.syncQueue.counts(tenant), { pending: 0, processing: 90, dead: 0 });
    });
  });
}
