import { assertSameTenant, type CompletionEffects } from '../effects.js';
import { sequenceId } from '../ids.js';
import { byAgeThenId, toInboxEvent, type InboxRow } from '../rows.js';
import { clipError, countsByStatus, INBOX_STATUSES } from '../states.js';
import { leaseEnd, toInstant } from '../time.js';
import { GroupCommit } from '../group-commit.js';
import type { InboxEvent, InboxOutcome, InboxStatus, InboxStore, Lease, NewInboxEvent } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';
import { insertDeliveries } from './outbox-store.js';
import { putReferral } from './referral-mirror.js';
import { enqueueSyncKeys } from './sync-queue-store.js';

/**
 * While an event is leased, `next_attempt_at` holds the lease's end: "due" is then one range on the
 * (status, next_attempt_at) index for both fresh events and those whose worker died.
 */
const CLAIM = `
  UPDATE inbox_events
     SET status = 'processing', locked_by = @workerId, locked_until = @until, next_attempt_at = @until, attempts = attempts + 1
   WHERE id IN (SELECT id FROM inbox_events
                 WHERE status IN ('pending', 'processing') AND next_attempt_at <= @now
                 ORDER BY received_at, id LIMIT @limit)
  RETURNING *`;

/** The lease is held: this worker, not yet run out. */
const HELD = `id = @id AND status = 'processing' AND locked_by = @workerId AND locked_until > @now`;

export class SqliteInboxStore implements InboxStore {
  constructor(private readonly conn: SqliteConnection) {}

  // Concurrent accepts share one transaction and so one fsync (synchronous=FULL stays on).
  private readonly accepts = new GroupCommit<NewInboxEvent, { event: InboxEvent; duplicate: boolean }>(
    (events) => settle(() => this.conn.immediate(() => events.map((e) => this.insert(e)))),
    (event) => settle(() => this.insert(event)),
  );

  /** Resolves once the transaction holding the row has committed: the row is then in the fsynced WAL. */
  accept(event: NewInboxEvent): Promise<{ event: InboxEvent; duplicate: boolean }> {
    return this.accepts.submit(event);
  }

  private insert(event: NewInboxEvent): { event: InboxEvent; duplicate: boolean } {
    const receivedAt = toInstant(event.receivedAt);
    const inserted = this.conn.statement(`
      INSERT INTO inbox_events (tenant_id, dedupe_key, event_name, resource_id, resource_change_at, body, received_at, next_attempt_at)
      VALUES (@tenantId, @dedupeKey, @eventName, @resourceId, @resourceChangeAt, @body, @receivedAt, @receivedAt)
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING *`).get({ ...event, receivedAt }) as InboxRow | undefined;
    if (inserted) return { event: toInboxEvent(inserted), duplicate: false };
    const existing = this.conn.statement('SELECT * FROM inbox_events WHERE tenant_id = ? AND dedupe_key = ?')
      .get(event.tenantId, event.dedupeKey) as InboxRow;
    return { event: toInboxEvent(existing), duplicate: true };
  }

  claim(limit: number, lease: Lease): Promise<InboxEvent[]> {
    return settle(() => {
      if (limit <= 0) return [];
      const rows = this.conn.immediate(() => this.conn.statement(CLAIM).all({
        workerId: lease.workerId, until: leaseEnd(lease.now, lease.leaseMs), now: lease.now.toISOString(), limit,
      }) as InboxRow[]);
      return rows.map(toInboxEvent).sort(byAgeThenId((e) => e.receivedAt));
    });
  }

  complete(id: string, workerId: string, effects: CompletionEffects, now: Date): Promise<InboxOutcome | 'lost-lease'> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return 'lost-lease';
      return this.conn.immediate((): InboxOutcome | 'lost-lease' => {
        const held = this.conn.statement(`SELECT tenant_id FROM inbox_events WHERE ${HELD}`)
          .get({ id: Number(seq), workerId, now: now.toISOString() }) as { tenant_id: string } | undefined;
        if (!held) return 'lost-lease';
        const outcome = this.applyEffects(held.tenant_id, effects, now);
        this.conn.statement(`
          UPDATE inbox_events SET status = 'done', outcome = @outcome, processed_at = @now, locked_by = NULL, locked_until = NULL
           WHERE id = @id`).run({ id: Number(seq), outcome, now: now.toISOString() });
        return outcome;
      });
    });
  }

  private applyEffects(tenantId: string, effects: CompletionEffects, now: Date): InboxOutcome {
    if (effects.ignore) return 'ignored';
    assertSameTenant(tenantId, effects);
    if (effects.referral && !putReferral(this.conn, effects.referral)) return 'stale';
    insertDeliveries(this.conn, effects.deliveries ?? []);
    enqueueSyncKeys(this.conn, tenantId, effects.syncKeys ?? [], now);
    return 'applied';
  }

  fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return false;
      const params = { id: Number(seq), workerId, now: now.toISOString(), error: clipError(error) };
      const result = retryAt === null
        ? this.conn.statement(`
            UPDATE inbox_events SET status = 'dead', last_error = @error, processed_at = @now, locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run(params)
        : this.conn.statement(`
            UPDATE inbox_events SET status = 'pending', last_error = @error, next_attempt_at = @retryAt, locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run({ ...params, retryAt: retryAt.toISOString() });
      return result.changes === 1;
    });
  }

  get(tenantId: string, id: string): Promise<InboxEvent | undefined> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return undefined;
      const row = this.conn.statement('SELECT * FROM inbox_events WHERE tenant_id = ? AND id = ?').get(tenantId, Number(seq)) as InboxRow | undefined;
      return row && toInboxEvent(row);
    });
  }

  listDead(tenantId: string, options: { limit: number; before?: string }): Promise<InboxEvent[]> {
    return settle(() => {
      if (options.limit <= 0) return [];
      let before = Number.MAX_SAFE_INTEGER;
      if (options.before !== undefined) {
        const seq = sequenceId(options.before);
        if (seq === undefined) return [];
        before = Number(seq);
      }
      const rows = this.conn.statement(`
        SELECT * FROM inbox_events WHERE tenant_id = ? AND status = 'dead' AND id < ?
         ORDER BY id DESC LIMIT ?`).all(tenantId, before, options.limit) as InboxRow[];
      return rows.map(toInboxEvent);
    });
  }

  replay(tenantId: string, id: string, now: Date): Promise<InboxEvent | undefined> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return undefined;
      const row = this.conn.statement(`
        UPDATE inbox_events SET status = 'pending', attempts = 0, next_attempt_at = @now, outcome = NULL, processed_at = NULL
         WHERE tenant_id = @tenantId AND id = @id AND status = 'dead'
        RETURNING *`).get({ tenantId, id: Number(seq), now: now.toISOString() }) as InboxRow | undefined;
      return row && toInboxEvent(row);
    });
  }

  counts(tenantId?: string): Promise<Record<InboxStatus, number>> {
    return settle(() => {
      const rows = (tenantId === undefined
        ? this.conn.statement('SELECT status, count(*) AS n FROM inbox_events GROUP BY status').all()
        : this.conn.statement('SELECT status, count(*) AS n FROM inbox_events WHERE tenant_id = ? GROUP BY status').all(tenantId)) as { status: string; n: number }[];
      return countsByStatus(INBOX_STATUSES, rows);
    });
  }
}
