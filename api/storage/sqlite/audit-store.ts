import { sequenceId } from '../ids.js';
import { auditColumns, toAuditEntry, type AuditRow } from '../sync-rows.js';
import type { AuditEntry, AuditStore, NewAuditEntry } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

type Page = { limit: number; before?: string };

export class SqliteAuditStore implements AuditStore {
  constructor(private readonly conn: SqliteConnection) {}

  append(entries: NewAuditEntry[]): Promise<void> {
    return settle(() => {
      if (entries.length === 0) return;
      const columns = entries.map(auditColumns);
      const insert = this.conn.statement(`
        INSERT INTO audit_entries (tenant_id, referral_id, crm_object, crm_id, at, direction, action, source, fields, message)
        VALUES (@tenant_id, @referral_id, @crm_object, @crm_id, @at, @direction, @action, @source, @fields, @message)`);
      this.conn.immediate(() => { for (const c of columns) insert.run(c); });
    });
  }

  byReferral(tenantId: string, referralId: string, options: Page): Promise<AuditEntry[]> {
    return this.page('referral_id', tenantId, referralId, options);
  }

  byCrm(tenantId: string, crmId: string, options: Page): Promise<AuditEntry[]> {
    return this.page('crm_id', tenantId, crmId, options);
  }

  /** Newest first along the (tenant_id, <column>, id) index. */
  private page(column: 'referral_id' | 'crm_id', tenantId: string, value: string, options: Page): Promise<AuditEntry[]> {
    return settle(() => {
      if (options.limit <= 0) return [];
      let before = Number.MAX_SAFE_INTEGER;
      if (options.before !== undefined) {
        const seq = sequenceId(options.before);
        if (seq === undefined) return [];
        before = Number(seq);
      }
      const rows = this.conn.statement(`
        SELECT * FROM audit_entries WHERE tenant_id = ? AND ${column} = ? AND id < ?
         ORDER BY id DESC LIMIT ?`).all(tenantId, value, before, options.limit) as AuditRow[];
      return rows.map(toAuditEntry);
    });
  }
}
