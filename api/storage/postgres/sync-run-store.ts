import { randomUUID } from 'node:crypto';
import { runColumns, toSyncRun, type SyncRunRow } from '../sync-rows.js';
import { leaseEnd } from '../time.js';
import type { Lease, SyncRun, SyncRunStore } from '../types.js';
import { syncRunClaimStaleSql } from './claim.js';
import type { Pool } from './pool.js';
import type { Tables } from './tables.js';

export class PostgresSyncRunStore implements SyncRunStore {
  private readonly claimStaleSql: string;

  constructor(private readonly pool: Pool, private readonly t: Tables) {
    this.claimStaleSql = syncRunClaimStaleSql(t);
  }

  async create(run: Omit<SyncRun, 'id'>): Promise<SyncRun> {
    const c = runColumns(run);
    const result = await this.pool.query<SyncRunRow>(`
      INSERT INTO ${this.t.syncRuns} (id, tenant_id, kind, dry_run, status, cursor, total, processed, drifted, repaired, failed, report,
                                      locked_by, locked_until, started_at, updated_at, finished_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
      RETURNING *`,
    [randomUUID(), c.tenant_id, c.kind, c.dry_run, c.status, c.cursor, c.total, c.processed, c.drifted, c.repaired, c.failed, c.report,
      c.locked_by, c.locked_until, c.started_at, c.updated_at, c.finished_at]);
    return toSyncRun(result.rows[0] as SyncRunRow);
  }

  async get(tenantId: string, id: string): Promise<SyncRun | undefined> {
    const result = await this.pool.query<SyncRunRow>(`SELECT * FROM ${this.t.syncRuns} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    const row = result.rows[0];
    return row && toSyncRun(row);
  }

  async list(tenantId: string, options: { limit: number }): Promise<SyncRun[]> {
    if (options.limit <= 0) return [];
    const result = await this.pool.query<SyncRunRow>(`
      SELECT * FROM ${this.t.syncRuns} WHERE tenant_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`, [tenantId, options.limit]);
    return result.rows.map(toSyncRun);
  }

  async update(run: SyncRun): Promise<void> {
    const c = runColumns(run);
    await this.pool.query(`
      UPDATE ${this.t.syncRuns}
         SET status = $3, cursor = $4, total = $5, processed = $6, drifted = $7, repaired = $8, failed = $9, report = $10,
             locked_by = $11, locked_until = $12, updated_at = $13, finished_at = $14
       WHERE tenant_id = $1 AND id = $2`,
    [c.tenant_id, run.id, c.status, c.cursor, c.total, c.processed, c.drifted, c.repaired, c.failed, c.report,
      c.locked_by, c.locked_until, c.updated_at, c.finished_at]);
  }

  /** One statement; SKIP LOCKED and the re-check under the row lock keep two claimers off the same run. */
  async claimStale(lease: Lease): Promise<SyncRun | undefined> {
    const result = await this.pool.query<SyncRunRow>(this.claimStaleSql, [lease.workerId, leaseEnd(lease.now, lease.leaseMs), lease.now.toISOString()]);
    const row = result.rows[0];
    return row && toSyncRun(row);
  }
}
