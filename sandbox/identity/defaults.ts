import type { IdentityClient, IdentityUser } from './types.js';

/** Everything a local run or a test needs to get tokens from the sandbox tenant. Secrets here are sandbox-only. */
export interface SandboxIdentityDefaults {
  tenantId: 'sandbox';
  /** A caller of the connector API holding the read and write roles. */
  clientId: 'sandbox-client';
  clientSecret: 'sandbox-secret';
  /** A caller of the connector API holding the read role only. */
  readOnlyClientId: 'sandbox-reader';
  readOnlyClientSecret: 'sandbox-reader-secret';
  /** The connector API's application ID URI (the `aud` of its tokens) and the client-credentials scope for it. */
  apiResource: 'api://cosell-connector';
  apiScope: 'api://cosell-connector/.default';
  /** Delegated scope named in the connector contract (Power Automate callers). */
  apiDelegatedScope: 'api://cosell-connector/user_impersonation';
  readRole: 'Referrals.Read';
  writeRole: 'Referrals.ReadWrite';
  /** The connector's own app registration calling Partner Center App+User (Secure Application Model). */
  partnerCenter: {
    clientId: 'sandbox-partner-center-app';
    clientSecret: 'sandbox-partner-center-secret';
    /** Refresh token of the sandbox Referrals Admin, consented for this app. */
    refreshToken: 'sandbox-referrals-admin-refresh-token';
    /** Referrals API (api.partner.microsoft.com). */
    resource: 'https://api.partner.microsoft.com';
    scope: 'https://api.partner.microsoft.com/.default';
    /** Webhook registration API: a different resource (api.partnercenter.microsoft.com). */
    webhookResource: 'https://api.partnercenter.microsoft.com';
    webhookScope: 'https://api.partnercenter.microsoft.com/.default';
    userOid: string;
    userUpn: string;
  };
  /** The sync's app registration for Dynamics 365: client credentials, mapped to an application user in the environment. */
  dataverse: {
    clientId: 'sandbox-dataverse-client';
    clientSecret: 'sandbox-dataverse-secret';
    /** The environment URL, which is also the token audience (crm-apis.md §4.7). */
    resource: 'https://cosell-sandbox.crm.dynamics.com';
    scope: 'https://cosell-sandbox.crm.dynamics.com/.default';
  };
  /**
   * The partner organizations of the sandbox, each its own Entra tenant with its own Partner Center
   * account. The first is `tenantId`; the others exist so one process can serve several partners (and
   * their different CRMs) at once. The connector's app registrations are multi-tenant, so they carry
   * the same client ids in every tenant.
   */
  partnerTenants: SandboxPartnerTenant[];
  clients: IdentityClient[];
  users: IdentityUser[];
  /** Resources the sandbox tenant knows; a scope for any other one fails with AADSTS500011. */
  resources: string[];
}

/** One sandbox partner organization: its tenant, its Partner Center account and its Referrals Admin. */
export interface SandboxPartnerTenant {
  tenantId: string;
  organizationId: string;
  organizationName: string;
  /** Refresh token of the tenant's Referrals Admin, consented for the connector's Partner Center app. */
  refreshToken: string;
  userOid: string;
  /** Seed of the tenant's demo referrals, so each tenant has referrals of its own. */
  seed: number;
}

/** The second sandbox partner: Fabrikam, which runs Dynamics 365 when Contoso runs Salesforce (CRM=salesforce,dynamics365). */
export const SECOND_SANDBOX_TENANT: SandboxPartnerTenant = {
  tenantId: 'sandbox-fabrikam',
  organizationId: '2f1d7a4c-8b3e-4c5d-9e6f-0a1b2c3d4e5f',
  organizationName: 'Fabrikam, Inc.',
  refreshToken: 'sandbox-fabrikam-referrals-admin-refresh-token',
  userOid: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  seed: 2,
};

/** A fresh copy each call, so a test may change its clients or users without touching another's. */
export function sandboxIdentityDefaults(): SandboxIdentityDefaults {
  const tenantId = 'sandbox';
  const user: IdentityUser = {
    tenantId,
    oid: '6f1b8a3e-2c4d-4e5f-9a0b-1c2d3e4f5a6b',
    upn: 'referrals.admin@sandbox.example',
    name: 'Sandbox Referrals Admin',
    refreshToken: 'sandbox-referrals-admin-refresh-token',
  };
  return {
    tenantId,
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-secret',
    readOnlyClientId: 'sandbox-reader',
    readOnlyClientSecret: 'sandbox-reader-secret',
    apiResource: 'api://cosell-connector',
    apiScope: 'api://cosell-connector/.default',
    apiDelegatedScope: 'api://cosell-connector/user_impersonation',
    readRole: 'Referrals.Read',
    writeRole: 'Referrals.ReadWrite',
    partnerCenter: {
      clientId: 'sandbox-partner-center-app',
      clientSecret: 'sandbox-partner-center-secret',
      refreshToken: 'sandbox-referrals-admin-refresh-token',
      resource: 'https://api.partner.microsoft.com',
      scope: 'https://api.partner.microsoft.com/.default',
      webhookResource: 'https://api.partnercenter.microsoft.com',
      webhookScope: 'https://api.partnercenter.microsoft.com/.default',
      userOid: user.oid,
      userUpn: user.upn,
    },
    dataverse: {
      clientId: 'sandbox-dataverse-client',
      clientSecret: 'sandbox-dataverse-secret',
      resource: 'https://cosell-sandbox.crm.dynamics.com',
      scope: 'https://cosell-sandbox.crm.dynamics.com/.default',
    },
    // The same registrations in each partner tenant: the API's callers, and the connector's multi-tenant apps.
    clients: [tenantId, SECOND_SANDBOX_TENANT.tenantId].flatMap((tid): IdentityClient[] => [
      { tenantId: tid, clientId: 'sandbox-client', clientSecret: 'sandbox-secret', appRoles: ['Referrals.Read', 'Referrals.ReadWrite'], displayName: 'Sandbox API client' },
      { tenantId: tid, clientId: 'sandbox-reader', clientSecret: 'sandbox-reader-secret', appRoles: ['Referrals.Read'], displayName: 'Sandbox read-only client' },
      { tenantId: tid, clientId: 'sandbox-partner-center-app', clientSecret: 'sandbox-partner-center-secret', appRoles: [], displayName: 'Co-sell connector' },
      { tenantId: tid, clientId: 'sandbox-dataverse-client', clientSecret: 'sandbox-dataverse-secret', appRoles: [], displayName: 'Co-sell connector (Dynamics 365)' },
    ]),
    partnerTenants: [
      { tenantId, organizationId: '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d', organizationName: 'Contoso Company', refreshToken: user.refreshToken, userOid: user.oid, seed: 1 },
      { ...SECOND_SANDBOX_TENANT },
    ],
    users: [user, {
      tenantId: SECOND_SANDBOX_TENANT.tenantId,
      oid: SECOND_SANDBOX_TENANT.userOid,
      upn: 'referrals.admin@fabrikam.example',
      name: 'Fabrikam Referrals Admin',
      refreshToken: SECOND_SANDBOX_TENANT.refreshToken,
    }],
    resources: ['api://cosell-connector', 'https://api.partner.microsoft.com', 'https://api.partnercenter.microsoft.com', 'https://graph.microsoft.com', 'https://cosell-sandbox.crm.dynamics.com'],
  };
}
