/**
 * Turns stored Partner Center events into their effects. Events carry no data, so each referral event
 * GETs the referral and hands the storage its current version with the trigger deliveries it causes;
 * the storage applies them in one transaction only if that version is newer than the mirror's, which
 * is how duplicates and out-of-order events end up with one effect per version.
 *
 * Leases: an event stays with its worker for `leaseMs`. There is no heartbeat; `complete` and `fail`
 * only write while the lease is held, so a worker slower than its lease (a long Partner Center outage
 * inside the client's own retries) costs a repeated GET, never a second effect. Keep the lease well
 * above the Partner Center client's worst case (attempts × timeout + backoff) to avoid that waste.
 */
import type { Clock } from '../domain/clock.js';
import { ReferralNotFoundError, type ReferralReader } from '../domain/ports.js';
import type { Referral } from '../domain/referral.js';
import type { Logger } from '../logging/logger.js';
import type { InboxEvent, NewDelivery, Storage, StoredReferral, TriggerEvent } from '../storage/types.js';
import { mirrorReady } from '../sync/mirror-state.js';
import { nextAttemptAt, type BackoffPolicy } from './backoff.js';
import { describeFailure, PermanentFailure } from './failure.js';
import { toStoredReferral } from '../sync/stored-referral.js';
import { deliveryMessageId, occurredAt, triggerFor, type TriggerPayload } from './trigger-payload.js';
import { WorkLoop } from './work-loop.js';

export interface InboxWorkerOptions {
  storage: Storage;
  /** The Partner Center reader of an event's tenant. */
  referralsFor: (tenantId: string) => ReferralReader;
  logger: Logger;
  clock: Clock;
  workerId: string;
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  retry: BackoffPolicy;
  /** Called when an event produced deliveries, so the dispatcher need not wait for its poll. */
  onDeliveries?: () => void;
  /** Tenants whose referrals are synced with a CRM: each applied version queues a sync job in the same transaction. */
  syncsCrm?: (tenantId: string) => boolean;
  /** Called when sync jobs were queued. */
  onSyncQueued?: () => void;
  random?: () => number;
}

type Effects =
  | { kind: 'ignore'; reason: string }
  | { kind: 'apply'; referral: StoredReferral; deliveries: NewDelivery[] };

export function createInboxWorker(options: InboxWorkerOptions): WorkLoop<InboxEvent> {
  const { storage, clock, workerId, leaseMs, logger } = options;
  return new WorkLoop<InboxEvent>({
    name: 'inbox',
    claim: (limit) => storage.inbox.claim(limit, { workerId, leaseMs, now: clock() }),
    process: (event) => processInboxEvent(event, options),
    concurrency: options.concurrency,
    pollIntervalMs: options.pollIntervalMs,
    logger,
  });
}

/** One claimed event to its stored conclusion: applied, stale, ignored, retried later, or dead. */
export async function processInboxEvent(event: InboxEvent, options: InboxWorkerOptions): Promise<void> {
  const { storage, clock, workerId, logger } = options;
  const log = logger.child({ inboxEventId: event.id, eventName: event.eventName, referralId: event.resourceId });
  try {
    const effects = await decideEffects(event, options);
    if (effects.kind === 'ignore') {
      const outcome = await storage.inbox.complete(event.id, workerId, { ignore: true }, clock());
      // The storage has no column for why; the log line is the record.
      log.info({ outcome, reason: effects.reason }, 'event ignored');
      return;
    }
    const syncKeys = options.syncsCrm?.(event.tenantId) === true ? [`referral:${effects.referral.id}`] : undefined;
    const outcome = await storage.inbox.complete(event.id, workerId, { referral: effects.referral, deliveries: effects.deliveries, ...(syncKeys ? { syncKeys } : {}) }, clock());
    if (outcome === 'lost-lease') {
      log.warn('lost the lease before completing; another worker has the event');
      return;
    }
    log.debug({ outcome, version: effects.referral.updatedDateTime, deliveries: outcome === 'applied' ? effects.deliveries.length : 0 }, 'event processed');
    if (outcome === 'applied' && effects.deliveries.length > 0) options.onDeliveries?.();
    if (outcome === 'applied' && syncKeys) options.onSyncQueued?.();
  } catch (err) {
    // Partner Center failed, or the completing transaction did (a deadlock, a lost connection): retry soon
    // rather than wait for the lease to run out.
    await failAttempt(event, err, options, log);
  }
}

