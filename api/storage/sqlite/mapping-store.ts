import { newMappingETag, NO_OVERRIDE_ETAG, toStoredMapping, type MappingRow } from '../sync-rows.js';
import { toInstant } from '../time.js';
import type { MappingStore, StoredMapping } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

export class SqliteMappingStore implements MappingStore {
  constructor(private readonly conn: SqliteConnection) {}

  get(tenantId: string, crm: StoredMapping['crm']): Promise<StoredMapping | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM mappings WHERE tenant_id = ? AND crm = ?').get(tenantId, crm) as MappingRow | undefined;
      return row && toStoredMapping(row);
    });
  }

  /** Each case is one statement, so the eTag check and the write cannot be split by another writer. */
  put(mapping: Omit<StoredMapping, 'eTag'>, options: { ifMatch?: string } = {}): Promise<StoredMapping | undefined> {
    return settle(() => {
      const params = { tenantId: mapping.tenantId, crm: mapping.crm, json: mapping.json, eTag: newMappingETag(), updatedAt: toInstant(mapping.updatedAt) };
      const insert = 'INSERT INTO mappings (tenant_id, crm, json, e_tag, updated_at) VALUES (@tenantId, @crm, @json, @eTag, @updatedAt)';
      let row: MappingRow | undefined;
      if (options.ifMatch === undefined) {
        row = this.conn.statement(`${insert}
          ON CONFLICT (tenant_id, crm) DO UPDATE SET json = excluded.json, e_tag = excluded.e_tag, updated_at = excluded.updated_at
          RETURNING *`).get(params) as MappingRow;
      } else if (options.ifMatch === NO_OVERRIDE_ETAG) {
        row = this.conn.statement(`${insert} ON CONFLICT (tenant_id, crm) DO NOTHING RETURNING *`).get(params) as MappingRow | undefined;
      } else {
        row = this.conn.statement(`
          UPDATE mappings SET json = @json, e_tag = @eTag, updated_at = @updatedAt
           WHERE tenant_id = @tenantId AND crm = @crm AND e_tag = @ifMatch
          RETURNING *`).get({ ...params, ifMatch: options.ifMatch }) as MappingRow | undefined;
      }
      return row && toStoredMapping(row);
    });
  }

  delete(tenantId: string, crm: StoredMapping['crm']): Promise<boolean> {
    return settle(() => this.conn.statement('DELETE FROM mappings WHERE tenant_id = ? AND crm = ?').run(tenantId, crm).changes === 1);
  }
}
