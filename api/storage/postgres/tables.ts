/**
 * Table names qualified with the configured schema. Qualifying every statement (rather than setting
 * search_path on the connection) keeps working behind a transaction-pooling PgBouncer and cannot be
 * overridden by an `options=` in DATABASE_URL.
 */
export interface Tables {
  inbox: string;
  referrals: string;
  subscriptions: string;
  deliveries: string;
  cursors: string;
  links: string;
  audit: string;
  syncJobs: string;
  syncRuns: string;
  mappings: string;
  migrations: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  return schema;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tablesIn(schema: string): Tables {
  const s = quoteIdent(checkSchemaName(schema));
  return {
    inbox: `${s}.inbox_events`,
    referrals: `${s}.referrals`,
    subscriptions: `${s}.subscriptions`,
    deliveries: `${s}.deliveries`,
    cursors: `${s}.cursors`,
    links: `${s}.sync_links`,
    audit: `${s}.audit_entries`,
    syncJobs: `${s}.sync_jobs`,
    syncRuns: `${s}.sync_runs`,
    mappings: `${s}.mappings`,
    migrations: `${s}.schema_migrations`,
  };
}
