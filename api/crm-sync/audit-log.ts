import type { Clock } from '../domain/clock.js';
import { auditFieldText } from '../domain/sync/index.js';
import type { AuditAction, AuditDirection, AuditFieldChange, Storage } from '../storage/types.js';
import type { JobSource, TenantSync } from './context.js';

export interface EntryDraft { direction: AuditDirection; action: AuditAction; fields: AuditFieldChange[]; message: string }
export interface AuditTarget { referralId: string | null; crmObject: string | null; crmId: string | null }

/** Audit entries of one job, and the Audit field summary written with the job's CRM update. */
export class AuditLog {
  constructor(private readonly storage: Storage, private readonly ctx: TenantSync, private readonly clock: Clock, private readonly source: JobSource) {}

  async append(target: AuditTarget, ...drafts: EntryDraft[]): Promise<void> {
    const at = this.clock().toISOString();
    await this.storage.audit.append(drafts.map((d) => ({ tenantId: this.ctx.tenantId, referralId: target.referralId, crmObject: target.crmObject, crmId: target.crmId, at, source: this.source, ...d })));
  }

  /** Appends, and when asked (and the record exists) writes the refreshed summary to the Audit field. */
  async record(target: AuditTarget, draft: EntryDraft, options: { updateField: boolean }): Promise<void> {
    if (options.updateField && target.crmId !== null && target.crmObject !== null && this.ctx.system.audit !== undefined) {
      const fields: Record<string, unknown> = {};
      await this.prepareField(fields, target.crmId, draft);
      await this.ctx.gateway.updateMany(target.crmObject, [{ id: target.crmId, fields }]);
    }
    await this.append(target, draft);
  }

  /** Puts the Audit summary (the new entries first, then the stored ones) into `fields`, to be written with them. */
  async prepareField(fields: Record<string, unknown>, crmId: string | null, ...drafts: EntryDraft[]): Promise<void> {
    const field = this.ctx.system.audit;
    if (field === undefined || drafts.length === 0) return;
    const at = this.clock().toISOString();
    const stored = crmId === null ? [] : await this.storage.audit.byCrm(this.ctx.tenantId, crmId, { limit: 50 });
    fields[field] = auditFieldText([...drafts.map((d) => ({ ...d, at })).reverse(), ...stored], this.ctx.settings.auditMaxChars);
  }

  /** A skip notice, unless the newest entry of the referral already says it. */
  async once(target: AuditTarget & { referralId: string | null }, _referral: unknown, message: string): Promise<void> {
    const [last] = target.referralId === null ? [] : await this.storage.audit.byReferral(this.ctx.tenantId, target.referralId, { limit: 1 });
    if (last?.message === message) return;
    await this.append(target, { direction: 'none', action: 'skipped', fields: [], message });
  }
}
