import pg from 'pg';
import type { Logger } from '../../logging/logger.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  /** Connections per process; the database's max_connections is shared by every API and worker process. */
  max?: number;
  logger?: Logger | undefined;
}

export function createPool(options: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    application_name: 'cosell-connector',
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would end the process.
  pool.on('error', (error) => { options.logger?.warn({ err: error }, 'idle PostgreSQL connection failed'); });
  return pool;
}

/**
 * Runs `fn` in a transaction on one pooled connection. A connection whose ROLLBACK failed is
 * destroyed rather than returned to the pool in an unknown state.
 */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
