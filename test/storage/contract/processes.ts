import assert from 'node:assert/strict';
import { forkChild, isReady, type Child } from '../child-processes.js';
import { at, newEvent, newTenant } from '../fixtures.js';
import type { ChildMessage } from '../storage-child.js';
import type { ContractContext } from './context.js';

const accepted = (messages: ChildMessage[]) => messages.filter((m): m is Extract<ChildMessage, { type: 'accepted' }> => m.type === 'accepted');

export function processesContract(ctx: ContractContext): void {
  describe('several processes', () => {
    it('every event whose accept() resolved survives SIGKILL of the accepting process', async () => {
      const s = await ctx.open();
      const place = ctx.backend.placeOf(s);
      const tenant = newTenant();
      const acked: { id: string; dedupeKey: string }[] = [];
      // Three rounds, each killed at a different count, so the kill lands at varied points of accept().
      for (const [round, killAfter] of [[1, 40], [2, 73], [3, 111]] as const) {
        const child: Child = forkChild({ mode: 'accept', place, tenantId: tenant, prefix: `round${round}` });
        await child.until(isReady);
        child.go();
        await child.until((m) => accepted(m).length >= killAfter);
        child.process.kill('SIGKILL');
        assert.equal(await child.exited, 'SIGKILL');
        acked.push(...accepted(child.messages));
      }
      const reopened = await ctx.openBeside(s);
      for (const { id, dedupeKey } of acked) {
        const event = await reopened.inbox.get(tenant, id);
        assert.ok(event, `acknowledged event ${dedupeKey} (${id}) was lost`);
        assert.equal(event.dedupeKey, dedupeKey);
        assert.equal(event.body, JSON.stringify({ dedupeKey }));
        assert.equal(event.status, 'pending');
      }
      const counts = await reopened.inbox.counts(tenant);
      // At most one accept per round can have committed without its report reaching us.
      assert.ok(counts.pending >= acked.length && counts.pending <= acked.length + 3, `${counts.pending} stored, ${acked.length} acknowledged`);
      const after = await reopened.inbox.accept(newEvent(tenant));
      assert.equal(after.duplicate, false, 'the storage still takes writes');
    });

    it('processes claiming side by side never get the same event', async () => {
      const s = await ctx.open();
      const place = ctx.backend.placeOf(s);
      const tenant = newTenant();
      const ids = new Set<string>();
      for (let i = 0; i < 90; i += 1) ids.add((await s.inbox.accept(newEvent(tenant, { receivedAt: at(-1_000_000).toISOString() }))).event.id);
      const children = [1, 2, 3].map(() => forkChild({ mode: 'claim', place, tenantId: tenant }));
      await Promise.all(children.map((c) => c.until(isReady)));
      for (const c of children) c.go();
      assert.deepEqual(await Promise.all(children.map((c) => c.exited)), [0, 0, 0]);
      const claimed = children.flatMap((c) => c.messages.flatMap((m) => (m.type === 'claimed' ? m.ids : [])));
      assert.equal(new Set(claimed).size, claimed.length, 'an event was claimed by two processes');
      assert.deepEqual(new Set(claimed), ids);
    });
  });
}
