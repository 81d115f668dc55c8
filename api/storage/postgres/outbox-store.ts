import { deliveryColumns } from '../effects.js';
import { sequenceId } from '../ids.js';
import { byAgeThenId, toDelivery, type DeliveryRow } from '../rows.js';
import { clipError, countsByStatus, DELIVERY_STATUSES } from '../states.js';
import { leaseEnd } from '../time.js';
import type { Delivery, DeliveryStatus, Lease, NewDelivery, OutboxStore } from '../types.js';
import { outboxClaimSql } from './claim.js';
import type { Pool, PoolClient } from './pool.js';
import type { Tables } from './tables.js';

/** The lease is held: this worker, not yet run out. $1 id, $2 worker, $3 now. */
const HELD = `id = $1 AND status = 'delivering' AND locked_by = $2 AND locked_until > $3`;

/**
 * Queues deliveries in one statement (inside the caller's transaction). Only for subscriptions that
 * still exist and belong to the delivery's tenant; the same message for the same subscription is queued once.
 */
export async function insertDeliveries(client: PoolClient, t: Tables, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const cols = deliveries.map(deliveryColumns);
  await client.query(`
    INSERT INTO ${t.deliveries} (tenant_id, subscription_id, message_id, payload, created_at, next_attempt_at)
    SELECT d.tenant_id, d.subscription_id, d.message_id, d.payload, d.created_at, d.created_at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY
           AS d(tenant_id, subscription_id, message_id, payload, created_at, n)
      JOIN ${t.subscriptions} s ON s.id = d.subscription_id AND s.tenant_id = d.tenant_id
     ORDER BY d.n
    ON CONFLICT (subscription_id, message_id) DO NOTHING`,
  [cols.map((c) => c.tenant_id), cols.map((c) => c.subscription_id), cols.map((c) => c.message_id), cols.map((c) => c.payload), cols.map((c) => c.created_at)]);
}

export class PostgresOutboxStore implements OutboxStore {
  private readonly claimSql: string;

  constructor(private readonly pool: Pool, private readonly t: Tables) {
    this.claimSql = outboxClaimSql(t);
  }

  async claim(limit: number, lease: Lease): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<DeliveryRow>(this.claimSql, [lease.workerId, leaseEnd(lease.now, lease.leaseMs), lease.now.toISOString(), limit]);
    return result.rows.map(toDelivery).sort(byAgeThenId((d) => d.createdAt));
  }

  async delivered(id: string, workerId: string, statusCode: number, now: Date): Promise<boolean> {
    const seq = sequenceId(id);
    if (seq === undefined) return false;
    const result = await this.pool.query(`
      UPDATE ${this.t.deliveries} SET status = 'delivered', last_status_code = $4, delivered_at = $3, locked_by = NULL, locked_until = NULL
       WHERE ${HELD}`, [seq, workerId, now.toISOString(), statusCode]);
    return result.rowCount === 1;
  }

  async fail(id: string, workerId: string, error: string, statusCode: number | null, retryAt: Date | null, now: Date): Promise<boolean> {
    const seq = sequenceId(id);
    if (seq === undefined) return false;
    const params = [seq, workerId, now.toISOString(), clipError(error), statusCode];
    const result = retryAt === null
      ? await this.pool.query(`
          UPDATE ${this.t.deliveries} SET status = 'dead', last_error = $4, last_status_code = $5, locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, params)
      : await this.pool.query(`
          UPDATE ${this.t.deliveries} SET status = 'pending', last_error = $4, last_status_code = $5, next_attempt_at = $6,
                 locked_by = NULL, locked_until = NULL
           WHERE ${HELD}`, [...params, retryAt.toISOString()]);
    return result.rowCount === 1;
  }

  async listForSubscription(tenantId: string, subscriptionId: string, limit: number): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<DeliveryRow>(`
      SELECT * FROM ${this.t.deliveries} WHERE tenant_id = $1 AND subscription_id = $2 ORDER BY id DESC LIMIT $3`, [tenantId, subscriptionId, limit]);
    return result.rows.map(toDelivery);
  }

  async counts(tenantId?: string): Promise<Record<DeliveryStatus, number>> {
    const result = tenantId === undefined
      ? await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.deliveries} GROUP BY status`)
      : await this.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${this.t.deliveries} WHERE tenant_id = $1 GROUP BY status`, [tenantId]);
    return countsByStatus(DELIVERY_STATUSES, result.rows);
  }
}
