/**
 * The durable event pipeline's workers: from "a verified Partner Center event is in the inbox" to
 * "trigger subscribers received a signed delivery". Every step is a stored state, so a process killed
 * at any point loses nothing: what it held is claimed again when its lease runs out.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../domain/clock.js';
import type { ReferralReader } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/types.js';
import { createInboxWorker } from './inbox-worker.js';
import { resolvePipelineOptions, type PipelineOptions } from './options.js';
import { createOutboxDispatcher } from './outbox-dispatcher.js';
import { WebhookSender } from './webhook-sender.js';

export { acceptDelivery, type InboxDelivery, type IntakeOptions } from './inbox-intake.js';
export { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './options.js';
export { generateWebhookSecret, signStandardWebhook, verifyStandardWebhook, WebhookVerificationError } from './standard-webhooks.js';
export type { TriggerPayload } from './trigger-payload.js';

export interface StartPipelineOptions {
  storage: Storage;
  /** One reader, or one per partner tenant. */
  referrals: ReferralReader | ((tenantId: string) => ReferralReader);
  logger: Logger;
  clock?: Clock;
  /** Names this process's leases; default `<hostname>:<pid>:<random>`. */
  workerId?: string;
  options?: Partial<PipelineOptions>;
  /** CRM sync: which tenants it runs for, and how to wake its worker. */
  crmSync?: { syncs: (tenantId: string) => boolean; wake: () => void };
}

export interface Pipeline {
  /** Something was accepted in this process: look now rather than at the next poll. */
  notify(): void;
  /** Stops claiming, and waits for in-flight events and deliveries to reach a stored conclusion. */
  stop(): Promise<void>;
  /** For tests: resolves once a full round of both loops found no due work (later retries are not due). */
  drained(): Promise<void>;
}

export function startPipeline(start: StartPipelineOptions): Pipeline {
  const options = resolvePipelineOptions(start.options);
  const clock = start.clock ?? systemClock;
  const workerId = start.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const logger = start.logger.child({ component: 'pipeline', workerId });
  const sender = new WebhookSender({ timeoutMs: options.deliveryTimeoutMs });

  const outbox = createOutboxDispatcher({
    storage: start.storage,
    sender,
    logger,
    clock,
    workerId,
    concurrency: options.outboxConcurrency,
    pollIntervalMs: options.pollIntervalMs,
    leaseMs: options.outboxLeaseMs,
    retry: { maxAttempts: options.outboxMaxAttempts, baseDelayMs: options.outboxRetryBaseMs, maxDelayMs: options.outboxRetryMaxMs },
    disableAfterFailures: options.disableAfterFailures,
    callbackUrls: { allowLoopbackHttp: options.allowLoopbackHttp },
  });
  const inbox = createInboxWorker({
    storage: start.storage,
    referralsFor: typeof start.referrals === 'function' ? start.referrals : ((reader) => () => reader)(start.referrals),
    logger,
    clock,
    workerId,
    concurrency: options.inboxConcurrency,
    pollIntervalMs: options.pollIntervalMs,
    leaseMs: options.inboxLeaseMs,
    retry: { maxAttempts: options.inboxMaxAttempts, baseDelayMs: options.inboxRetryBaseMs, maxDelayMs: options.inboxRetryMaxMs },
    onDeliveries: () => outbox.wake(),
    ...(start.crmSync ? { syncsCrm: start.crmSync.syncs, onSyncQueued: start.crmSync.wake } : {}),
  });
  inbox.start();
  outbox.start();

  let stopping: Promise<void> | undefined;
  return {
    notify: () => inbox.wake(),
    stop() {
      stopping ??= (async () => {
        // The inbox first: what it completes may still add deliveries for the outbox to send.
        await inbox.stop();
        await outbox.stop();
        await sender.close();
      })();
      return stopping;
    },
    async drained() {
      for (;;) {
        const before = inbox.claimed + outbox.claimed;
        await inbox.idle();
        await outbox.idle();
        if (inbox.claimed + outbox.claimed === before) return;
      }
    },
  };
}
