import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { sandboxIdentityDefaults } from '../sandbox/identity/index.js';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { createApp } from './app.js';
import { csv, type AppConfig } from './config/load.js';
import { buildValidators } from './contract/validators.js';
import type { Clock } from './domain/clock.js';
import { ReferralOperations } from './domain/referral-operations.js';
import { createBearerAuth } from './http/auth.js';
import { ContinuationTokens } from './http/continuation-token.js';
import type { ReadinessCheck } from './http/health.js';
import { referralHandlers } from './http/referral-handlers.js';
import type { Logger } from './logging/logger.js';
import { PartnerCenterClient } from './partner-center/client.js';
import { PartnerCenterReferrals } from './partner-center/repository.js';
import { createLoopbackNetworkClient, createMsalTokenProvider, type TokenProvider } from './partner-center/token-provider.js';
import { isoCodes } from './reference-data/codes.js';

/** Never dialled: MSAL needs an https authority, and the loopback network client sends its calls to the sandbox. */
const SANDBOX_AUTHORITY = 'https://login.sandbox.local';

export interface RunningProduct {
  url: string;
  server: Server;
  app: Express;
  /** Present in sandbox mode. */
  sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  clock?: Clock;
  /** Milliseconds to wait instead of real backoff sleeps (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds and starts the product. The server listens first, because in sandbox mode every URL the
 * sandbox hands out (issuer, JWKS, nextLink) contains the port, which may be chosen by the OS.
 */
export async function startProduct(config: AppConfig, options: StartOptions): Promise<RunningProduct> {
  const { env } = config;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, config.host, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const localUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  const url = env.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? localUrl;
  const logger = options.logger;

  let sandbox: Sandbox | undefined;
  let tokens: TokenProvider;
  let partnerCenterBase: string;
  let auth;
  if (config.mode === 'sandbox') {
    // Either a sandbox of our own on this server, or a shared one (SANDBOX_URL) that another process serves.
    const sandboxBase = env.SANDBOX_URL?.replace(/\/+$/, '') ?? `${localUrl}/sandbox`;
    if (env.SANDBOX_URL === undefined) {
      sandbox = createSandbox({
        baseUrl: () => sandboxBase,
        seedReferrals: env.SANDBOX_SEED_REFERRALS,
        apiClient: { clientId: env.SANDBOX_CLIENT_ID, clientSecret: env.SANDBOX_CLIENT_SECRET },
        ...(options.clock ? { clock: options.clock } : {}),
      });
    }
    const d = sandboxIdentityDefaults();
    const identityBase = `${sandboxBase}/identity`;
    tokens = createMsalTokenProvider({
      authority: SANDBOX_AUTHORITY,
      tenantId: d.tenantId,
      clientId: d.partnerCenter.clientId,
      clientSecret: d.partnerCenter.clientSecret,
      refreshToken: d.partnerCenter.refreshToken,
      scopes: [d.partnerCenter.scope],
      networkClient: createLoopbackNetworkClient((u) => u.replace(SANDBOX_AUTHORITY, identityBase)),
      logger,
    });
    partnerCenterBase = `${sandboxBase}/partner-center`;
    auth = createBearerAuth({
      issuer: (tid) => `${identityBase}/${tid}/v2.0`,
      jwksUri: `${identityBase}/${d.tenantId}/discovery/v2.0/keys`,
      audience: csv(env.AUTH_AUDIENCE ?? d.apiResource),
      allowedTenantIds: csv(env.AUTH_TENANT_IDS ?? d.tenantId),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } else {
    const pc = config.partnerCenter!;
    tokens = createMsalTokenProvider({
      authority: env.PARTNER_CENTER_AUTHORITY,
      tenantId: pc.tenantId,
      clientId: pc.clientId,
      clientSecret: pc.clientSecret,
      refreshToken: pc.refreshToken,
      scopes: [env.PARTNER_CENTER_SCOPE],
      logger,
    });
    partnerCenterBase = env.PARTNER_CENTER_API_URL;
    auth = createBearerAuth({
      issuer: (tid) => env.AUTH_ISSUER.replace('{tenantId}', tid),
      jwksUri: env.AUTH_JWKS_URL,
      audience: csv(env.AUTH_AUDIENCE),
      allowedTenantIds: csv(env.AUTH_TENANT_IDS),
    });
  }

  const client = new PartnerCenterClient({
    baseUrl: partnerCenterBase,
    tokens,
    retry: { maxAttempts: env.PARTNER_CENTER_MAX_ATTEMPTS, baseDelayMs: env.PARTNER_CENTER_RETRY_BASE_MS, maxDelayMs: env.PARTNER_CENTER_RETRY_MAX_MS },
    timeoutMs: env.PARTNER_CENTER_TIMEOUT_MS,
    logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const referrals = new PartnerCenterReferrals(client);
  const operations = new ReferralOperations(referrals, referrals, isoCodes);
  const continuation = new ContinuationTokens(env.CONTINUATION_TOKEN_SECRET !== undefined ? Buffer.from(env.CONTINUATION_TOKEN_SECRET, 'utf8') : randomBytes(32));
  const readiness: ReadinessCheck[] = [{ name: 'partner-center-token', check: async () => { await tokens.getToken(); } }];

  const app = createApp({
    logger,
    handlers: referralHandlers(operations, continuation),
    validators: buildValidators(),
    auth,
    readiness,
    maxBodyBytes: env.MAX_BODY_BYTES,
    trustProxy: env.TRUST_PROXY,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    mounts: sandbox ? [{ path: '/sandbox', router: sandbox.router }] : [],
  });
  server.on('request', app);

  return {
    url,
    server,
    app,
    sandbox,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await client.close();
    },
  };
}
