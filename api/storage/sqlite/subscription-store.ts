import { randomUUID } from 'node:crypto';
import { toSubscription, type SubscriptionRow } from '../rows.js';
import { toInstant } from '../time.js';
import type { NewSubscription, Subscription, SubscriptionStore, TriggerEvent } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

export class SqliteSubscriptionStore implements SubscriptionStore {
  constructor(private readonly conn: SqliteConnection) {}

  create(s: NewSubscription): Promise<Subscription> {
    return settle(() => {
      const createdAt = toInstant(s.createdAt);
      const row = this.conn.statement(`
        INSERT INTO subscriptions (id, tenant_id, event, callback_url, only_microsoft_co_sell, secret, created_at, updated_at)
        VALUES (@id, @tenantId, @event, @callbackUrl, @only, @secret, @createdAt, @createdAt)
        RETURNING *`).get({
        id: randomUUID(), tenantId: s.tenantId, event: s.event, callbackUrl: s.callbackUrl, only: s.onlyMicrosoftCoSell ? 1 : 0, secret: s.secret, createdAt,
      }) as SubscriptionRow;
      return toSubscription(row);
    });
  }

  get(tenantId: string, id: string): Promise<Subscription | undefined> {
    return settle(() => {
      const row = this.conn.statement('SELECT * FROM subscriptions WHERE tenant_id = ? AND id = ?').get(tenantId, id) as SubscriptionRow | undefined;
      return row && toSubscription(row);
    });
  }

  list(tenantId: string): Promise<Subscription[]> {
    return settle(() => (this.conn.statement('SELECT * FROM subscriptions WHERE tenant_id = ? ORDER BY created_at, id')
      .all(tenantId) as SubscriptionRow[]).map(toSubscription));
  }

  active(tenantId: string, event: TriggerEvent): Promise<Subscription[]> {
    return settle(() => (this.conn.statement(`
      SELECT * FROM subscriptions WHERE tenant_id = ? AND event = ? AND status = 'active' ORDER BY created_at, id`)
      .all(tenantId, event) as SubscriptionRow[]).map(toSubscription));
  }

  delete(tenantId: string, id: string): Promise<boolean> {
    // Its queued deliveries go with it (ON DELETE CASCADE).
    return settle(() => this.conn.statement('DELETE FROM subscriptions WHERE tenant_id = ? AND id = ?').run(tenantId, id).changes === 1);
  }

  recordSuccess(id: string, now: Date): Promise<void> {
    return settle(() => {
      this.conn.statement(`
        UPDATE subscriptions SET consecutive_failures = 0, updated_at = @now
         WHERE id = @id AND consecutive_failures <> 0`).run({ id, now: now.toISOString() });
    });
  }

  recordFailure(id: string, reason: string, disableAfter: number, now: Date): Promise<Subscription | undefined> {
    return settle(() => {
      // Right-hand sides see the row before the update, in SQLite as in PostgreSQL.
      const row = this.conn.statement(`
        UPDATE subscriptions
           SET consecutive_failures = consecutive_failures + 1,
               status = CASE WHEN consecutive_failures + 1 >= @disableAfter THEN 'disabled' ELSE status END,
               disabled_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= @disableAfter THEN @reason ELSE disabled_reason END,
               updated_at = @now
         WHERE id = @id
        RETURNING *`).get({ id, reason, disableAfter, now: now.toISOString() }) as SubscriptionRow | undefined;
      return row && toSubscription(row);
    });
  }

  enable(tenantId: string, id: string, now: Date): Promise<Subscription | undefined> {
    return settle(() => {
      const row = this.conn.statement(`
        UPDATE subscriptions SET status = 'active', consecutive_failures = 0, disabled_reason = NULL, updated_at = @now
         WHERE tenant_id = @tenantId AND id = @id
        RETURNING *`).get({ tenantId, id, now: now.toISOString() }) as SubscriptionRow | undefined;
      return row && toSubscription(row);
    });
  }
}
