import { SyncLinkConflictError } from '../errors.js';
import { linkColumns, toSyncLink, type SyncLinkRow } from '../sync-rows.js';
import type { SyncLink, SyncLinkStore } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

const UPSERT = `
  INSERT INTO sync_links (tenant_id, crm_id, referral_id, crm_object, base, crm_fingerprint, referral_version, crm_version, state, updated_at)
  VALUES (@tenant_id, @crm_id, @referral_id, @crm_object, @base, @crm_fingerprint, @referral_version, @crm_version, @state, @updated_at)
  ON CONFLICT (tenant_id, crm_id) DO UPDATE SET
    referral_id = excluded.referral_id, crm_object = excluded.crm_object, base = excluded.base, crm_fingerprint = excluded.crm_fingerprint,
    referral_version = excluded.referral_version, crm_version = excluded.crm_version, state = excluded.state, updated_at = excluded.updated_at`;

/** SQLite names the violated index's columns; only the referral index can fail an upsert on the CRM key. */
function isReferralConflict(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('sync_links.referral_id');
}

export class SqliteSyncLinkStore implements SyncLinkStore {
  constructor(private readonly conn: SqliteConnection) {}

  byReferral(tenantId: string, referralId: string): Promise<SyncLink | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM sync_links WHERE tenant_id = ? AND referral_id = ?').get(tenantId, referralId) as SyncLinkRow | undefined;
      return row && toSyncLink(row);
    });
  }

  byCrm(tenantId: string, crmId: string): Promise<SyncLink | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM sync_links WHERE tenant_id = ? AND crm_id = ?').get(tenantId, crmId) as SyncLinkRow | undefined;
      return row && toSyncLink(row);
    });
  }

  put(link: SyncLink): Promise<void> {
    return settle(() => { this.write(link); });
  }

  putMany(links: SyncLink[]): Promise<void> {
    return settle(() => { this.conn.immediate(() => { for (const link of links) this.write(link); }); });
  }

  private write(link: SyncLink): void {
    try {
      this.conn.statement(UPSERT).run(linkColumns(link));
    } catch (error) {
      if (link.referralId !== null && isReferralConflict(error)) throw new SyncLinkConflictError(link.tenantId, link.referralId);
      throw error;
    }
  }

  delete(tenantId: string, crmId: string): Promise<boolean> {
    return settle(() => this.conn.statement('DELETE FROM sync_links WHERE tenant_id = ? AND crm_id = ?').run(tenantId, crmId).changes === 1);
  }

  list(tenantId: string, options: { limit: number; afterCrmId?: string }): Promise<SyncLink[]> {
    return settle(() => {
      if (options.limit <= 0) return [];
      const rows = (options.afterCrmId === undefined
        ? this.conn.statement('SELECT * FROM sync_links WHERE tenant_id = ? ORDER BY crm_id LIMIT ?').all(tenantId, options.limit)
        : this.conn.statement('SELECT * FROM sync_links WHERE tenant_id = ? AND crm_id > ? ORDER BY crm_id LIMIT ?')
          .all(tenantId, options.afterCrmId, options.limit)) as SyncLinkRow[];
      return rows.map(toSyncLink);
    });
  }

  count(tenantId: string): Promise<number> {
    return settle(() => (this.conn.statement('SELECT count(*) AS n FROM sync_links WHERE tenant_id = ?').get(tenantId) as { n: number }).n);
  }
}
