import assert from 'node:assert/strict';
import { forkChild, isReady } from '../child-processes.js';
import { newEvent, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';
import { POSTGRES_MIGRATIONS } from '../../../api/storage/postgres/migrations.js';
import { SQLITE_MIGRATIONS } from '../../../api/storage/sqlite/migrations.js';

/** Every version the backend ships, in order. */
const allVersions = (kind: 'sqlite' | 'postgres') => (kind === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).map((m) => m.version);

export function lifecycleContract(ctx: ContractContext): void {
  describe('migrations and lifecycle', () => {
    it('migrate() again applies nothing new', async () => {
      const s = await ctx.open();
      const versions = await ctx.backend.appliedMigrations(s);
      assert.ok(versions.length >= 1);
      assert.deepEqual(versions, versions.map((_, i) => i + 1));
      await s.migrate();
      await s.migrate();
      assert.deepEqual(await ctx.backend.appliedMigrations(s), versions);
    });

    it('several storages opening one new place at once migrate it once', async () => {
      const place = ctx.backend.freshPlace();
      const storages = await Promise.all([1, 2, 3, 4].map(() => ctx.openAt(place)));
      const tenant = newTenant();
      const { event } = await storages[0]!.inbox.accept(newEvent(tenant));
      for (const s of storages) assert.equal((await s.inbox.get(tenant, event.id))?.id, event.id);
      assert.deepEqual(await ctx.backend.appliedMigrations(storages[0]!), allVersions(storages[0]!.kind));
    });

    it('several processes migrating one new place at the same moment apply each version once', async () => {
      const place = ctx.backend.freshPlace();
      const children = [1, 2, 3, 4].map(() => forkChild({ mode: 'migrate', place, tenantId: 'unused' }));
      await Promise.all(children.map((c) => c.until(isReady)));
      for (const c of children) c.go();
      const exits = await Promise.all(children.map((c) => c.exited));
      assert.deepEqual(exits, [0, 0, 0, 0]);
      assert.ok(children.every((c) => c.messages.some((m) => m.type === 'migrated')));
      const s = await ctx.openAt(place);
      assert.deepEqual(await ctx.backend.appliedMigrations(s), allVersions(s.kind));
    });

    it('ping answers while open; close is idempotent', async () => {
      const s = await ctx.open();
      await s.ping();
      await s.close();
      await s.close();
    });
  });
}
