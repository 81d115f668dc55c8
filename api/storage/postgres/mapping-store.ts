import { newMappingETag, NO_OVERRIDE_ETAG, toStoredMapping, type MappingRow } from '../sync-rows.js';
import { toInstant } from '../time.js';
import type { MappingStore, StoredMapping } from '../types.js';
import type { Pool } from './pool.js';
import type { Tables } from './tables.js';

export class PostgresMappingStore implements MappingStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async get(tenantId: string, crm: StoredMapping['crm']): Promise<StoredMapping | undefined> {
    const result = await this.pool.query<MappingRow>(`SELECT * FROM ${this.t.mappings} WHERE tenant_id = $1 AND crm = $2`, [tenantId, crm]);
    const row = result.rows[0];
    return row && toStoredMapping(row);
  }

  /**
   * Each case is one statement. The conditional UPDATE re-checks the eTag under the row lock, so of
   * two puts with the same If-Match only one writes; ON CONFLICT DO NOTHING does the same for 'default'.
   */
  async put(mapping: Omit<StoredMapping, 'eTag'>, options: { ifMatch?: string } = {}): Promise<StoredMapping | undefined> {
    const params = [mapping.tenantId, mapping.crm, mapping.json, newMappingETag(), toInstant(mapping.updatedAt)];
    const insert = `INSERT INTO ${this.t.mappings} (tenant_id, crm, json, e_tag, updated_at) VALUES ($1, $2, $3, $4, $5)`;
    let result;
    if (options.ifMatch === undefined) {
      result = await this.pool.query<MappingRow>(`${insert}
        ON CONFLICT (tenant_id, crm) DO UPDATE SET json = excluded.json, e_tag = excluded.e_tag, updated_at = excluded.updated_at
        RETURNING *`, params);
    } else if (options.ifMatch === NO_OVERRIDE_ETAG) {
      result = await this.pool.query<MappingRow>(`${insert} ON CONFLICT (tenant_id, crm) DO NOTHING RETURNING *`, params);
    } else {
      result = await this.pool.query<MappingRow>(`
        UPDATE ${this.t.mappings} SET json = $3, e_tag = $4, updated_at = $5
         WHERE tenant_id = $1 AND crm = $2 AND e_tag = $6
        RETURNING *`, [...params, options.ifMatch]);
    }
    const row = result.rows[0];
    return row && toStoredMapping(row);
  }

  async delete(tenantId: string, crm: StoredMapping['crm']): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM ${this.t.mappings} WHERE tenant_id = $1 AND crm = $2`, [tenantId, crm]);
    return result.rowCount === 1;
  }
}
