import type { Migration } from '../migration.js';

/**
 * The PostgreSQL schema, one entry per version; never edit an applied entry, add the next one.
 * Statements are unqualified: migrate() runs them with `SET LOCAL search_path` to the target schema.
 * `updated_date_time` is text, not timestamptz: Partner Center's 7 fractional digits are finer than
 * timestamptz's microseconds, and the fixed-width form (../time.ts) orders exactly under COLLATE "C".
 * Referral ids are COLLATE "C" too, so ties order byte by byte, as in SQLite.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inbox, referral mirror, subscriptions, outbox, cursors',
    sql: `
      CREATE TABLE inbox_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        dedupe_key text NOT NULL,
        event_name text NOT NULL,
        resource_id text,
        resource_change_at text,
        body text NOT NULL,
        received_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'done', 'dead')),
        outcome text CHECK (outcome IN ('applied', 'stale', 'ignored')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        processed_at timestamptz,
        UNIQUE (tenant_id, dedupe_key)
      );
      CREATE INDEX inbox_events_due ON inbox_events (status, next_attempt_at);
      CREATE INDEX inbox_events_by_tenant_status ON inbox_events (tenant_id, status, id);

      CREATE TABLE referrals (
        tenant_id text NOT NULL,
        id text COLLATE "C" NOT NULL,
        updated_date_time text COLLATE "C" NOT NULL
          CHECK (updated_date_time ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{7}Z$'),
        e_tag text NOT NULL,
        status text NOT NULL,
        substatus text NOT NULL,
        type text NOT NULL,
        direction text NOT NULL,
        qualification text,
        engagement_id text,
        microsoft_co_sell boolean NOT NULL,
        json text NOT NULL,
        PRIMARY KEY (tenant_id, id)
      );
      CREATE INDEX referrals_by_update ON referrals (tenant_id, updated_date_time, id);

      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        event text NOT NULL CHECK (event IN ('referral-created', 'referral-updated')),
        callback_url text NOT NULL,
        only_microsoft_co_sell boolean NOT NULL,
        secret text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX subscriptions_by_tenant ON subscriptions (tenant_id, event, status);

      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        subscription_id text NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        message_id text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        last_status_code integer,
        delivered_at timestamptz,
        UNIQUE (subscription_id, message_id)
      );
      CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
      CREATE INDEX deliveries_by_subscription ON deliveries (tenant_id, subscription_id, id);

      CREATE TABLE cursors (
        tenant_id text NOT NULL,
        name text NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, name)
      );
    `,
  },
  {
    // Version 2 here, 3 in SQLite: the versions count each backend's own changes (SQLite's 2 rebuilt a table PostgreSQL never needed).
    version: 2,
    name: 'sync engine: links, audit, sync queue, runs, mapping overrides',
    sql: `
      CREATE TABLE sync_links (
        tenant_id text NOT NULL,
        crm_id text COLLATE "C" NOT NULL,
        referral_id text COLLATE "C",
        crm_object text NOT NULL,
        base text NOT NULL,
        crm_fingerprint text,
        referral_version text,
        crm_version text,
        state text NOT NULL CHECK (state IN ('active', 'crm-deleted')),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, crm_id)
      );
      CREATE UNIQUE INDEX sync_links_by_referral ON sync_links (tenant_id, referral_id) WHERE referral_id IS NOT NULL;

      CREATE TABLE audit_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        referral_id text,
        crm_object text,
        crm_id text,
        at timestamptz NOT NULL,
        direction text NOT NULL CHECK (direction IN ('toCrm', 'toPartnerCenter', 'none')),
        action text NOT NULL CHECK (action IN ('created', 'updated', 'skipped', 'failed', 'conflict', 'deleted', 'linked')),
        source text NOT NULL CHECK (source IN ('webhook', 'poll', 'api', 'reconciliation')),
        fields text NOT NULL,
        message text NOT NULL
      );
      CREATE INDEX audit_entries_by_referral ON audit_entries (tenant_id, referral_id, id);
      CREATE INDEX audit_entries_by_crm ON audit_entries (tenant_id, crm_id, id);

      CREATE TABLE sync_jobs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        key text NOT NULL,
        generation integer NOT NULL DEFAULT 1,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        enqueued_at timestamptz NOT NULL,
        UNIQUE (tenant_id, key)
      );
      CREATE INDEX sync_jobs_due ON sync_jobs (status, next_attempt_at);
      CREATE INDEX sync_jobs_by_tenant_status ON sync_jobs (tenant_id, status, id);

      CREATE TABLE sync_runs (
        id text COLLATE "C" PRIMARY KEY,
        tenant_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('reconcile', 'backfill')),
        dry_run boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed')),
        cursor text,
        total integer,
        processed integer NOT NULL,
        drifted integer NOT NULL,
        repaired integer NOT NULL,
        failed integer NOT NULL,
        report text NOT NULL,
        locked_by text,
        locked_until timestamptz,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz
      );
      CREATE INDEX sync_runs_by_tenant ON sync_runs (tenant_id, started_at, id);
      CREATE INDEX sync_runs_running ON sync_runs (status, started_at);

      CREATE TABLE mappings (
        tenant_id text NOT NULL,
        crm text NOT NULL CHECK (crm IN ('salesforce', 'dynamics365')),
        json text NOT NULL,
        e_tag text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, crm)
      );
    `,
  },
];