async function failAttempt(event: InboxEvent, err: unknown, options: InboxWorkerOptions, log: Logger): Promise<void> {
  const failure = describeFailure(err);
  const now = options.clock();
  // `attempts` counts the claims of this event, the current one included.
  const retryAt = failure.permanent ? null : nextAttemptAt(event.attempts, now, options.retry, {
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const held = await options.storage.inbox.fail(event.id, options.workerId, failure.message, retryAt, now);
  if (!held) log.warn('lost the lease before recording a failure; another worker has the event');
  else if (retryAt === null) log.error({ attempts: event.attempts, error: failure.message }, 'event is dead: no attempts left or a permanent failure');
  else log.warn({ attempts: event.attempts, retryAt: retryAt.toISOString(), error: failure.message }, 'event failed; will retry');
}

async function decideEffects(event: InboxEvent, options: InboxWorkerOptions): Promise<Effects> {
  if (event.eventName === 'test-created') return { kind: 'ignore', reason: 'test event (acknowledged, nothing to do)' };
  const trigger = triggerFor(event.eventName);
  if (trigger === undefined) return { kind: 'ignore', reason: `no handler for event name ${JSON.stringify(event.eventName)}` };
  if (event.resourceId === null || event.resourceId === '') return { kind: 'ignore', reason: 'the event names no referral (no id in ResourceUri)' };
  let referral: Referral;
  try {
    referral = await options.referralsFor(event.tenantId).get(event.resourceId);
  } catch (err) {
    // Deleted or never visible to this partner: retrying would fail the same way forever.
    if (err instanceof ReferralNotFoundError) return { kind: 'ignore', reason: `referral ${event.resourceId} was not found in Partner Center` };
    throw err;
  }
  if (referral.id === '') referral = { ...referral, id: event.resourceId };
  let stored: StoredReferral;
  try {
    stored = toStoredReferral(event.tenantId, referral);
  } catch (err) {
    throw new PermanentFailure(`referral ${referral.id} cannot be versioned: ${(err as Error).message}`);
  }
  const deliveries: NewDelivery[] = [];
  for (const t of await triggersFor(event, trigger, stored, options)) deliveries.push(...await deliveriesFor(event, t, referral, stored, options));
  return { kind: 'apply', referral: stored, deliveries };
}

/**
 * Which triggers this version fires. Events are hints and the referral is fetched when processed, so
 * the version seen may fold several changes: a referral created and then accepted before its
 * `referral-created` event is processed. The mirror decides, not the event name: a referral it lacks
 * (once it has been filled) is new, and also announced as updated when it changed after creation; one
 * it has is updated. Before the first fill, a referral the mirror lacks is judged by the event name.
 */
async function triggersFor(event: InboxEvent, byName: TriggerEvent, stored: StoredReferral, options: InboxWorkerOptions): Promise<TriggerEvent[]> {
  const previous = await options.storage.referrals.get(event.tenantId, stored.id);
  if (previous) return ['referral-updated'];
  const created = byName === 'referral-created' || await mirrorReady(options.storage.cursors, event.tenantId);
  if (!created) return ['referral-updated'];
  return changedSinceCreation(stored) ? ['referral-created', 'referral-updated'] : ['referral-created'];
}

function changedSinceCreation(stored: StoredReferral): boolean {
  const created = JSON.parse(stored.json) as { createdDateTime?: string };
  return created.createdDateTime !== undefined && Date.parse(stored.updatedDateTime) > Date.parse(created.createdDateTime);
}

async function deliveriesFor(event: InboxEvent, trigger: TriggerEvent, referral: Referral, stored: StoredReferral, options: InboxWorkerOptions): Promise<NewDelivery[]> {
  const subscriptions = (await options.storage.subscriptions.active(event.tenantId, trigger))
    .filter((s) => !s.onlyMicrosoftCoSell || referral.microsoftCoSell);
  if (subscriptions.length === 0) return [];
  const now = options.clock();
  const payload: TriggerPayload = { eventId: event.id, eventType: trigger, occurredAt: occurredAt(event.resourceChangeAt, now), referral };
  const text = JSON.stringify(payload);
  return subscriptions.map((s) => ({
    tenantId: event.tenantId,
    subscriptionId: s.id,
    messageId: deliveryMessageId(s.id, trigger, stored.id, stored.updatedDateTime),
    payload: text,
    createdAt: now.toISOString(),
  }));
}
