import assert from 'node:assert/strict';
import type { AuditEntry, NewAuditEntry } from '../../../api/storage/types.js';
import { newAuditEntry, newTenant } from '../fixtures.js';
import type { ContractContext } from './context.js';

const withoutId = ({ id: _, ...entry }: AuditEntry): NewAuditEntry => entry;

export function auditContract(ctx: ContractContext): void {
  describe('audit', () => {
    it('append stores entries as given, fields included, with increasing ids', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const first = newAuditEntry(tenant, {
        action: 'conflict', direction: 'toPartnerCenter', source: 'reconciliation',
        fields: [{ field: 'closeDate', from: '2026-01-31', to: '2026-02-28', winner: 'crm' }, { field: 'contacts', from: [{ email: 'a@contoso.com' }], to: null }],
      });
      const second = newAuditEntry(tenant, { action: 'linked', direction: 'none', source: 'api', fields: [] });
      await s.audit.append([first, second]);
      const entries = await s.audit.byReferral(tenant, 'ref-1', { limit: 10 });
      assert.deepEqual(entries.map(withoutId), [second, first]);
      assert.match(entries[0]!.id, /^\d+$/);
      assert.ok(Number(entries[0]!.id) > Number(entries[1]!.id));
      await s.audit.append([]);
    });

    it('byReferral pages newest first with `before`', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      for (let i = 0; i < 5; i += 1) await s.audit.append([newAuditEntry(tenant, { message: `m${i}` })]);
      await s.audit.append([newAuditEntry(tenant, { referralId: 'ref-2', message: 'other referral' })]);
      const page1 = await s.audit.byReferral(tenant, 'ref-1', { limit: 2 });
      const page2 = await s.audit.byReferral(tenant, 'ref-1', { limit: 2, before: page1.at(-1)!.id });
      const page3 = await s.audit.byReferral(tenant, 'ref-1', { limit: 2, before: page2.at(-1)!.id });
      assert.deepEqual([page1, page2, page3].map((p) => p.map((e) => e.message)), [['m4', 'm3'], ['m2', 'm1'], ['m0']]);
      assert.deepEqual(await s.audit.byReferral(tenant, 'ref-1', { limit: 2, before: page3[0]!.id }), []);
      assert.deepEqual(await s.audit.byReferral(tenant, 'ref-1', { limit: 2, before: 'nonsense' }), []);
      assert.deepEqual(await s.audit.byReferral(tenant, 'ref-1', { limit: 0 }), []);
    });

    it('byCrm finds a record\'s entries, those without a referral too, newest first', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      await s.audit.append([
        newAuditEntry(tenant, { crmId: 'A', referralId: null, action: 'created', message: 'before the referral existed' }),
        newAuditEntry(tenant, { crmId: 'B', referralId: 'ref-b', message: 'another record' }),
        newAuditEntry(tenant, { crmId: 'A', referralId: 'ref-a', message: 'linked' }),
        newAuditEntry(tenant, { crmId: null, referralId: 'ref-a', message: 'no CRM side' }),
      ]);
      const page1 = await s.audit.byCrm(tenant, 'A', { limit: 1 });
      const page2 = await s.audit.byCrm(tenant, 'A', { limit: 5, before: page1[0]!.id });
      assert.deepEqual([...page1, ...page2].map((e) => e.message), ['linked', 'before the referral existed']);
      assert.deepEqual((await s.audit.byReferral(tenant, 'ref-a', { limit: 5 })).map((e) => e.message), ['no CRM side', 'linked']);
    });

    it('entries are per tenant', async () => {
      const s = await ctx.open();
      const a = newTenant();
      const b = newTenant();
      await s.audit.append([newAuditEntry(a, { message: 'a' }), newAuditEntry(b, { message: 'b' })]);
      assert.deepEqual((await s.audit.byReferral(a, 'ref-1', { limit: 10 })).map((e) => [e.tenantId, e.message]), [[a, 'a']]);
      assert.deepEqual((await s.audit.byCrm(b, '006000000000001', { limit: 10 })).map((e) => [e.tenantId, e.message]), [[b, 'b']]);
      assert.deepEqual(await s.audit.byReferral(newTenant(), 'ref-1', { limit: 10 }), []);
    });

    it('append is all or nothing', async () => {
      const s = await ctx.open();
      const tenant = newTenant();
      const bad = { ...newAuditEntry(tenant), action: 'exploded' } as unknown as NewAuditEntry;
      await assert.rejects(s.audit.append([newAuditEntry(tenant, { message: 'good' }), bad]));
      assert.deepEqual(await s.audit.byReferral(tenant, 'ref-1', { limit: 10 }), []);
    });
  });
}
