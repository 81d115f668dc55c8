/**
 * The webhook side of the Partner Center emulator: the registration, the validation events, and the
 * deliveries raised by referral writes.
 *
 * Every write to the referral store raises, when registered: `referral-created` / `referral-updated`
 * for the written referral; and `related-referral-created` / `related-referral-updated`, also for the
 * written referral, when another referral shares its `engagementId`. The docs say only "raised when the
 * related referral is created/updated"; by analogy with `referral-*` the ResourceUri names the referral
 * that changed, and "related" means it belongs to an engagement with another referral, such as the
 * Microsoft-side referral of a shared co-sell (reference §6.2; inferred).
 */
import type { Dispatcher } from 'undici';
import type { Clock } from '../../../api/domain/clock.js';
import type { ReferralStore } from '../referral-store.js';
import { canonicalInstant } from '../timestamps.js';
import type { Referral, ReferralChange } from '../types.js';
import { WebhookDeliverer, type DeliveryTarget } from './deliveries.js';
import { referralEvent, validationEvent } from './event-body.js';
import { RegistrationStore, type WebhookRegistration } from './registration.js';
import { deliverySigner, type WebhookSigningIdentity } from './signing.js';
import { ValidationEvents } from './validation-events.js';

export interface WebhookEmulatorOptions {
  /** Key and certificate deliveries are signed with. Without them deliveries are logged as failed, never sent unsigned. */
  signing?: WebhookSigningIdentity;
  /** For receivers on https with a private CA. */
  dispatcher?: Dispatcher;
  /** Default 10, as documented. */
  maxAttempts?: number;
  /** Wait after failed attempt n (1-based); default 1 s doubling, capped at 5 min. */
  retryDelayMs?: (attempt: number) => number;
  /** Injected in tests so retries do not wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Default 30 s. */
  attemptTimeoutMs?: number;
}

export interface WebhookEmulatorDependencies {
  store: ReferralStore;
  clock: Clock;
  /** The partner's id, reported as `partnerId` in validation results. */
  partnerId: string;
}

export interface WebhookEmulator {
  registrations: RegistrationStore;
  /** The delivery log (`log()`), `idle()` for tests, `close()`. */
  deliveries: WebhookDeliverer;
  validationEvents: ValidationEvents;
  /** Sends a test-created event to the registration's URL; returns its correlation id. */
  sendValidationEvent(registration: WebhookRegistration): string;
  /** Stops deliveries and the store subscription. */
  close(): void;
}

function targetOf(registration: WebhookRegistration): DeliveryTarget {
  return { webhookUrl: registration.webhookUrl, signatureTokenToMsSignatureHeader: registration.signatureTokenToMsSignatureHeader };
}

function hasRelatedReferral(store: ReferralStore, referral: Referral): boolean {
  const engagementId = referral.engagementId;
  if (typeof engagementId !== 'string' || engagementId === '') return false;
  for (const other of store.scan('createdDateTime', false)) {
    if (other.id !== referral.id && other.engagementId === engagementId) return true;
  }
  return false;
}

export function createWebhookEmulator(deps: WebhookEmulatorDependencies, options: WebhookEmulatorOptions = {}): WebhookEmulator {
  const { store, clock } = deps;
  const registrations = new RegistrationStore();
  const validationEvents = new ValidationEvents(clock, deps.partnerId);
  const deliveries = new WebhookDeliverer({
    clock,
    signer: options.signing && deliverySigner(options.signing),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
    onAttempt: (record, attempt, final) => {
      if (record.correlationId !== null) validationEvents.recordAttempt(record.correlationId, attempt, final);
    },
  });

  const raiseReferralEvents = (change: ReferralChange): void => {
    const registration = registrations.get();
    if (!registration) return;
    const { referral, kind } = change;
    // The write's own stamp; pass-through data without a readable one gets the clock's time.
    const changedAt = canonicalInstant(referral.updatedDateTime) ?? clock();
    const events = registration.webhookEvents;
    if (events.includes(`referral-${kind}`)) {
      deliveries.enqueue(referralEvent(`referral-${kind}`, referral.id, changedAt), targetOf(registration));
    }
    if (events.includes(`related-referral-${kind}`) && hasRelatedReferral(store, referral)) {
      deliveries.enqueue(referralEvent(`related-referral-${kind}`, referral.id, changedAt), targetOf(registration));
    }
  };
  const unsubscribe = store.onChange(raiseReferralEvents);

  return {
    registrations,
    deliveries,
    validationEvents,
    sendValidationEvent(registration) {
      const correlationId = validationEvents.create(registration.webhookUrl);
      deliveries.enqueue(validationEvent(correlationId, clock()), targetOf(registration), correlationId);
      return correlationId;
    },
    close() {
      unsubscribe();
      deliveries.close();
    },
  };
}
