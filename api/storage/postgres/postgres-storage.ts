import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../types.js';
import { PostgresAuditStore } from './audit-store.js';
import { PostgresCursorStore } from './cursor-store.js';
import { PostgresInboxStore } from './inbox-store.js';
import { appliedPostgresVersions, migratePostgres } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresOutboxStore } from './outbox-store.js';
import { PostgresMappingStore } from './mapping-store.js';
import { createPool, type Pool } from './pool.js';
import { PostgresReferralMirror } from './referral-mirror.js';
import { PostgresSubscriptionStore } from './subscription-store.js';
import { PostgresSyncLinkStore } from './sync-link-store.js';
import { PostgresSyncQueueStore } from './sync-queue-store.js';
import { PostgresSyncRunStore } from './sync-run-store.js';
import { tablesIn, type Tables } from './tables.js';

export interface PostgresStorageOptions {
  databaseUrl: string;
  schema?: string | undefined;
  poolMax?: number | undefined;
  logger?: Logger | undefined;
}

/** The scale-out path: every API and worker process opens one of these on the same database. */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  readonly inbox: PostgresInboxStore;
  readonly referrals: PostgresReferralMirror;
  readonly subscriptions: PostgresSubscriptionStore;
  readonly outbox: PostgresOutboxStore;
  readonly cursors: PostgresCursorStore;
  readonly links: PostgresSyncLinkStore;
  readonly audit: PostgresAuditStore;
  readonly syncQueue: PostgresSyncQueueStore;
  readonly syncRuns: PostgresSyncRunStore;
  readonly mappings: PostgresMappingStore;
  readonly schema: string;
  private readonly pool: Pool;
  private readonly tables: Tables;
  private readonly logger: Logger | undefined;
  private closed = false;

  constructor(options: PostgresStorageOptions) {
    this.schema = options.schema ?? 'public';
    this.tables = tablesIn(this.schema);
    this.logger = options.logger;
    this.pool = createPool({ connectionString: options.databaseUrl, ...(options.poolMax === undefined ? {} : { max: options.poolMax }), logger: options.logger });
    this.inbox = new PostgresInboxStore(this.pool, this.tables);
    this.referrals = new PostgresReferralMirror(this.pool, this.tables);
    this.subscriptions = new PostgresSubscriptionStore(this.pool, this.tables);
    this.outbox = new PostgresOutboxStore(this.pool, this.tables);
    this.cursors = new PostgresCursorStore(this.pool, this.tables);
    this.links = new PostgresSyncLinkStore(this.pool, this.tables);
    this.audit = new PostgresAuditStore(this.pool, this.tables);
    this.syncQueue = new PostgresSyncQueueStore(this.pool, this.tables);
    this.syncRuns = new PostgresSyncRunStore(this.pool, this.tables);
    this.mappings = new PostgresMappingStore(this.pool, this.tables);
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool, this.schema, this.tables, POSTGRES_MIGRATIONS, this.logger);
  }

  appliedMigrations(): Promise<number[]> {
    return appliedPostgresVersions(this.pool, this.tables);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
