import { systemClock, type Clock } from '../domain/clock.js';
import type { Storage } from '../storage/types.js';

/** One verified Partner Center webhook delivery, as the receiver hands it over (its ParsedDelivery fits). */
export interface InboxDelivery {
  tenantId: string;
  eventName: string;
  resourceId: string | null;
  resourceChangeAt: string | null;
  /** The body exactly as received (kept for replay and audit). */
  rawBody: string | Buffer;
  /** Same delivery twice → same key (the receiver's `dedupeKeyOf(rawBody)`: sha256 of the bytes). */
  dedupeKey: string;
}

export interface IntakeOptions {
  /** Wakes this process's workers at once instead of at their next poll (pipeline.notify). */
  notify?: () => void;
}

/**
 * Stores the event durably and only then resolves, so the receiver answers 2xx only for what cannot be
 * lost. A delivery already stored (Partner Center retried it) is a duplicate: acknowledged, not stored again.
 */
export async function acceptDelivery(storage: Pick<Storage, 'inbox'>, delivery: InboxDelivery, clock: Clock = systemClock, options: IntakeOptions = {}): Promise<{ duplicate: boolean; eventId: string }> {
  const { event, duplicate } = await storage.inbox.accept({
    tenantId: delivery.tenantId,
    dedupeKey: delivery.dedupeKey,
    eventName: delivery.eventName,
    resourceId: delivery.resourceId,
    resourceChangeAt: delivery.resourceChangeAt,
    body: typeof delivery.rawBody === 'string' ? delivery.rawBody : delivery.rawBody.toString('utf8'),
    receivedAt: clock().toISOString(),
  });
  if (!duplicate) options.notify?.();
  return { duplicate, eventId: event.id };
}
