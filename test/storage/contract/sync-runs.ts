import assert from 'node:assert/strict';
import type { SyncRun } from '../../../api/storage/types.js';
import { at, newRun, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const lease = (workerId: string, nowMs: number, leaseMs = 1000) => ({ workerId, leaseMs, now: at(nowMs) });

export function syncRunsContract(ctx: ContractContext): void {
  describe('sync runs', () => {
    it('create stores a run under a new id; get finds it in its tenant only', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const input = newRun(tenant, { kind: 'backfill', dryRun: true, total: 40, report: '{"samples":[]}' });
      const run = await s.syncRuns.create(input);
      assert.ok(run.id.length > 0);
      assert.deepEqual(run, { ...input, id: run.id });
      assert.deepEqual(await s.syncRuns.get(tenant, run.id), run);
      assert.equal(await s.syncRuns.get(newTenant(), run.id), undefined);
      assert.equal(await s.syncRuns.get(tenant, 'no-such-run'), undefined);
      assert.notEqual((await s.syncRuns.create(input)).id, run.id);
    });

    it('update writes the mutable fields', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const run = await s.syncRuns.create(newRun(tenant, { lockedBy: 'w1', lockedUntil: at(1000).toISOString() }));
      const finished: SyncRun = {
        ...run, status: 'completed', cursor: 'page-7', total: 700, processed: 700, drifted: 12, repaired: 11, failed: 1,
        report: '{"errors":["r5"]}', lockedBy: null, lockedUntil: null, updatedAt: at(9000).toISOString(), finishedAt: at(9000).toISOString(),
      };
      await s.syncRuns.update(finished);
      assert.deepEqual(await s.syncRuns.get(tenant, run.id), finished);
      await s.syncRuns.update({ ...finished, tenantId: newTenant(), status: 'failed' });
      assert.equal((await s.syncRuns.get(tenant, run.id))?.status, 'completed', "another tenant's update does not reach it");
    });

    it('list gives a tenant\'s runs newest first, up to the limit', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const started = [300, 100, 200];
      for (const ms of started) await s.syncRuns.create(newRun(tenant, { startedAt: at(ms).toISOString(), cursor: `c${ms}` }));
      await s.syncRuns.create(newRun(newTenant()));
      assert.deepEqual((await s.syncRuns.list(tenant, { limit: 10 })).map((r) => r.cursor), ['c300', 'c200', 'c100']);
      assert.deepEqual((await s.syncRuns.list(tenant, { limit: 2 })).map((r) => r.cursor), ['c300', 'c200']);
      assert.deepEqual(await s.syncRuns.list(tenant, { limit: 0 }), []);
      assert.deepEqual(await s.syncRuns.list(newTenant(), { limit: 10 }), []);
    });

    it('claimStale takes a running run that nobody holds, and locks it for the lease', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.syncRuns.create(newRun(tenant, { status: 'paused' }));
      await s.syncRuns.create(newRun(tenant, { status: 'completed', finishedAt: at(5).toISOString() }));
      const running = await s.syncRuns.create(newRun(tenant));
      const claimed = await s.syncRuns.claimStale(lease('w1', 10, 5000));
      assert.deepEqual(claimed, { ...running, lockedBy: 'w1', lockedUntil: at(5010).toISOString() });
      assert.deepEqual(await s.syncRuns.get(tenant, running.id), claimed);
      assert.equal(await s.syncRuns.claimStale(lease('w2', 5009)), undefined, 'held until its lock runs out');
    });

    it('claimStale takes over a run whose lock ran out, oldest first', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const newer = await s.syncRuns.create(newRun(tenant, { startedAt: at(20).toISOString(), lockedBy: 'dead-1', lockedUntil: at(1000).toISOString() }));
      const older = await s.syncRuns.create(newRun(tenant, { startedAt: at(10).toISOString(), lockedBy: 'dead-2', lockedUntil: at(2000).toISOString() }));
      assert.equal(await s.syncRuns.claimStale(lease('w1', 999)), undefined);
      assert.equal((await s.syncRuns.claimStale(lease('w1', 1000)))?.id, newer.id, 'the only one whose lock ran out');
      const taken = await s.syncRuns.claimStale(lease('w2', 3000));
      assert.deepEqual(taken && [taken.id, taken.lockedBy, taken.lockedUntil], [older.id, 'w2', at(4000).toISOString()]);
      assert.equal((await s.syncRuns.claimStale(lease('w3', 3000)))?.id, newer.id, "w1's lock ran out at 2000");
    });

    it('concurrent claimStale calls, on two storage instances, never take the same run', async () => {
      const s1 = await ctx.open();
      const s2 = await ctx.openBeside(s1);
      const ids = new Set<string>();
      for (let i = 0; i < 8; i += 1) ids.add((await s1.syncRuns.create(newRun(newTenant(), { startedAt: at(i).toISOString() }))).id);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? s1 : s2).syncRuns.claimStale(lease(`w${i}`, 100, 60_000))));
      const claimed = results.filter((r): r is SyncRun => r !== undefined).map((r) => r.id);
      assert.equal(new Set(claimed).size, claimed.length, 'a run was taken twice');
      // PostgreSQL's SKIP LOCKED may make a claimer miss a run that another has locked for a moment; none is taken twice.
      for (const id of claimed) assert.ok(ids.has(id));
      for (;;) {
        const more = await s1.syncRuns.claimStale(lease('sweeper', 100, 60_000));
        if (!more) break;
        claimed.push(more.id);
      }
      assert.deepEqual(new Set(claimed), ids);
      assert.equal(claimed.length, ids.size);
    });
  });
}
