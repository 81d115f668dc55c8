import { assertSameTenant, type CompletionEffects } from '../effects.js';
import { sequenceId } from '../ids.js';
import { byAgeThenId, toInboxEvent, type InboxRow } from '../rows.js';
import { clipError, countsByStatus, INBOX_STATUSES } from '../states.js';
import { leaseEnd, toInstant } from '../time.js';
import type { InboxEvent, InboxOutcome, InboxStatus, InboxStore, Lease, NewInboxEvent } from '../types.js';
import { inboxClaimSql } from './claim.js';
import { insertDeliveries } from './outbox-store.js';
import { GroupCommit } from '../group-commit.js';
import { inTransaction, type Pool, type PoolClient } from './pool.js';
import { putReferral } from './referral-mirror.js';
import { enqueueSyncKeys } from './sync-queue-store.js';
import type { Tables } from './tables.js';

/** The lease is held: this worker, not yet run out. $1 id, $2 worker, $3 now. */
const HELD = `id = $1 AND status = 'processing' AND locked_by = $2 AND locked_until > $3`;

export class PostgresInboxStore implements InboxStore {
  private readonly claimSql: string;

  constructor(private readonly pool: Pool, private readonly t: Tables) {
    this.claimSql = inboxClaimSql(t);
  }

  // Concurrent accepts go in one multi-row INSERT: one statement, one commit, one WAL flush per burst.
  private readonly accepts = new GroupCommit<NewInboxEvent, { event: InboxEvent; duplicate: boolean }>(
    (events) => this.insertMany(events),
    (event) => this.insert(this.pool, event),
    1,
  );

  private async insertMany(events: NewInboxEvent[]): Promise<Array<{ event: InboxEvent; duplicate: boolean }>> {
    const col = <K extends keyof NewInboxEvent>(k: K) => events.map((e) => e[k]);
    const inserted = await this.pool.query<InboxRow>(`
      INSERT INTO ${this.t.inbox} (tenant_id, dedupe_key, event_name, resource_id, resource_change_at, body, received_at, next_attempt_at)
      SELECT tenant_id, dedupe_key, event_name, resource_id, resource_change_at, body, received_at, received_at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY
             AS i(tenant_id, dedupe_key, event_name, resource_id, resource_change_at, body, received_at, ord)
       ORDER BY ord
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING *`,
    [col('tenantId'), col('dedupeKey'), col('eventName'), col('resourceId'), col('resourceChangeAt'), col('body'), events.map((e) => toInstant(e.receivedAt))]);
    const key = (tenantId: string, dedupeKey: string) => `${tenantId}\u0000${dedupeKey}`;
    const fresh = new Map(inserted.rows.map((r) => [key(r.tenant_id, r.dedupe_key), r]));
    const missing = events.filter((e) => !fresh.has(key(e.tenantId, e.dedupeKey)));
    const existing = new Map<string, InboxRow>();
    if (missing.length > 0) {
      const found = await this.pool.query<InboxRow>(`
        SELECT e.* FROM ${this.t.inbox} e JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, dedupe_key)
          ON e.tenant_id = k.tenant_id AND e.dedupe_key = k.dedupe_key`,
      [missing.map((e) => e.tenantId), missing.map((e) => e.dedupeKey)]);
      for (const r of found.rows) existing.set(key(r.tenant_id, r.dedupe_key), r);
    }
    // The first of a key in the batch is the one inserted; any later one, or one stored before, is a duplicate.
    const claimed = new Set<string>();
    return events.map((e) => {
      const k = key(e.tenantId, e.dedupeKey);
      const row = fresh.get(k);
      if (row && !claimed.has(k)) { claimed.add(k); return { event: toInboxEvent(row), duplicate: false }; }
      const stored = row ?? existing.get(k);
      if (!stored) throw new Error('inbox event vanished between insert and read');
      return { event: toInboxEvent(stored), duplicate: true };
    });
  }

  /** Resolves once committed; with synchronous_commit on (the default), flushed. */
  accept(event: NewInboxEvent): Promise<{ event: InboxEvent; duplicate: boolean }> {
    return this.accepts.submit(event);
  }

  private async insert(db: Pool | PoolClient, event: NewInboxEvent): Promise<{ event: InboxEvent; duplicate: boolean }> {
    const receivedAt = toInstant(event.receivedAt);
    const inserted = await db.query<InboxRow>(`
      INSERT INTO ${this.t.inbox} (tenant_id, dedupe_key, event_name, resource_id, resource_change_at, body, received_at, next_attempt_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING *`,
    [event.tenantId, event.dedupeKey, event.eventName, event.resourceId, event.resourceChangeAt, event.body, receivedAt]);
    const row = inserted.rows[0];
    if (row) return { event: toInboxEvent(row), duplicate: false };
    // A concurrent insert of the same key has committed by now (ON CONFLICT waited for it), or it is
    // earlier in this same transaction: either way this sees it.
    const existing = await db.query<InboxRow>(`SELECT * FROM ${this.t.inbox} WHERE tenant_id = $1 AND dedupe_key = $2`, [event.tenantId, event.dedupeKey]);
    const first = existing.rows[0];
    if (!first) throw new Error('inbox event vanished between insert and read');
    return { event: toInboxEvent(first), duplicate: true };
  }

