import { sequenceId } from '../ids.js';
import { auditColumns, toAuditEntry, type AuditRow } from '../sync-rows.js';
import type { AuditEntry, AuditStore, NewAuditEntry } from '../types.js';
import type { Pool } from './pool.js';
import type { Tables } from './tables.js';

type Page = { limit: number; before?: string };

export class PostgresAuditStore implements AuditStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  /** One multi-row INSERT: atomic on its own, and ids follow the entries' order. */
  async append(entries: NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const cols = entries.map(auditColumns);
    const col = <K extends keyof (typeof cols)[number]>(k: K) => cols.map((c) => c[k]);
    await this.pool.query(`
      INSERT INTO ${this.t.audit} (tenant_id, referral_id, crm_object, crm_id, at, direction, action, source, fields, message)
      SELECT tenant_id, referral_id, crm_object, crm_id, at, direction, action, source, fields, message
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
             WITH ORDINALITY AS e(tenant_id, referral_id, crm_object, crm_id, at, direction, action, source, fields, message, n)
       ORDER BY n`,
    [col('tenant_id'), col('referral_id'), col('crm_object'), col('crm_id'), col('at'), col('direction'), col('action'), col('source'), col('fields'), col('message')]);
  }

  byReferral(tenantId: string, referralId: string, options: Page): Promise<AuditEntry[]> {
    return this.page('referral_id', tenantId, referralId, options);
  }

  byCrm(tenantId: string, crmId: string, options: Page): Promise<AuditEntry[]> {
    return this.page('crm_id', tenantId, crmId, options);
  }

  /** Newest first along the (tenant_id, <column>, id) index. */
  private async page(column: 'referral_id' | 'crm_id', tenantId: string, value: string, options: Page): Promise<AuditEntry[]> {
    if (options.limit <= 0) return [];
    let before: string | undefined;
    if (options.before !== undefined) {
      before = sequenceId(options.before);
      if (before === undefined) return [];
    }
    const result = await this.pool.query<AuditRow>(`
      SELECT * FROM ${this.t.audit} WHERE tenant_id = $1 AND ${column} = $2 AND ($3::bigint IS NULL OR id < $3::bigint)
       ORDER BY id DESC LIMIT $4`, [tenantId, value, before ?? null, options.limit]);
    return result.rows.map(toAuditEntry);
  }
}
