import { sandboxIdentityDefaults, type SandboxPartnerTenant } from '../../sandbox/identity/index.js';
import { csv, type AppConfig } from '../config/load.js';
import type { Clock } from '../domain/clock.js';
import { createBearerAuth, type BearerAuth } from '../http/auth.js';
import type { Logger } from '../logging/logger.js';
import { createLoopbackNetworkClient, createMsalTokenProvider, type TokenProvider } from '../partner-center/token-provider.js';

/** Never dialled: MSAL needs an https authority, and the loopback network client sends its calls to the sandbox. */
export const SANDBOX_AUTHORITY = 'https://login.sandbox.local';

/** One partner's Partner Center account: the tenant it belongs to and the tokens it calls with. */
export interface PartnerTenantConnection {
  tenantId: string;
  referralTokens: TokenProvider;
  webhookTokens: TokenProvider;
}

/** Where Microsoft's services are, and how this process authenticates to them and checks its callers. */
export interface Connections {
  referralsBaseUrl: string;
  webhooksBaseUrl: string;
  referralTokens: TokenProvider;
  webhookTokens: TokenProvider;
  auth: BearerAuth;
  /** The partner tenant that the configured Partner Center account belongs to (its rows, its mirror). */
  homeTenantId: string;
  /** Every partner tenant this process serves, the home tenant first (several only in sandbox mode). */
  tenants: PartnerTenantConnection[];
}

/**
 * The sandbox's partner tenants this run serves: the first one, plus one more per further CRM named in
 * `CRM` (CRM=salesforce,dynamics365 serves Contoso with Salesforce and Fabrikam with Dynamics 365).
 */
export function sandboxConnections(config: AppConfig, sandboxBase: string, logger: Logger, clock: Clock | undefined, tenantCount = 1): Connections {
  const { env } = config;
  const d = sandboxIdentityDefaults();
  const identityBase = `${sandboxBase}/identity`;
  const tokens = (scope: string, tenant: SandboxPartnerTenant) => createMsalTokenProvider({
    authority: SANDBOX_AUTHORITY,
    tenantId: tenant.tenantId,
    clientId: d.partnerCenter.clientId,
    clientSecret: d.partnerCenter.clientSecret,
    refreshToken: tenant.refreshToken,
    scopes: [scope],
    networkClient: createLoopbackNetworkClient((u) => u.replace(SANDBOX_AUTHORITY, identityBase)),
    logger,
  });
  const served = d.partnerTenants.slice(0, Math.max(1, tenantCount));
  if (served.length < tenantCount) throw new RangeError(`The sandbox has ${d.partnerTenants.length} partner tenants, not ${tenantCount}.`);
  const tenants = served.map((t) => ({ tenantId: t.tenantId, referralTokens: tokens(d.partnerCenter.scope, t), webhookTokens: tokens(d.partnerCenter.webhookScope, t) }));
  const allowed = csv(env.AUTH_TENANT_IDS ?? tenants.map((t) => t.tenantId).join(','));
  return {
    referralsBaseUrl: `${sandboxBase}/partner-center`,
    webhooksBaseUrl: `${sandboxBase}/partner-center`,
    referralTokens: tenants[0]!.referralTokens,
    webhookTokens: tenants[0]!.webhookTokens,
    auth: createBearerAuth({
      issuer: (tid) => `${identityBase}/${tid}/v2.0`,
      jwksUri: `${identityBase}/${d.tenantId}/discovery/v2.0/keys`,
      audience: csv(env.AUTH_AUDIENCE ?? d.apiResource),
      allowedTenantIds: allowed,
      ...(clock ? { clock } : {}),
    }),
    // The rows of the first partner's account are kept under the first allowed tenant (AUTH_TENANT_IDS may rename it).
    homeTenantId: allowed[0]!,
    tenants: tenants.map((t, i) => (i === 0 ? { ...t, tenantId: allowed[0]! } : t)),
  };
}

export function liveConnections(config: AppConfig, logger: Logger): Connections {
  const { env } = config;
  const pc = config.partnerCenter!;
  const tokens = (scope: string) => createMsalTokenProvider({
    authority: env.PARTNER_CENTER_AUTHORITY,
    tenantId: pc.tenantId,
    clientId: pc.clientId,
    clientSecret: pc.clientSecret,
    refreshToken: pc.refreshToken,
    scopes: [scope],
    logger,
  });
  const referralTokens = tokens(env.PARTNER_CENTER_SCOPE);
  const webhookTokens = tokens(env.PARTNER_CENTER_WEBHOOKS_SCOPE);
  return {
    referralsBaseUrl: env.PARTNER_CENTER_API_URL,
    webhooksBaseUrl: env.PARTNER_CENTER_WEBHOOKS_API_URL,
    referralTokens,
    webhookTokens,
    auth: createBearerAuth({
      issuer: (tid) => env.AUTH_ISSUER.replace('{tenantId}', tid),
      jwksUri: env.AUTH_JWKS_URL,
      audience: csv(env.AUTH_AUDIENCE),
      allowedTenantIds: csv(env.AUTH_TENANT_IDS),
    }),
    homeTenantId: pc.tenantId,
    tenants: [{ tenantId: pc.tenantId, referralTokens, webhookTokens }],
  };
}
