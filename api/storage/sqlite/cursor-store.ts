import type { CursorStore } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

export class SqliteCursorStore implements CursorStore {
  constructor(private readonly conn: SqliteConnection) {}

  get(tenantId: string, name: string): Promise<string | undefined> {
    return settle(() => (this.conn.statement('SELECT value FROM cursors WHERE tenant_id = ? AND name = ?').get(tenantId, name) as { value: string } | undefined)?.value);
  }

  set(tenantId: string, name: string, value: string): Promise<void> {
    return settle(() => {
      this.conn.statement(`
        INSERT INTO cursors (tenant_id, name, value, updated_at) VALUES (@tenantId, @name, @value, @now)
        ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
        .run({ tenantId, name, value, now: new Date().toISOString() });
    });
  }
}
