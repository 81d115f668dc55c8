import { randomUUID } from 'node:crypto';
import { toSubscription, type SubscriptionRow } from '../rows.js';
import { toInstant } from '../time.js';
import type { NewSubscription, Subscription, SubscriptionStore, TriggerEvent } from '../types.js';
import type { Pool } from './pool.js';
import type { Tables } from './tables.js';

export class PostgresSubscriptionStore implements SubscriptionStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async create(s: NewSubscription): Promise<Subscription> {
    const createdAt = toInstant(s.createdAt);
    const result = await this.pool.query<SubscriptionRow>(`
      INSERT INTO ${this.t.subscriptions} (id, tenant_id, event, callback_url, only_microsoft_co_sell, secret, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
      RETURNING *`, [randomUUID(), s.tenantId, s.event, s.callbackUrl, s.onlyMicrosoftCoSell, s.secret, createdAt]);
    return toSubscription(result.rows[0] as SubscriptionRow);
  }

  async get(tenantId: string, id: string): Promise<Subscription | undefined> {
    const result = await this.pool.query<SubscriptionRow>(`SELECT * FROM ${this.t.subscriptions} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    const row = result.rows[0];
    return row && toSubscription(row);
  }

  async list(tenantId: string): Promise<Subscription[]> {
    const result = await this.pool.query<SubscriptionRow>(`SELECT * FROM ${this.t.subscriptions} WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId]);
    return result.rows.map(toSubscription);
  }

  async active(tenantId: string, event: TriggerEvent): Promise<Subscription[]> {
    const result = await this.pool.query<SubscriptionRow>(`
      SELECT * FROM ${this.t.subscriptions} WHERE tenant_id = $1 AND event = $2 AND status = 'active' ORDER BY created_at, id`, [tenantId, event]);
    return result.rows.map(toSubscription);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    // Its queued deliveries go with it (ON DELETE CASCADE).
    const result = await this.pool.query(`DELETE FROM ${this.t.subscriptions} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return result.rowCount === 1;
  }

  async recordSuccess(id: string, now: Date): Promise<void> {
    await this.pool.query(`
      UPDATE ${this.t.subscriptions} SET consecutive_failures = 0, updated_at = $2
       WHERE id = $1 AND consecutive_failures <> 0`, [id, now.toISOString()]);
  }

  async recordFailure(id: string, reason: string, disableAfter: number, now: Date): Promise<Subscription | undefined> {
    // Right-hand sides see the row before the update; the row lock serializes concurrent failures.
    const result = await this.pool.query<SubscriptionRow>(`
      UPDATE ${this.t.subscriptions}
         SET consecutive_failures = consecutive_failures + 1,
             status = CASE WHEN consecutive_failures + 1 >= $3 THEN 'disabled' ELSE status END,
             disabled_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $3 THEN $2 ELSE disabled_reason END,
             updated_at = $4
       WHERE id = $1
      RETURNING *`, [id, reason, disableAfter, now.toISOString()]);
    const row = result.rows[0];
    return row && toSubscription(row);
  }

  async enable(tenantId: string, id: string, now: Date): Promise<Subscription | undefined> {
    const result = await this.pool.query<SubscriptionRow>(`
      UPDATE ${this.t.subscriptions} SET status = 'active', consecutive_failures = 0, disabled_reason = NULL, updated_at = $3
       WHERE tenant_id = $1 AND id = $2
      RETURNING *`, [tenantId, id, now.toISOString()]);
    const row = result.rows[0];
    return row && toSubscription(row);
  }
}
