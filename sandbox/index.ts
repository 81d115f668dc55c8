import express, { type Router } from 'express';
import type { Clock } from '../api/domain/clock.js';
import { httpsCertificateDownloader, type CertificateDownloader } from '../api/webhooks/index.js';
import { createIdentityProvider, sandboxIdentityDefaults, type IdentityProvider, type SandboxIdentityDefaults } from './identity/index.js';
import { createPartnerCenterEmulator, demoReferrals, type PartnerCenterEmulator } from './partner-center/index.js';
import { tenantRouter } from './partner-center/tenant-router.js';
import { receiverTrust, startCertificateServer, type CertificateServer } from './partner-center/webhooks/index.js';
import { SANDBOX_ORGANIZATION, sandboxPki } from './pki.js';
import { createDataverseEmulator, type DataverseEmulator } from './dataverse/index.js';
import { createSalesforceEmulator, type SalesforceEmulator } from './salesforce/index.js';

export interface SandboxOptions {
  /** Absolute base URL of the sandbox mount, e.g. http://127.0.0.1:3000/sandbox (known once the server listens). */
  baseUrl: () => string;
  seedReferrals: number;
  clock?: Clock;
  /** Overrides of the connector API client that callers use (SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET). */
  apiClient?: { clientId: string; clientSecret: string };
}

/** What a receiver needs, in sandbox mode, to trust the emulator's signed webhook deliveries. */
export interface SandboxWebhookTrust {
  /** The https host the signing certificate is published on. */
  allowedHosts: string[];
  requiredIssuer: string;
  download: CertificateDownloader;
}

/** The same, as the sandbox publishes it at GET {base}/trust for API processes that share it (SANDBOX_URL). */
export interface PublishedTrust {
  caPem: string;
  certificateHost: string;
  requiredIssuer: string;
}

export interface Sandbox {
  router: Router;
  identity: IdentityProvider;
  /** The first partner tenant's Partner Center (`defaults.tenantId`). */
  partnerCenter: PartnerCenterEmulator;
  /** Every partner tenant's Partner Center, by tenant id; requests reach the one their token's tenant names. */
  partnerCenters: ReadonlyMap<string, PartnerCenterEmulator>;
  /** A Salesforce org (jsforce's instanceUrl is this mount) for the CRM sync. */
  salesforce: SalesforceEmulator;
  /** A Dynamics 365 (Dataverse) environment's Web API, for the CRM sync; tokens for `defaults.dataverse.resource`. */
  dataverse: DataverseEmulator;
  defaults: SandboxIdentityDefaults;
  webhookTrust: SandboxWebhookTrust;
  close(): Promise<void>;
}

export function trustFrom(published: PublishedTrust): SandboxWebhookTrust {
  const { dispatcher } = receiverTrust({ host: published.certificateHost }, published.caPem);
  return { allowedHosts: [published.certificateHost], requiredIssuer: `O=${SANDBOX_ORGANIZATION}`, download: httpsCertificateDownloader({ dispatcher }) };
}

/**
 * The local stand-ins for the services the product talks to, on one router: the identity provider under
 * /identity, the Partner Center emulator under /partner-center (referrals and webhook registration) and
 * a Salesforce org under /salesforce and a Dynamics 365 environment's Web API under /dataverse. The
 * emulator trusts only tokens the identity provider issued, as the real services trust only Entra ID,
 * and signs its webhook deliveries with a certificate it publishes over https, as Microsoft does.
 */
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const defaults = sandboxIdentityDefaults();
  if (options.apiClient) {
    for (const api of defaults.clients.filter((c) => c.clientId === defaults.clientId)) {
      api.clientId = options.apiClient.clientId;
      api.clientSecret = options.apiClient.clientSecret;
    }
  }
  const clock = options.clock ? { clock: options.clock } : {};
  const identity = createIdentityProvider({
    issuerBase: () => `${options.baseUrl()}/identity`,
    clients: defaults.clients,
    users: defaults.users,
    resources: defaults.resources,
    ...clock,
  });
  const pki = await sandboxPki();
  const certificates: CertificateServer = await startCertificateServer({ certificateDer: pki.signing.certificateDer, tls: pki.tls });
  const partnerCenters = new Map<string, PartnerCenterEmulator>();
  for (const tenant of defaults.partnerTenants) {
    const emulator = createPartnerCenterEmulator({
      publicBaseUrl: () => `${options.baseUrl()}/partner-center`,
      organizationId: tenant.organizationId,
      organizationName: tenant.organizationName,
      verifyAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.partnerCenter.resource, tenantId: tenant.tenantId }),
      verifyWebhookAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.partnerCenter.webhookResource, tenantId: tenant.tenantId }),
      webhooks: { signing: { privateKeyPem: pki.signing.privateKeyPem, certificateDer: pki.signing.certificateDer, certificateUrl: certificates.certificateUrl } },
      ...clock,
    });
    for (const referral of demoReferrals({ count: options.seedReferrals, organizationId: tenant.organizationId, seed: tenant.seed, ...clock })) emulator.store.put(referral);
    partnerCenters.set(tenant.tenantId, emulator);
  }
  const partnerCenter = partnerCenters.get(defaults.tenantId)!;

  const salesforce = createSalesforceEmulator({ publicBaseUrl: () => `${options.baseUrl()}/salesforce`, ...clock });

  const dataverse = createDataverseEmulator({
    publicBaseUrl: () => `${options.baseUrl()}/dataverse`,
    // One environment for the sandbox's partners: a token from any of their tenants is accepted (a real
    // environment belongs to one tenant; here each partner of a multi-tenant run brings a different CRM).
    verifyAccessToken: async (token) => {
      const claims = await identity.verifyAccessToken(token, { audience: defaults.dataverse.resource });
      if (!defaults.partnerTenants.some((t) => t.tenantId === claims['tid'])) throw new Error('The token is not from a sandbox partner tenant.');
      return claims;
    },
    authorizationUri: () => `${options.baseUrl()}/identity/${defaults.tenantId}/oauth2/authorize`,
    ...clock,
  });

  const published: PublishedTrust = { caPem: pki.caPem, certificateHost: certificates.host, requiredIssuer: `O=${SANDBOX_ORGANIZATION}` };
  const router = express.Router();
  router.use('/identity', identity.router);
  router.use('/partner-center', tenantRouter(new Map([...partnerCenters].map(([tid, e]) => [tid, e.router])), defaults.tenantId));
  router.use('/salesforce', salesforce.router);
  router.use('/dataverse', dataverse.router);
  router.get('/trust', (_req, res) => { res.json(published); });
  return {
    router,
    identity,
    partnerCenter,
    partnerCenters,
    salesforce,
    dataverse,
    defaults,
    webhookTrust: trustFrom(published),
    async close() {
      for (const emulator of partnerCenters.values()) emulator.webhooks.close();
      await certificates.close();
    },
  };
}
