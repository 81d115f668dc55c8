import { createHash } from 'node:crypto';
import type { Logger } from '../../logging/logger.js';
import { checkMigrationList, type Migration } from '../migration.js';
import { inTransaction, type Pool } from './pool.js';
import { quoteIdent, type Tables } from './tables.js';

/** One advisory-lock key per schema, so migrating one schema never waits for another. */
function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`cosell-connector:migrate:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * Applies the pending migrations in one transaction under `pg_advisory_xact_lock`: processes that
 * start together queue on the lock, the first migrates, the others then find every version applied.
 * PostgreSQL DDL is transactional, so a failed migration leaves nothing half done.
 */
export async function migratePostgres(pool: Pool, schema: string, tables: Tables, migrations: readonly Migration[], logger?: Logger): Promise<number[]> {
  checkMigrationList(migrations);
  const applied = await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(schema)]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database, which a least-privileged role may lack.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${tables.migrations}`)).rows.map((r) => r.version));
    const versions: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${tables.migrations} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      versions.push(m.version);
    }
    return versions;
  });
  if (applied.length > 0) logger?.info({ backend: 'postgres', schema, versions: applied }, 'storage migrations applied');
  return applied;
}

export async function appliedPostgresVersions(pool: Pool, tables: Tables): Promise<number[]> {
  const result = await pool.query<{ version: number }>(`SELECT version FROM ${tables.migrations} ORDER BY version`);
  return result.rows.map((r) => r.version);
}
