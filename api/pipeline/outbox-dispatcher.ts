/**
 * Sends stored trigger deliveries to their subscribers, signed Standard Webhooks style. Delivery is at
 * least once: a process killed after the POST but before recording it sends it again after the lease,
 * with the same `webhook-id`, which is what subscribers dedupe on. A subscription that keeps failing is
 * disabled (with its reason) and its deliveries wait until it is enabled again; 410 Gone disables at once.
 */
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';
import type { Delivery, Storage } from '../storage/types.js';
import { nextAttemptAt, type BackoffPolicy } from './backoff.js';
import { callbackUrlProblem, type CallbackUrlPolicy } from './callback-url.js';
import type { WebhookSender } from './webhook-sender.js';
import { WorkLoop } from './work-loop.js';

export interface OutboxDispatcherOptions {
  storage: Storage;
  sender: WebhookSender;
  logger: Logger;
  clock: Clock;
  workerId: string;
  concurrency: number;
  pollIntervalMs: number;
  /** Well above the send timeout, so a delivery is not sent twice while its first POST is still running. */
  leaseMs: number;
  retry: BackoffPolicy;
  /** Consecutive failed attempts (over all its deliveries) after which a subscription is disabled. */
  disableAfterFailures: number;
  callbackUrls: CallbackUrlPolicy;
  random?: () => number;
}

export function createOutboxDispatcher(options: OutboxDispatcherOptions): WorkLoop<Delivery> {
  const { storage, clock, workerId, leaseMs, logger } = options;
  return new WorkLoop<Delivery>({
    name: 'outbox',
    claim: (limit) => storage.outbox.claim(limit, { workerId, leaseMs, now: clock() }),
    process: (delivery) => dispatchDelivery(delivery, options),
    concurrency: options.concurrency,
    pollIntervalMs: options.pollIntervalMs,
    logger,
  });
}

const GONE = 410;

/** One claimed delivery to its stored conclusion: delivered, retried later, or dead. */
export async function dispatchDelivery(delivery: Delivery, options: OutboxDispatcherOptions): Promise<void> {
  const { storage, clock, workerId, logger } = options;
  const log = logger.child({ deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, messageId: delivery.messageId });
  const giveUp = async (error: string, statusCode: number | null) => {
    await storage.outbox.fail(delivery.id, workerId, error, statusCode, null, clock());
    log.warn({ error }, 'delivery is dead');
  };

  const subscription = await storage.subscriptions.get(delivery.tenantId, delivery.subscriptionId);
  if (!subscription) {
    await giveUp('the subscription was deleted', null);
    return;
  }
  if (subscription.status !== 'active') {
    // Disabled since the claim: try later without counting it against the subscriber.
    const retryAt = nextAttemptAt(delivery.attempts, clock(), options.retry, options.random ? { random: options.random } : {});
    await storage.outbox.fail(delivery.id, workerId, 'the subscription is disabled', null, retryAt, clock());
    return;
  }
  const urlProblem = callbackUrlProblem(subscription.callbackUrl, options.callbackUrls);
  if (urlProblem !== undefined) {
    await giveUp(urlProblem, null);
    await storage.subscriptions.recordFailure(subscription.id, urlProblem, 1, clock());
    return;
  }

  const result = await options.sender.send(subscription.callbackUrl, subscription.secret, delivery.messageId, delivery.payload, clock());
  const now = clock();
  const status = result.statusCode;
  if (status !== null && status >= 200 && status < 300) {
    const held = await storage.outbox.delivered(delivery.id, workerId, status, now);
    if (!held) log.warn('delivered, but the lease was lost first; another dispatcher may send it again (same webhook-id)');
    await storage.subscriptions.recordSuccess(subscription.id, now);
    log.debug({ statusCode: status }, 'delivered');
    return;
  }
  if (status === GONE) {
    const reason = 'the callback URL answered 410 Gone: the subscriber is gone';
    await giveUp(reason, status);
    const after = await storage.subscriptions.recordFailure(subscription.id, reason, 1, now);
    log.warn({ status: after?.status }, 'subscription disabled: 410 Gone');
    return;
  }
  const error = status !== null ? `the callback URL answered HTTP ${status}` : `no answer from the callback URL (${result.error ?? 'unknown error'})`;
  // `attempts` counts the claims of this delivery, the current one included.
  const retryAt = nextAttemptAt(delivery.attempts, now, options.retry, {
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  await storage.outbox.fail(delivery.id, workerId, error, status, retryAt, now);
  const after = await storage.subscriptions.recordFailure(subscription.id, error, options.disableAfterFailures, now);
  if (after?.status === 'disabled') log.warn({ reason: after.disabledReason, failures: after.consecutiveFailures }, 'subscription disabled after repeated failures');
  else log.warn({ error, attempts: delivery.attempts, retryAt: retryAt?.toISOString() ?? null }, retryAt ? 'delivery failed; will retry' : 'delivery is dead: no attempts left');
}
