import express, { type Router } from 'express';
import type { Clock } from '../api/domain/clock.js';
import { createIdentityProvider, sandboxIdentityDefaults, type IdentityProvider, type SandboxIdentityDefaults } from './identity/index.js';
import { createPartnerCenterEmulator, demoReferrals, type PartnerCenterEmulator } from './partner-center/index.js';

export interface SandboxOptions {
  /** Absolute base URL of the sandbox mount, e.g. http://127.0.0.1:3000/sandbox (known once the server listens). */
  baseUrl: () => string;
  seedReferrals: number;
  clock?: Clock;
  /** Overrides of the connector API client that callers use (SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET). */
  apiClient?: { clientId: string; clientSecret: string };
}

export interface Sandbox {
  router: Router;
  identity: IdentityProvider;
  partnerCenter: PartnerCenterEmulator;
  defaults: SandboxIdentityDefaults;
}

/**
 * The local stand-ins for Microsoft's services, on one router: the identity provider under /identity
 * and the Partner Center emulator under /partner-center. The emulator trusts only tokens the identity
 * provider issued for the Referrals API, as the real service trusts only Entra ID.
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const defaults = sandboxIdentityDefaults();
  if (options.apiClient) {
    const api = defaults.clients.find((c) => c.clientId === defaults.clientId)!;
    api.clientId = options.apiClient.clientId;
    api.clientSecret = options.apiClient.clientSecret;
  }
  const identity = createIdentityProvider({
    issuerBase: () => `${options.baseUrl()}/identity`,
    clients: defaults.clients,
    users: defaults.users,
    resources: defaults.resources,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const partnerCenter = createPartnerCenterEmulator({
    publicBaseUrl: () => `${options.baseUrl()}/partner-center`,
    verifyAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.partnerCenter.resource, tenantId: defaults.tenantId }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  for (const referral of demoReferrals({ count: options.seedReferrals, ...(options.clock ? { clock: options.clock } : {}) })) {
    partnerCenter.store.put(referral);
  }
  const router = express.Router();
  router.use('/identity', identity.router);
  router.use('/partner-center', partnerCenter.router);
  return { router, identity, partnerCenter, defaults };
}
