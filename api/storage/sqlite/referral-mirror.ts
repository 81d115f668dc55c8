import { referralColumns } from '../effects.js';
import { toStoredReferral, type ReferralRow } from '../rows.js';
import { normalizeUpdatedDateTime } from '../time.js';
import type { ReferralMirror, StoredReferral } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

/** Equality filters a list may combine, by their column. */
const FILTERS = {
  status: 'status', substatus: 'substatus', type: 'type', direction: 'direction', qualification: 'qualification', engagementId: 'engagement_id',
} as const;

type ListQuery = Parameters<ReferralMirror['list']>[1];

/**
 * Writes the referral unless the mirror holds the same or a newer version. One statement, so the
 * comparison and the write cannot be split by another writer. Returns whether it wrote.
 */
export function putReferral(conn: SqliteConnection, referral: StoredReferral): boolean {
  const c = referralColumns(referral);
  const result = conn.statement(`
    INSERT INTO referrals (tenant_id, id, updated_date_time, e_tag, status, substatus, type, direction, qualification, engagement_id, microsoft_co_sell, json)
    VALUES (@tenant_id, @id, @updated_date_time, @e_tag, @status, @substatus, @type, @direction, @qualification, @engagement_id, @microsoft_co_sell, @json)
    ON CONFLICT (tenant_id, id) DO UPDATE SET
      updated_date_time = excluded.updated_date_time, e_tag = excluded.e_tag, status = excluded.status, substatus = excluded.substatus,
      type = excluded.type, direction = excluded.direction, qualification = excluded.qualification, engagement_id = excluded.engagement_id,
      microsoft_co_sell = excluded.microsoft_co_sell, json = excluded.json
    WHERE excluded.updated_date_time > referrals.updated_date_time`).run({ ...c, microsoft_co_sell: c.microsoft_co_sell ? 1 : 0 });
  return result.changes === 1;
}

export class SqliteReferralMirror implements ReferralMirror {
  constructor(private readonly conn: SqliteConnection) {}

  get(tenantId: string, id: string): Promise<StoredReferral | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM referrals WHERE tenant_id = ? AND id = ?').get(tenantId, id) as ReferralRow | undefined;
      return row && toStoredReferral(row);
    });
  }

  put(referral: StoredReferral): Promise<boolean> {
    return settle(() => putReferral(this.conn, referral));
  }

  list(tenantId: string, query: ListQuery): Promise<StoredReferral[]> {
    return settle(() => {
      if (query.limit <= 0) return [];
      const where = ['tenant_id = @tenantId'];
      const params: Record<string, string | number> = { tenantId, limit: query.limit };
      for (const [key, column] of Object.entries(FILTERS) as [keyof typeof FILTERS, string][]) {
        const value = query[key];
        if (value === undefined) continue;
        where.push(`${column} = @${key}`);
        params[key] = value;
      }
      if (query.updatedSince !== undefined) {
        where.push('updated_date_time > @updatedSince');
        params['updatedSince'] = normalizeUpdatedDateTime(query.updatedSince);
      }
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      if (query.after) {
        where.push(`(updated_date_time, id) ${direction === 'DESC' ? '<' : '>'} (@afterUpdated, @afterId)`);
        params['afterUpdated'] = normalizeUpdatedDateTime(query.after.updatedDateTime);
        params['afterId'] = query.after.id;
      }
      const rows = this.conn.statement(`
        SELECT * FROM referrals WHERE ${where.join(' AND ')}
         ORDER BY updated_date_time ${direction}, id ${direction} LIMIT @limit`).all(params) as ReferralRow[];
      return rows.map(toStoredReferral);
    });
  }

  count(tenantId: string): Promise<number> {
    return settle(() => (this.conn.statement('SELECT count(*) AS n FROM referrals WHERE tenant_id = ?').get(tenantId) as { n: number }).n);
  }
}
