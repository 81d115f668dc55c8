import { randomUUID } from 'node:crypto';
import { runColumns, toSyncRun, type SyncRunRow } from '../sync-rows.js';
import { leaseEnd } from '../time.js';
import type { Lease, SyncRun, SyncRunStore } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

/** A run is free to take over when nobody holds it or its holder's lock ran out (the same `> now` rule as leases). */
const CLAIM_STALE = `
  UPDATE sync_runs SET locked_by = @workerId, locked_until = @until
   WHERE id = (SELECT id FROM sync_runs
                WHERE status = 'running' AND (locked_until IS NULL OR locked_until <= @now)
                ORDER BY started_at, id LIMIT 1)
  RETURNING *`;

export class SqliteSyncRunStore implements SyncRunStore {
  constructor(private readonly conn: SqliteConnection) {}

  create(run: Omit<SyncRun, 'id'>): Promise<SyncRun> {
    return settle(() => {
      const c = runColumns(run);
      const row = this.conn.statement(`
        INSERT INTO sync_runs (id, tenant_id, kind, dry_run, status, cursor, total, processed, drifted, repaired, failed, report,
                               locked_by, locked_until, started_at, updated_at, finished_at)
        VALUES (@id, @tenant_id, @kind, @dry_run, @status, @cursor, @total, @processed, @drifted, @repaired, @failed, @report,
                @locked_by, @locked_until, @started_at, @updated_at, @finished_at)
        RETURNING *`).get({ ...c, id: randomUUID(), dry_run: c.dry_run ? 1 : 0 }) as SyncRunRow;
      return toSyncRun(row);
    });
  }

  get(tenantId: string, id: string): Promise<SyncRun | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM sync_runs WHERE tenant_id = ? AND id = ?').get(tenantId, id) as SyncRunRow | undefined;
      return row && toSyncRun(row);
    });
  }

  list(tenantId: string, options: { limit: number }): Promise<SyncRun[]> {
    return settle(() => {
      if (options.limit <= 0) return [];
      return (this.conn.statement('SELECT * FROM sync_runs WHERE tenant_id = ? ORDER BY started_at DESC, id DESC LIMIT ?')
        .all(tenantId, options.limit) as SyncRunRow[]).map(toSyncRun);
    });
  }

  update(run: SyncRun): Promise<void> {
    return settle(() => {
      const c = runColumns(run);
      this.conn.statement(`
        UPDATE sync_runs SET status = @status, cursor = @cursor, total = @total, processed = @processed, drifted = @drifted, repaired = @repaired,
               failed = @failed, report = @report, locked_by = @locked_by, locked_until = @locked_until, updated_at = @updated_at, finished_at = @finished_at
         WHERE tenant_id = @tenant_id AND id = @id`).run({
        id: run.id, tenant_id: c.tenant_id, status: c.status, cursor: c.cursor, total: c.total, processed: c.processed, drifted: c.drifted,
        repaired: c.repaired, failed: c.failed, report: c.report, locked_by: c.locked_by, locked_until: c.locked_until, updated_at: c.updated_at,
        finished_at: c.finished_at,
      });
    });
  }

  /** One statement in BEGIN IMMEDIATE, like every claim: the pick and the lock cannot be split by another process. */
  claimStale(lease: Lease): Promise<SyncRun | undefined> {
    return settle(() => {
      const row = this.conn.immediate(() => this.conn.statement(CLAIM_STALE).get({
        workerId: lease.workerId, until: leaseEnd(lease.now, lease.leaseMs), now: lease.now.toISOString(),
      }) as SyncRunRow | undefined);
      return row && toSyncRun(row);
    });
  }
}
