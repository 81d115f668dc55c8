import { SyncLinkConflictError } from '../errors.js';
import { linkColumns, toSyncLink, type SyncLinkRow } from '../sync-rows.js';
import type { SyncLink, SyncLinkStore } from '../types.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';
import type { Tables } from './tables.js';

/** Only the referral index can fail an upsert on the CRM key. */
function isReferralConflict(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === 'sync_links_by_referral';
}

export class PostgresSyncLinkStore implements SyncLinkStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async byReferral(tenantId: string, referralId: string): Promise<SyncLink | undefined> {
    const result = await this.pool.query<SyncLinkRow>(`SELECT * FROM ${this.t.links} WHERE tenant_id = $1 AND referral_id = $2`, [tenantId, referralId]);
    const row = result.rows[0];
    return row && toSyncLink(row);
  }

  async byCrm(tenantId: string, crmId: string): Promise<SyncLink | undefined> {
    const result = await this.pool.query<SyncLinkRow>(`SELECT * FROM ${this.t.links} WHERE tenant_id = $1 AND crm_id = $2`, [tenantId, crmId]);
    const row = result.rows[0];
    return row && toSyncLink(row);
  }

  put(link: SyncLink): Promise<void> {
    return this.write(this.pool, link);
  }

  /** One statement per link, in order, so a batch means exactly what the same puts one by one would. */
  async putMany(links: SyncLink[]): Promise<void> {
    if (links.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      for (const link of links) await this.write(client, link);
    });
  }

  private async write(db: Pool | PoolClient, link: SyncLink): Promise<void> {
    const c = linkColumns(link);
    try {
      await db.query(`
        INSERT INTO ${this.t.links} (tenant_id, crm_id, referral_id, crm_object, base, crm_fingerprint, referral_version, crm_version, state, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (tenant_id, crm_id) DO UPDATE SET
          referral_id = excluded.referral_id, crm_object = excluded.crm_object, base = excluded.base, crm_fingerprint = excluded.crm_fingerprint,
          referral_version = excluded.referral_version, crm_version = excluded.crm_version, state = excluded.state, updated_at = excluded.updated_at`,
      [c.tenant_id, c.crm_id, c.referral_id, c.crm_object, c.base, c.crm_fingerprint, c.referral_version, c.crm_version, c.state, c.updated_at]);
    } catch (error) {
      if (link.referralId !== null && isReferralConflict(error)) throw new SyncLinkConflictError(link.tenantId, link.referralId);
      throw error;
    }
  }

  async delete(tenantId: string, crmId: string): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM ${this.t.links} WHERE tenant_id = $1 AND crm_id = $2`, [tenantId, crmId]);
    return result.rowCount === 1;
  }

  async list(tenantId: string, options: { limit: number; afterCrmId?: string }): Promise<SyncLink[]> {
    if (options.limit <= 0) return [];
    const result = await this.pool.query<SyncLinkRow>(`
      SELECT * FROM ${this.t.links} WHERE tenant_id = $1 AND ($2::text IS NULL OR crm_id > $2::text)
       ORDER BY crm_id LIMIT $3`, [tenantId, options.afterCrmId ?? null, options.limit]);
    return result.rows.map(toSyncLink);
  }

  async count(tenantId: string): Promise<number> {
    const result = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.links} WHERE tenant_id = $1`, [tenantId]);
    return Number(result.rows[0]?.n ?? 0);
  }
}