  async claim(limit: number, lease: Lease): Promise<InboxEvent[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<InboxRow>(this.claimSql, [lease.workerId, leaseEnd(lease.now, lease.leaseMs), lease.now.toISOString(), limit]);
    return result.rows.map(toInboxEvent).sort(byAgeThenId((e) => e.receivedAt));
  }

  async complete(id: string, workerId: string, effects: CompletionEffects, now: Date): Promise<InboxOutcome | 'lost-lease'> {
    const seq = sequenceId(id);
    if (seq === undefined) return 'lost-lease';
    return inTransaction(this.pool, async (client) => {
      // Locking the event row holds off a claimer that would take it over once the lease runs out.
      const held = await client.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${this.t.inbox} WHERE ${HELD} FOR UPDATE`, [seq, workerId, now.toISOString()]);
      const tenantId = held.rows[0]?.tenant_id;
      if (tenantId === undefined) return 'lost-lease';
      const outcome = await this.applyEffects(client, tenantId, effects, now);
      await client.query(`
        UPDATE ${this.t.inbox} SET status = 'done', outcome = $2, processed_at = $3, locked_by = NULL, locked_until = NULL
         WHERE id = $1`, [seq, outcome, now.toISOString()]);
      return outcome;
    });
  }

  private async applyEffects(client: PoolClient, tenantId: string, effects: CompletionEffects, now: Date): Promise<InboxOutcome> {
    if (effects.ignore) return 'ignored';
    assertSameTenant(tenantId, effects);
    if (effects.referral && !(await putReferral(client, this.t, effects.referral))) return 'stale';
    await insertDeliveries(client, this.t, effects.deliveries ?? []);
    await enqueueSyncKeys(client, this.t, tenantId, effects.syncKeys ?? [], now);
    return 'applied';
  }

  async fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
    const seq = sequenceId(id);
    if (seq === undefined) return false;
    const params = [seq, workerId, now.toISOString(), clipError(error)];
    const result = retryAt === null
      ? await this.pool.query(`
          UPDATE ${this.t.inbox} SET status = 'dead', last_error = $4, processed_at = $3, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, params)
      : await this.pool.query(`
          UPDATE ${this.t.inbox} SET status = 'pending', last_error = $4, next_attempt_at = $5, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, [...params, retryAt.toISOString()]);
    return result.rowCount === 1;
  }

  async get(tenantId: string, id: string): Promise<InboxEvent | undefined> {
    const seq = sequenceId(id);
    if (seq === undefined) return undefined;
    const result = await this.pool.query<InboxRow>(`SELECT * FROM ${this.t.inbox} WHERE tenant_id = $1 AND id = $2`, [tenantId, seq]);
    const row = result.rows[0];
    return row && toInboxEvent(row);
  }

  async listDead(tenantId: string, options: { limit: number; before?: string }): Promise<InboxEvent[]> {
    if (options.limit <= 0) return [];
    let before: string | undefined;
    if (options.before !== undefined) {
      before = sequenceId(options.before);
      if (before === undefined) return [];
    }
    const result = await this.pool.query<InboxRow>(`
      SELECT * FROM ${this.t.inbox} WHERE tenant_id = $1 AND status = 'dead' AND ($2::bigint IS NULL OR id < $2::bigint)
       ORDER BY id DESC LIMIT $3`, [tenantId, before ?? null, options.limit]);
    return result.rows.map(toInboxEvent);
  }

  async replay(tenantId: string, id: string, now: Date): Promise<InboxEvent | undefined> {
    const seq = sequenceId(id);
    if (seq === undefined) return undefined;
    const result = await this.pool.query<InboxRow>(`
      UPDATE ${this.t.inbox} SET status = 'pending', attempts = 0, next_attempt_at = $3, outcome = NULL, processed_at = NULL
       WHERE tenant_id = $1 AND id = $2 AND status = 'dead'
      RETURNING *`, [tenantId, seq, now.toISOString()]);
    const row = result.rows[0];
    return row && toInboxEvent(row);
  }

  async counts(tenantId?: string): Promise<Record<InboxStatus, number>> {
    const result = tenantId === undefined
      ? await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.inbox} GROUP BY status`)
      : await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.inbox} WHERE tenant_id = $1 GROUP BY status`, [tenantId]);
    return countsByStatus(INBOX_STATUSES, result.rows);
  }
}
