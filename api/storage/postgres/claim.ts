import type { Tables } from './tables.js';

/**
 * Claims pick due rows with `FOR UPDATE SKIP LOCKED` in a subquery and lease them in the same
 * statement: a row locked by another claimer's transaction is skipped, not waited for, and one that
 * another claimer has just leased no longer matches when re-checked under the lock. So several
 * processes claim side by side and never get the same row.
 *
 * While a row is leased, `next_attempt_at` holds the lease's end, so "due" is one range on the
 * (status, next_attempt_at) index for fresh rows and for rows whose worker died.
 * Parameters: $1 worker id, $2 lease end, $3 now, $4 limit.
 */
export function inboxClaimSql(t: Tables): string {
  return `
    UPDATE ${t.inbox}
       SET status = 'processing', locked_by = $1, locked_until = $2, next_attempt_at = $2, attempts = attempts + 1
     WHERE id IN (SELECT id FROM ${t.inbox}
                   WHERE status IN ('pending', 'processing') AND next_attempt_at <= $3
                   ORDER BY received_at, id
                   LIMIT $4
                   FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}

/** As above, only for deliveries whose subscription is active. Only delivery rows are locked. */
export function outboxClaimSql(t: Tables): string {
  return `
    UPDATE ${t.deliveries}
       SET status = 'delivering', locked_by = $1, locked_until = $2, next_attempt_at = $2, attempts = attempts + 1
     WHERE id IN (SELECT d.id FROM ${t.deliveries} d JOIN ${t.subscriptions} s ON s.id = d.subscription_id
                   WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= $3 AND s.status = 'active'
                   ORDER BY d.created_at, d.id
                   LIMIT $4
                   FOR UPDATE OF d SKIP LOCKED)
    RETURNING *`;
}

/**
 * Sync jobs, oldest due first. A CTE rather than `IN (…)` so that each row's due time from before
 * the lease (which overwrites next_attempt_at) comes back as `due_at`, to hand the jobs out in order.
 */
export function syncQueueClaimSql(t: Tables): string {
  return `
    WITH due AS (SELECT id, next_attempt_at FROM ${t.syncJobs}
                  WHERE status IN ('pending', 'processing') AND next_attempt_at <= $3
                  ORDER BY next_attempt_at, id
                  LIMIT $4
                  FOR UPDATE SKIP LOCKED)
    UPDATE ${t.syncJobs} j
       SET status = 'processing', locked_by = $1, locked_until = $2, next_attempt_at = $2, attempts = j.attempts + 1
      FROM due
     WHERE j.id = due.id
    RETURNING j.*, due.next_attempt_at AS due_at`;
}

/** One running run whose lock is free or ran out, locked for the caller. Parameters: $1 worker id, $2 lock end, $3 now. */
export function syncRunClaimStaleSql(t: Tables): string {
  return `
    UPDATE ${t.syncRuns}
       SET locked_by = $1, locked_until = $2
     WHERE id = (SELECT id FROM ${t.syncRuns}
                  WHERE status = 'running' AND (locked_until IS NULL OR locked_until <= $3)
                  ORDER BY started_at, id
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}
