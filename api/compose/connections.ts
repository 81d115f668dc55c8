import { sandboxIdentityDefaults } from '../../sandbox/identity/index.js';
import { csv, type AppConfig } from '../config/load.js';
import type { Clock } from '../domain/clock.js';
import { createBearerAuth, type BearerAuth } from '../http/auth.js';
import type { Logger } from '../logging/logger.js';
import { createLoopbackNetworkClient, createMsalTokenProvider, type TokenProvider } from '../partner-center/token-provider.js';

/** Never dialled: MSAL needs an https authority, and the loopback network client sends its calls to the sandbox. */
export const SANDBOX_AUTHORITY = 'https://login.sandbox.local';

/** Where Microsoft's services are, and how this process authenticates to them and checks its callers. */
export interface Connections {
  referralsBaseUrl: string;
  webhooksBaseUrl: string;
  referralTokens: TokenProvider;
  webhookTokens: TokenProvider;
  auth: BearerAuth;
  /** The partner tenant that the configured Partner Center account belongs to (its rows, its mirror). */
  homeTenantId: string;
}

export function sandboxConnections(config: AppConfig, sandboxBase: string, logger: Logger, clock: Clock | undefined): Connections {
  const { env } = config;
  const d = sandboxIdentityDefaults();
  const identityBase = `${sandboxBase}/identity`;
  const tokens = (scope: string) => createMsalTokenProvider({
    authority: SANDBOX_AUTHORITY,
    tenantId: d.tenantId,
    clientId: d.partnerCenter.clientId,
    clientSecret: d.partnerCenter.clientSecret,
    refreshToken: d.partnerCenter.refreshToken,
    scopes: [scope],
    networkClient: createLoopbackNetworkClient((u) => u.replace(SANDBOX_AUTHORITY, identityBase)),
    logger,
  });
  return {
    referralsBaseUrl: `${sandboxBase}/partner-center`,
    webhooksBaseUrl: `${sandboxBase}/partner-center`,
    referralTokens: tokens(d.partnerCenter.scope),
    webhookTokens: tokens(d.partnerCenter.webhookScope),
    auth: createBearerAuth({
      issuer: (tid) => `${identityBase}/${tid}/v2.0`,
      jwksUri: `${identityBase}/${d.tenantId}/discovery/v2.0/keys`,
      audience: csv(env.AUTH_AUDIENCE ?? d.apiResource),
      allowedTenantIds: csv(env.AUTH_TENANT_IDS ?? d.tenantId),
      ...(clock ? { clock } : {}),
    }),
    homeTenantId: csv(env.AUTH_TENANT_IDS ?? d.tenantId)[0]!,
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
  return {
    referralsBaseUrl: env.PARTNER_CENTER_API_URL,
    webhooksBaseUrl: env.PARTNER_CENTER_WEBHOOKS_API_URL,
    referralTokens: tokens(env.PARTNER_CENTER_SCOPE),
    webhookTokens: tokens(env.PARTNER_CENTER_WEBHOOKS_SCOPE),
    auth: createBearerAuth({
      issuer: (tid) => env.AUTH_ISSUER.replace('{tenantId}', tid),
      jwksUri: env.AUTH_JWKS_URL,
      audience: csv(env.AUTH_AUDIENCE),
      allowedTenantIds: csv(env.AUTH_TENANT_IDS),
    }),
    homeTenantId: pc.tenantId,
  };
}
