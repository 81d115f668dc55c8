/**
 * Partner Center Referrals API emulator: an in-memory stand-in for
 * `https://api.partner.microsoft.com/v1.0/engagements/referrals`, faithful to the documented
 * behaviour (see README.md in this folder for the choices made where the docs are silent).
 */
import type { Router } from 'express';
import { systemClock, type Clock } from '../../api/domain/clock.js';
import type { VerifyAccessToken } from './auth.js';
import type { EmulatorContext } from './emulator-context.js';
import { expireDue } from './expiry.js';
import { FaultInjector } from './faults.js';
import { baseUrlFor, type RequestLogEntry } from './request-context.js';
import { ReferralStore } from './referral-store.js';
import { createRouter } from './router.js';
import { DEFAULT_ORGANIZATION_ID, DEFAULT_ORGANIZATION_NAME } from './seed.js';
import { SkipTokenCodec } from './skiptoken.js';
import { WriteStamper } from './write-stamp.js';
import { createWebhookEmulator, type WebhookEmulator, type WebhookEmulatorOptions } from './webhooks/index.js';

export { demoReferrals, type DemoReferralOptions } from './seed.js';
export { ReferralStore, type ChangeListener } from './referral-store.js';
export { FaultInjector, type FaultSpec, type PendingFault } from './faults.js';
export type { RequestLogEntry } from './request-context.js';
export type { AccessTokenClaims, VerifyAccessToken } from './auth.js';
export type * from './types.js';
export type { WebhookEmulator, WebhookEmulatorOptions, WebhookSigningIdentity } from './webhooks/index.js';

export interface PartnerCenterEmulatorOptions {
  /** Default systemClock. */
  clock?: Clock;
  /** Verifies the bearer token; resolve claims or throw. Supplied by the sandbox composer (identity provider). */
  verifyAccessToken?: (token: string) => Promise<{ scp?: string; roles?: string[]; tid?: string; [k: string]: unknown }>;
  /** The partner's org id (default '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d', as in the samples). */
  organizationId?: string;
  /** Default 'Contoso Company'. */
  organizationName?: string;
  /** Default 100. */
  maxPageSize?: number;
  /** Absolute base of the emulator mount, e.g. 'http://127.0.0.1:3000/sandbox/partner-center', used to build @odata.nextLink and links. */
  publicBaseUrl?: () => string;
  /**
   * Verifies the bearer token of the webhook registration API, whose audience is
   * `https://api.partnercenter.microsoft.com` (not the Referrals API's); app-only tokens are accepted there.
   */
  verifyWebhookAccessToken?: VerifyAccessToken;
  /** Signing identity, retry schedule and transport of webhook deliveries. */
  webhooks?: WebhookEmulatorOptions;
}

export interface PartnerCenterEmulator {
  /** Mounted by others at /sandbox/partner-center; serves /v1.0/engagements/referrals… and /_faults. */
  router: Router;
  /** Programmatic access for tests and seeding. */
  store: ReferralStore;
  faults: FaultInjector;
  /** Marks unanswered incoming referrals past their 14-day window as Closed/Expired; returns how many. Also runs on every request. */
  expireDue(): number;
  /** The last 1000 API requests (authorization credentials redacted). */
  requestLog: RequestLogEntry[];
  /** Registration, validation events and the delivery log; serves /webhooks/v1/registration… on the router. */
  webhooks: WebhookEmulator;
}

export function createPartnerCenterEmulator(options: PartnerCenterEmulatorOptions = {}): PartnerCenterEmulator {
  const maxPageSize = options.maxPageSize ?? 100;
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1) throw new RangeError('maxPageSize must be a positive integer.');
  const store = new ReferralStore();
  const clock = options.clock ?? systemClock;
  const stamper = new WriteStamper(clock);
  const faults = new FaultInjector();
  const requestLog: RequestLogEntry[] = [];
  const expire = (): number => expireDue(store, stamper);

  const context: EmulatorContext = {
    store,
    stamper,
    skipTokens: new SkipTokenCodec(),
    organizationId: options.organizationId ?? DEFAULT_ORGANIZATION_ID,
    organizationName: options.organizationName ?? DEFAULT_ORGANIZATION_NAME,
    maxPageSize,
    baseUrl: (req, res) => baseUrlFor(options.publicBaseUrl, req, res),
    expireDue: expire,
  };
  const verifyAccessToken: VerifyAccessToken | undefined = options.verifyAccessToken;
  const webhooks = createWebhookEmulator({ store, clock, partnerId: context.organizationId }, options.webhooks);
  const router = createRouter({
    context, faults, requestLog, verifyAccessToken, webhooks, clock, verifyWebhookAccessToken: options.verifyWebhookAccessToken,
  });
  return { router, store, faults, expireDue: expire, requestLog, webhooks };
}
