import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../types.js';
import { SqliteAuditStore } from './audit-store.js';
import { settle, SqliteConnection } from './connection.js';
import { SqliteCursorStore } from './cursor-store.js';
import { SqliteInboxStore } from './inbox-store.js';
import { SqliteMappingStore } from './mapping-store.js';
import { appliedSqliteVersions, migrateSqlite } from './migrate.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteOutboxStore } from './outbox-store.js';
import { SqliteReferralMirror } from './referral-mirror.js';
import { SqliteSubscriptionStore } from './subscription-store.js';
import { SqliteSyncLinkStore } from './sync-link-store.js';
import { SqliteSyncQueueStore } from './sync-queue-store.js';
import { SqliteSyncRunStore } from './sync-run-store.js';

/** The embedded default: `<dataDir>/cosell.db`, no set-up. */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly inbox: SqliteInboxStore;
  readonly referrals: SqliteReferralMirror;
  readonly subscriptions: SqliteSubscriptionStore;
  readonly outbox: SqliteOutboxStore;
  readonly cursors: SqliteCursorStore;
  readonly links: SqliteSyncLinkStore;
  readonly audit: SqliteAuditStore;
  readonly syncQueue: SqliteSyncQueueStore;
  readonly syncRuns: SqliteSyncRunStore;
  readonly mappings: SqliteMappingStore;
  private readonly conn: SqliteConnection;

  constructor(dataDir: string, private readonly logger?: Logger) {
    this.conn = new SqliteConnection(dataDir);
    this.inbox = new SqliteInboxStore(this.conn);
    this.referrals = new SqliteReferralMirror(this.conn);
    this.subscriptions = new SqliteSubscriptionStore(this.conn);
    this.outbox = new SqliteOutboxStore(this.conn);
    this.cursors = new SqliteCursorStore(this.conn);
    this.links = new SqliteSyncLinkStore(this.conn);
    this.audit = new SqliteAuditStore(this.conn);
    this.syncQueue = new SqliteSyncQueueStore(this.conn);
    this.syncRuns = new SqliteSyncRunStore(this.conn);
    this.mappings = new SqliteMappingStore(this.conn);
  }

  migrate(): Promise<void> {
    return settle(() => { migrateSqlite(this.conn, SQLITE_MIGRATIONS, this.logger); });
  }

  appliedMigrations(): Promise<number[]> {
    return settle(() => appliedSqliteVersions(this.conn));
  }

  ping(): Promise<void> {
    return settle(() => { this.conn.statement('SELECT 1').get(); });
  }

  close(): Promise<void> {
    return settle(() => { if (this.conn.db.open) this.conn.close(); });
  }
}
