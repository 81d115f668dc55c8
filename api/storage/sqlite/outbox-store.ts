import { deliveryColumns } from '../effects.js';
import { sequenceId } from '../ids.js';
import { byAgeThenId, toDelivery, type DeliveryRow } from '../rows.js';
import { clipError, countsByStatus, DELIVERY_STATUSES } from '../states.js';
import { leaseEnd } from '../time.js';
import type { Delivery, DeliveryStatus, Lease, NewDelivery, OutboxStore } from '../types.js';
import { settle, type SqliteConnection } from './connection.js';

/** As for the inbox, `next_attempt_at` holds the lease's end while a delivery is leased. */
const CLAIM = `
  UPDATE deliveries
     SET status = 'delivering', locked_by = @workerId, locked_until = @until, next_attempt_at = @until, attempts = attempts + 1
   WHERE id IN (SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
                 WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= @now AND s.status = 'active'
                 ORDER BY d.created_at, d.id LIMIT @limit)
  RETURNING *`;

const HELD = `id = @id AND status = 'delivering' AND locked_by = @workerId AND locked_until > @now`;

/**
 * Queues deliveries (inside the caller's transaction). Only for subscriptions that still exist and
 * belong to the delivery's tenant; the same message for the same subscription is queued once.
 */
export function insertDeliveries(conn: SqliteConnection, deliveries: readonly NewDelivery[]): void {
  const insert = conn.statement(`
    INSERT INTO deliveries (tenant_id, subscription_id, message_id, payload, created_at, next_attempt_at)
    SELECT @tenant_id, @subscription_id, @message_id, @payload, @created_at, @next_attempt_at
      FROM subscriptions WHERE id = @subscription_id AND tenant_id = @tenant_id
    ON CONFLICT (subscription_id, message_id) DO NOTHING`);
  for (const d of deliveries) insert.run(deliveryColumns(d));
}

export class SqliteOutboxStore implements OutboxStore {
  constructor(private readonly conn: SqliteConnection) {}

  claim(limit: number, lease: Lease): Promise<Delivery[]> {
    return settle(() => {
      if (limit <= 0) return [];
      const rows = this.conn.immediate(() => this.conn.statement(CLAIM).all({
        workerId: lease.workerId, until: leaseEnd(lease.now, lease.leaseMs), now: lease.now.toISOString(), limit,
      }) as DeliveryRow[]);
      return rows.map(toDelivery).sort(byAgeThenId((d) => d.createdAt));
    });
  }

  delivered(id: string, workerId: string, statusCode: number, now: Date): Promise<boolean> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return false;
      const result = this.conn.statement(`
        UPDATE deliveries SET status = 'delivered', last_status_code = @statusCode, delivered_at = @now, locked_by = NULL, locked_until = NULL
         WHERE ${HELD}`).run({ id: Number(seq), workerId, statusCode, now: now.toISOString() });
      return result.changes === 1;
    });
  }

  fail(id: string, workerId: string, error: string, statusCode: number | null, retryAt: Date | null, now: Date): Promise<boolean> {
    return settle(() => {
      const seq = sequenceId(id);
      if (seq === undefined) return false;
      const params = { id: Number(seq), workerId, now: now.toISOString(), error: clipError(error), statusCode };
      const result = retryAt === null
        ? this.conn.statement(`
            UPDATE deliveries SET status = 'dead', last_error = @error, last_status_code = @statusCode, locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run(params)
        : this.conn.statement(`
            UPDATE deliveries SET status = 'pending', last_error = @error, last_status_code = @statusCode, next_attempt_at = @retryAt,
                   locked_by = NULL, locked_until = NULL
             WHERE ${HELD}`).run({ ...params, retryAt: retryAt.toISOString() });
      return result.changes === 1;
    });
  }

  listForSubscription(tenantId: string, subscriptionId: string, limit: number): Promise<Delivery[]> {
    return settle(() => {
      if (limit <= 0) return [];
      const rows = this.conn.statement(`
        SELECT * FROM deliveries WHERE tenant_id = ? AND subscription_id = ? ORDER BY id DESC LIMIT ?`)
        .all(tenantId, subscriptionId, limit) as DeliveryRow[];
      return rows.map(toDelivery);
    });
  }

  counts(tenantId?: string): Promise<Record<DeliveryStatus, number>> {
    return settle(() => {
      const rows = (tenantId === undefined
        ? this.conn.statement('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all()
        : this.conn.statement('SELECT status, count(*) AS n FROM deliveries WHERE tenant_id = ? GROUP BY status').all(tenantId)) as { status: string; n: number }[];
      return countsByStatus(DELIVERY_STATUSES, rows);
    });
  }
}
