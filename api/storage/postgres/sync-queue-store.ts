import { sequenceId } from '../ids.js';
import { byAgeThenId } from '../rows.js';
import { clipError, countsByStatus, SYNC_JOB_STATUSES } from '../states.js';
import { queueKeys, toSyncJob, type SyncJobRow } from '../sync-rows.js';
import { leaseEnd, readInstant } from '../time.js';
import type { Lease, SyncJob, SyncJobStatus, SyncQueueStore } from '../types.js';
import { syncQueueClaimSql } from './claim.js';
import type { Pool, PoolClient } from './pool.js';
import type { Tables } from './tables.js';

/** The lease is held: this worker, not yet run out. $1 id, $2 worker, $3 now. */
const HELD = `id = $1 AND status = 'processing' AND locked_by = $2 AND locked_until > $3`;

/**
 * Queues keys of one tenant in one statement (inside the caller's transaction, if any). A queued key
 * gets a generation bump; unless it is being processed it becomes due at the given time with
 * attempts reset (a dead one is revived, as a new job). A processing job keeps its lease, so its
 * worker's `complete` sees the newer generation and puts it back. Keys are deduplicated and sorted
 * (queueKeys): one row cannot be hit twice by one upsert, and concurrent enqueuers lock shared rows
 * in the same order.
 */
export async function enqueueSyncKeys(db: Pool | PoolClient, t: Tables, tenantId: string, keys: readonly string[], now: Date, notBefore?: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.query(`
    INSERT INTO ${t.syncJobs} AS j (tenant_id, key, next_attempt_at, enqueued_at)
    SELECT $1, k.key, $3, $4 FROM unnest($2::text[]) WITH ORDINALITY AS k(key, n) ORDER BY k.n
    ON CONFLICT (tenant_id, key) DO UPDATE SET
      generation = j.generation + 1,
      status = CASE j.status WHEN 'processing' THEN j.status ELSE 'pending' END,
      attempts = CASE j.status WHEN 'processing' THEN j.attempts ELSE 0 END,
      next_attempt_at = CASE j.status WHEN 'processing' THEN j.next_attempt_at ELSE excluded.next_attempt_at END,
      enqueued_at = CASE j.status WHEN 'dead' THEN excluded.enqueued_at ELSE j.enqueued_at END`,
  [tenantId, queueKeys(keys), (notBefore ?? now).toISOString(), now.toISOString()]);
}

export class PostgresSyncQueueStore implements SyncQueueStore {
  private readonly claimSql: string;

  constructor(private readonly pool: Pool, private readonly t: Tables) {
    this.claimSql = syncQueueClaimSql(t);
  }

  enqueue(tenantId: string, keys: string[], now: Date, notBefore?: Date): Promise<void> {
    return enqueueSyncKeys(this.pool, this.t, tenantId, keys, now, notBefore);
  }

  async claim(limit: number, lease: Lease): Promise<SyncJob[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<SyncJobRow & { due_at: Date }>(this.claimSql, [lease.workerId, leaseEnd(lease.now, lease.leaseMs), lease.now.toISOString(), limit]);
    const dueAt = new Map(result.rows.map((r) => [String(r.id), readInstant(r.due_at)]));
    return result.rows.map(({ due_at: _, ...row }) => toSyncJob(row)).sort(byAgeThenId((j) => dueAt.get(j.id) ?? ''));
  }

  /**
   * Two statements need no transaction: while the lease is held only `enqueue` touches the row, and
   * it only raises the generation. The DELETE's row lock orders it against a concurrent enqueue: the
   * enqueue either comes first (the generation no longer matches, so the job is put back) or finds
   * the row gone and queues the key afresh.
   */
  async complete(id: string, workerId: string, generation: number, now: Date): Promise<'done' | 'requeued' | 'lost-lease'> {
    const seq = sequenceId(id);
    if (seq === undefined) return 'lost-lease';
    const params = [seq, workerId, now.toISOString()];
    const deleted = await this.pool.query(`DELETE FROM ${this.t.syncJobs} WHERE ${HELD} AND generation = $4`, [...params, generation]);
    if (deleted.rowCount === 1) return 'done';
    // Enqueued again meanwhile: this attempt succeeded, so the newer demand starts a fresh retry series.
    const requeued = await this.pool.query(`
      UPDATE ${this.t.syncJobs} SET status = 'pending', next_attempt_at = $3, attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL
       WHERE ${HELD}`, params);
    return requeued.rowCount === 1 ? 'requeued' : 'lost-lease';
  }

  async fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
    const seq = sequenceId(id);
    if (seq === undefined) return false;
    const params = [seq, workerId, now.toISOString(), clipError(error)];
    const result = retryAt === null
      ? await this.pool.query(`
          UPDATE ${this.t.syncJobs} SET status = 'dead', last_error = $4, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, params)
      : await this.pool.query(`
          UPDATE ${this.t.syncJobs} SET status = 'pending', last_error = $4, next_attempt_at = $5, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, [...params, retryAt.toISOString()]);
    return result.rowCount === 1;
  }

  async listDead(tenantId: string, options: { limit: number }): Promise<SyncJob[]> {
    if (options.limit <= 0) return [];
    const result = await this.pool.query<SyncJobRow>(`
      SELECT * FROM ${this.t.syncJobs} WHERE tenant_id = $1 AND status = 'dead' ORDER BY id DESC LIMIT $2`, [tenantId, options.limit]);
    return result.rows.map(toSyncJob);
  }

  async counts(tenantId?: string): Promise<Record<SyncJobStatus, number>> {
    const result = tenantId === undefined
      ? await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.syncJobs} GROUP BY status`)
      : await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.syncJobs} WHERE tenant_id = $1 GROUP BY status`, [tenantId]);
    return countsByStatus(SYNC_JOB_STATUSES, result.rows);
  }
}
