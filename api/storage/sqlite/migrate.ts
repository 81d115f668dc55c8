import type { Logger } from '../../logging/logger.js';
import { checkMigrationList, type Migration } from '../migration.js';
import type { SqliteConnection } from './connection.js';

/**
 * Applies the pending migrations in one `BEGIN IMMEDIATE` transaction: a second process migrating
 * the same file waits for the write lock (busy_timeout), then finds every version applied.
 */
export function migrateSqlite(conn: SqliteConnection, migrations: readonly Migration[], logger?: Logger): number[] {
  checkMigrationList(migrations);
  const applied: number[] = [];
  conn.immediate(() => {
    conn.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const done = new Set((conn.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const record = conn.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      conn.db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
  });
  if (applied.length > 0) logger?.info({ backend: 'sqlite', versions: applied }, 'storage migrations applied');
  return applied;
}

/** Versions recorded as applied (for tests and diagnostics). */
export function appliedSqliteVersions(conn: SqliteConnection): number[] {
  return (conn.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
}
