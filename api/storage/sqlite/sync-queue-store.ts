import { sequenceId } from '../ids.js';
import { byAgeThenId } from '../rows.js';
import { clipError, countsByStatus, SYNC_JOB_STATUSES } from '../states.js';
import { queueKeys, toSyncJob, type SyncJobRow } from '../sync-rows.js';
import { leaseEnd } from '../time.js';
import type { Lease, SyncJob, SyncJobStatus, SyncQueueStore } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

/**
 * Coalescing insert. A queued key gets a generation bump; unless it is being processed it becomes due
 * at @due with attempts reset (a dead one is revived, as a new job). A processing job keeps its
 * lease, so its worker's `complete` sees the newer generation and puts it back. The right-hand sides
 * see the row as it was before the update.
 */
const ENQUEUE = `
  INSERT INTO sync_jobs (tenant_id, key, next_attempt_at, enqueued_at) VALUES (@tenantId, @key, @due, @now)
  ON CONFLICT (tenant_id, key) DO UPDATE SET
    generation = generation + 1,
    status = CASE status WHEN 'processing' THEN status ELSE 'pending' END,
    attempts = CASE status WHEN 'processing' THEN attempts ELSE 0 END,
    next_attempt_at = CASE status WHEN 'processing' THEN next_attempt_at ELSE excluded.next_attempt_at END,
    enqueued_at = CASE status WHEN 'dead' THEN excluded.enqueued_at ELSE enqueued_at END`;

/** As for the inbox, `next_attempt_at` holds the lease's end while a job is leased. */
const DUE = `
  SELECT id, next_attempt_at FROM sync_jobs
   WHERE status IN ('pending', 'processing') AND next_attempt_at <= @now
   ORDER BY next_attempt_at, id LIMIT @limit`;

const LEASE = `
  UPDATE sync_jobs SET status = 'processing', locked_by = @workerId, locked_until = @until, next_attempt_at = @until, attempts = attempts + 1
   WHERE id = @id
  RETURNING *`;

const HELD = `id = @id AND status = 'processing' AND locked_by = @workerId AND locked_until > @now`;

/** Queues keys of one tenant (inside the caller's transaction, if any). */
export function enqueueSyncKeys(conn: SqliteConnection, tenantId: string, keys: readonly string[], now: Date, notBefore?: Date): void {
  const insert = conn.statement(ENQUEUE);
  const due = (notBefore ?? now).toISOString();
  for (const key of queueKeys(keys)) insert.run({ tenantId, key, due, now: now.toISOString() });
}

export class SqliteSyncQueueStore implements SyncQueueStore {
  constructor(private readonly conn: SqliteConnection) {}

  enqueue(tenantId: string, keys: string[], now: Date, notBefore?: Date): Promise<void> {
    return settle(() => {
      if (keys.length === 0) return;
      this.conn.immediate(() => { enqueueSyncKeys(this.conn, tenantId, keys, now, notBefore); });
    });
  }

  /** The due order is read before leasing, since leasing overwrites next_attempt_at; BEGIN IMMEDIATE keeps both steps one. */
  claim(limit: number, lease: Lease): Promise<SyncJob[]> {
    return settle(() => {
      if (limit <= 0) return [];
      const until = leaseEnd(lease.now, lease.leaseMs);
      const claimed = this.conn.immediate(() => {
        const due = this.conn.statement(DUE).all({ now: lease.now.toISOString(), limit }) as { id: number; next_attempt_at: string }[];
        return due.map((d) => ({
          dueAt: d.next_attempt_at,
          job: toSyncJob(this.conn.statement(LEASE).get({ id: d.id, workerId: lease.workerId, until }) as SyncJobRow),
        }));
      });
      const dueAt = new Map(claimed.map((c) => [c.job.id, c.dueAt]));
      return claimed.map((c) => c.job).sort(byAgeThenId((j) => dueAt.get(j.id) ?? ''));
    });
  }

  complete(id: string, workerId: string, generation: number, now: Date): Promise<'done' | 'requeued' | 'lost-lease'> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return 'lost-lease';
      const params = { id: Number(seq), workerId, now: now.toISOString(), generation };
      return this.conn.immediate(() => {
        if (this.conn.statement(`DELETE FROM sync_jobs WHERE ${HELD} AND generation = @generation`).run(params).changes === 1) return 'done';
        // Enqueued again meanwhile: this attempt succeeded, so the newer demand starts a fresh retry series.
        const requeued = this.conn.statement(`
          UPDATE sync_jobs SET status = 'pending', next_attempt_at = @now, attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`).run(params);
        return requeued.changes === 1 ? 'requeued' : 'lost-lease';
      });
    });
  }

  fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return false;
      const params = { id: Number(seq), workerId, now: now.toISOString(), error: clipError(error) };
      const result = retryAt === null
        ? this.conn.statement(`
            UPDATE sync_jobs SET status = 'dead', last_error = @error, locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run(params)
        : this.conn.statement(`
            UPDATE sync_jobs SET status = 'pending', last_error = @error, next_attempt_at = @retryAt, locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run({ ...params, retryAt: retryAt.toISOString() });
      return result.changes === 1;
    });
  }

  listDead(tenantId: string, options: { limit: number }): Promise<SyncJob[]> {
    return settle(() => {
      if (options.limit <= 0) return [];
      const rows = this.conn.statement(`
        SELECT * FROM sync_jobs WHERE tenant_id = ? AND status = 'dead' ORDER BY id DESC LIMIT ?`).all(tenantId, options.limit) as SyncJobRow[];
      return rows.map(toSyncJob);
    });
  }

  counts(tenantId?: string): Promise<Record<SyncJobStatus, number>> {
    return settle(() => {
      const rows = (tenantId === undefined
        ? this.conn.statement('SELECT status, count(*) AS n FROM sync_jobs GROUP BY status').all()
        : this.conn.statement('SELECT status, count(*) AS n FROM sync_jobs WHERE tenant_id = ? GROUP BY status').all(tenantId)) as { status: string; n: number }[];
      return countsByStatus(SYNC_JOB_STATUSES, rows);
    });
  }
}
