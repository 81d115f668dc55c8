import { referralColumns } from '../effects.js';
import { toStoredReferral, type ReferralRow } from '../rows.js';
import { normalizeUpdatedDateTime } from '../time.js';
import type { ReferralMirror, StoredReferral } from '../types.js';
import type { Pool, PoolClient } from './pool.js';
import type { Tables } from './tables.js';

const FILTERS = {
  status: 'status', substatus: 'substatus', type: 'type', direction: 'direction', qualification: 'qualification', engagementId: 'engagement_id',
} as const;

type ListQuery = Parameters<ReferralMirror['list']>[1];

/**
 * Writes the referral unless the mirror holds the same or a newer version. ON CONFLICT locks the
 * existing row before its WHERE is evaluated, so two concurrent writers of one referral are
 * serialized and the older version can never win. Returns whether it wrote.
 */
export async function putReferral(db: Pool | PoolClient, t: Tables, referral: StoredReferral): Promise<boolean> {
  const c = referralColumns(referral);
  const result = await db.query(`
    INSERT INTO ${t.referrals} AS r (tenant_id, id, updated_date_time, e_tag, status, substatus, type, direction, qualification, engagement_id, microsoft_co_sell, json)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT (tenant_id, id) DO UPDATE SET
      updated_date_time = excluded.updated_date_time, e_tag = excluded.e_tag, status = excluded.status, substatus = excluded.substatus,
      type = excluded.type, direction = excluded.direction, qualification = excluded.qualification, engagement_id = excluded.engagement_id,
      microsoft_co_sell = excluded.microsoft_co_sell, json = excluded.json
    WHERE excluded.updated_date_time > r.updated_date_time`,
  [c.tenant_id, c.id, c.updated_date_time, c.e_tag, c.status, c.substatus, c.type, c.direction, c.qualification, c.engagement_id, c.microsoft_co_sell, c.json]);
  return result.rowCount === 1;
}

export class PostgresReferralMirror implements ReferralMirror {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async get(tenantId: string, id: string): Promise<StoredReferral | undefined> {
    const result = await this.pool.query<ReferralRow>(`SELECT * FROM ${this.t.referrals} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    const row = result.rows[0];
    return row && toStoredReferral(row);
  }

  put(referral: StoredReferral): Promise<boolean> {
    return putReferral(this.pool, this.t, referral);
  }

  async list(tenantId: string, query: ListQuery): Promise<StoredReferral[]> {
    if (query.limit <= 0) return [];
    const params: unknown[] = [tenantId];
    const next = (value: unknown): string => { params.push(value); return `$${params.length}`; };
    const where = ['tenant_id = $1'];
    for (const [key, column] of Object.entries(FILTERS) as [keyof typeof FILTERS, string][]) {
      const value = query[key];
      if (value !== undefined) where.push(`${column} = ${next(value)}`);
    }
    if (query.updatedSince !== undefined) where.push(`updated_date_time > ${next(normalizeUpdatedDateTime(query.updatedSince))}`);
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    if (query.after) {
      const updated = next(normalizeUpdatedDateTime(query.after.updatedDateTime));
      where.push(`(updated_date_time, id) ${direction === 'DESC' ? '<' : '>'} (${updated}, ${next(query.after.id)})`);
    }
    const result = await this.pool.query<ReferralRow>(`
      SELECT * FROM ${this.t.referrals} WHERE ${where.join(' AND ')}
       ORDER BY updated_date_time ${direction}, id ${direction} LIMIT ${next(query.limit)}`, params);
    return result.rows.map(toStoredReferral);
  }

  async count(tenantId: string): Promise<number> {
    const result = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.referrals} WHERE tenant_id = $1`, [tenantId]);
    return Number(result.rows[0]?.n ?? 0);
  }
}
