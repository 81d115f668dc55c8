import type { Migration } from '../migration.js';

/**
 * The SQLite schema, one entry per version; never edit an applied entry, add the next one.
 * STRICT tables reject a value of the wrong type instead of storing it. Times are ISO-8601 text of
 * fixed width (see ../time.ts), so comparing strings compares instants.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inbox, referral mirror, subscriptions, outbox, cursors',
    sql: `
      CREATE TABLE inbox_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        event_name TEXT NOT NULL,
        resource_id TEXT,
        resource_change_at TEXT,
        body TEXT NOT NULL,
        received_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'done', 'dead')),
        outcome TEXT CHECK (outcome IN ('applied', 'stale', 'ignored')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        locked_by TEXT,
        locked_until TEXT,
        last_error TEXT,
        processed_at TEXT,
        UNIQUE (tenant_id, dedupe_key)
      ) STRICT;
      CREATE INDEX inbox_events_due ON inbox_events (status, next_attempt_at);
      CREATE INDEX inbox_events_by_tenant_status ON inbox_events (tenant_id, status, id);

      CREATE TABLE referrals (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        updated_date_time TEXT NOT NULL,
        e_tag TEXT NOT NULL,
        status TEXT NOT NULL,
        substatus TEXT NOT NULL,
        type TEXT NOT NULL,
        direction TEXT NOT NULL,
        qualification TEXT,
        engagement_id TEXT,
        microsoft_co_sell INTEGER NOT NULL CHECK (microsoft_co_sell IN (0, 1)),
        json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX referrals_by_update ON referrals (tenant_id, updated_date_time, id);

      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('referral-created', 'referral-updated')),
        callback_url TEXT NOT NULL,
        only_microsoft_co_sell INTEGER NOT NULL CHECK (only_microsoft_co_sell IN (0, 1)),
        secret TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        disabled_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant_id, event, status);

      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        locked_by TEXT,
        locked_until TEXT,
        last_error TEXT,
        last_status_code INTEGER,
        delivered_at TEXT,
        UNIQUE (subscription_id, message_id)
      ) STRICT;
      CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
      CREATE INDEX deliveries_by_subscription ON deliveries (tenant_id, subscription_id, id);

      CREATE TABLE cursors (
        tenant_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, name)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'referral mirror as a rowid table',
    // WITHOUT ROWID suits small rows only: with each row's 2 KB of JSON, paging by the update-time index
    // cost a primary-key search per row. A rowid table with the key as a UNIQUE index reads a page of 100
    // about three times faster.
    sql: `
      CREATE TABLE referrals_v2 (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        updated_date_time TEXT NOT NULL,
        e_tag TEXT NOT NULL,
        status TEXT NOT NULL,
        substatus TEXT NOT NULL,
        type TEXT NOT NULL,
        direction TEXT NOT NULL,
        qualification TEXT,
        engagement_id TEXT,
        microsoft_co_sell INTEGER NOT NULL CHECK (microsoft_co_sell IN (0, 1)),
        json TEXT NOT NULL,
        UNIQUE (tenant_id, id)
      ) STRICT;
      INSERT INTO referrals_v2 (tenant_id, id, updated_date_time, e_tag, status, substatus, type, direction, qualification, engagement_id, microsoft_co_sell, json)
        SELECT tenant_id, id, updated_date_time, e_tag, status, substatus, type, direction, qualification, engagement_id, microsoft_co_sell, json FROM referrals;
      DROP TABLE referrals;
      ALTER TABLE referrals_v2 RENAME TO referrals;
      CREATE INDEX referrals_by_update ON referrals (tenant_id, updated_date_time, id);
    `,
  },
  {
    version: 3,
    name: 'sync engine: links, audit, sync queue, runs, mapping overrides',
    sql: `
      CREATE TABLE sync_links (
        tenant_id TEXT NOT NULL,
        crm_id TEXT NOT NULL,
        referral_id TEXT,
        crm_object TEXT NOT NULL,
        base TEXT NOT NULL,
        crm_fingerprint TEXT,
        referral_version TEXT,
        crm_version TEXT,
        state TEXT NOT NULL CHECK (state IN ('active', 'crm-deleted')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, crm_id)
      ) STRICT;
      CREATE UNIQUE INDEX sync_links_by_referral ON sync_links (tenant_id, referral_id) WHERE referral_id IS NOT NULL;

      CREATE TABLE audit_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        referral_id TEXT,
        crm_object TEXT,
        crm_id TEXT,
        at TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('toCrm', 'toPartnerCenter', 'none')),
        action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'skipped', 'failed', 'conflict', 'deleted', 'linked')),
        source TEXT NOT NULL CHECK (source IN ('webhook', 'poll', 'api', 'reconciliation')),
        fields TEXT NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entries_by_referral ON audit_entries (tenant_id, referral_id, id);
      CREATE INDEX audit_entries_by_crm ON audit_entries (tenant_id, crm_id, id);

      -- AUTOINCREMENT: finished jobs are deleted, and a reused id could let a stale worker finish a newer job.
      CREATE TABLE sync_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        key TEXT NOT NULL,
        generation INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        locked_by TEXT,
        locked_until TEXT,
        last_error TEXT,
        enqueued_at TEXT NOT NULL,
        UNIQUE (tenant_id, key)
      ) STRICT;
      CREATE INDEX sync_jobs_due ON sync_jobs (status, next_attempt_at);
      CREATE INDEX sync_jobs_by_tenant_status ON sync_jobs (tenant_id, status, id);

      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reconcile', 'backfill')),
        dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed')),
        cursor TEXT,
        total INTEGER,
        processed INTEGER NOT NULL,
        drifted INTEGER NOT NULL,
        repaired INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        report TEXT NOT NULL,
        locked_by TEXT,
        locked_until TEXT,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX sync_runs_by_tenant ON sync_runs (tenant_id, started_at, id);
      CREATE INDEX sync_runs_running ON sync_runs (status, started_at);

      CREATE TABLE mappings (
        tenant_id TEXT NOT NULL,
        crm TEXT NOT NULL CHECK (crm IN ('salesforce', 'dynamics365')),
        json TEXT NOT NULL,
        e_tag TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, crm)
      ) STRICT;
    `,
  },
];
