import type { CursorStore } from '../types.js';
import type { Pool } from './pool.js';
import type { Tables } from './tables.js';

export class PostgresCursorStore implements CursorStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async get(tenantId: string, name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.t.cursors} WHERE tenant_id = $1 AND name = $2`, [tenantId, name]);
    return result.rows[0]?.value;
  }

  async set(tenantId: string, name: string, value: string): Promise<void> {
    await this.pool.query(`
      INSERT INTO ${this.t.cursors} (tenant_id, name, value, updated_at) VALUES ($1, $2, $3, now())
      ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, [tenantId, name, value]);
  }
}
