import express, { type Router } from 'express';
import type { Clock } from '../api/domain/clock.js';
import { httpsCertificateDownloader, type CertificateDownloader } from '../api/webhooks/index.js';
import { createIdentityProvider, sandboxIdentityDefaults, type IdentityProvider, type SandboxIdentityDefaults } from './identity/index.js';
import { createPartnerCenterEmulator, demoReferrals, type PartnerCenterEmulator } from './partner-center/index.js';
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
  partnerCenter: PartnerCenterEmulator;
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
    const api = defaults.clients.find((c) => c.clientId === defaults.clientId)!;
    api.clientId = options.apiClient.clientId;
    api.clientSecret = options.apiClient.clientSecret;
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
  const partnerCenter = createPartnerCenterEmulator({
    publicBaseUrl: () => `${options.baseUrl()}/partner-center`,
    verifyAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.partnerCenter.resource, tenantId: defaults.tenantId }),
    verifyWebhookAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.partnerCenter.webhookResource, tenantId: defaults.tenantId }),
    webhooks: { signing: { privateKeyPem: pki.signing.privateKeyPem, certificateDer: pki.signing.certificateDer, certificateUrl: certificates.certificateUrl } },
    ...clock,
  });
  for (const referral of demoReferrals({ count: options.seedReferrals, ...clock })) partnerCenter.store.put(referral);

  const salesforce = createSalesforceEmulator({ publicBaseUrl: () => `${options.baseUrl()}/salesforce`, ...clock });

  const dataverse = createDataverseEmulator({
    publicBaseUrl: () => `${options.baseUrl()}/dataverse`,
    verifyAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.dataverse.resource, tenantId: defaults.tenantId }),
    authorizationUri: () => `${options.baseUrl()}/identity/${defaults.tenantId}/oauth2/authorize`,
    ...clock,
  });

  const published: PublishedTrust = { caPem: pki.caPem, certificateHost: certificates.host, requiredIssuer: `O=${SANDBOX_ORGANIZATION}` };
  const router = express.Router();
  router.use('/identity', identity.router);
  router.use('/partner-center', partnerCenter.router);
  router.use('/salesforce', salesforce.router);
  router.use('/dataverse', dataverse.router);
  router.get('/trust', (_req, res) => { res.json(published); });
  return {
    router,
    identity,
    partnerCenter,
    salesforce,
    dataverse,
    defaults,
    webhookTrust: trustFrom(published),
    async close() {
      partnerCenter.webhooks.close();
      await certificates.close();
    },
  };
}
