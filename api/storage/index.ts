import type { Logger } from '../logging/logger.js';
import { PostgresStorage } from './postgres/postgres-storage.js';
import { SqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './types.js';

export type * from './types.js';

export interface OpenStorageOptions {
  /** PostgreSQL when set (the scale-out path); otherwise the embedded SQLite file under `dataDir`. */
  databaseUrl?: string | undefined;
  /** Where the embedded database lives (`<dataDir>/cosell.db`); created when missing. */
  dataDir: string;
  /** PostgreSQL schema holding the tables; `public` unless set. */
  schema?: string | undefined;
  /** PostgreSQL connections per process (default 10). */
  poolMax?: number | undefined;
  logger?: Logger | undefined;
}

/** Opens the configured backend and brings its schema up to date. */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const storage: Storage = options.databaseUrl
    ? new PostgresStorage({ databaseUrl: options.databaseUrl, schema: options.schema, poolMax: options.poolMax, logger: options.logger })
    : new SqliteStorage(options.dataDir, options.logger);
  try {
    await storage.migrate();
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}
