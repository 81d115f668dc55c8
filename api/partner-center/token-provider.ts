import { ConfidentialClientApplication, type AccountInfo, type AuthenticationResult, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logging/logger.js';
import { msalConfiguration } from './msal-configuration.js';
import { TokenAcquisitionError, toTokenAcquisitionError } from './msal-errors.js';

export { createLoopbackNetworkClient } from './msal-loopback-network.js';
export { TokenAcquisitionError } from './msal-errors.js';

/** A source of bearer tokens for one resource; adapters depend on this, not on MSAL. */
export interface TokenProvider {
  getToken(): Promise<string>;
}

export interface MsalTokenProviderOptions {
  /** https base, e.g. `https://login.microsoftonline.com`. */
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A user's refresh token for this app (Secure Application Model): the Referrals API accepts App+User tokens only. */
  refreshToken: string;
  /** e.g. `['https://api.partner.microsoft.com/.default']`. */
  scopes: string[];
  networkClient?: INetworkModule;
  logger?: Logger;
}

/**
 * App+User tokens through MSAL. The first call redeems the configured refresh token; MSAL caches the access token,
 * the account and the rotated refresh token, and later calls are served by acquireTokenSilent, which goes back to
 * the network only when the access token is within MSAL's renewal window (5 min) of expiry.
 * One ConfidentialClientApplication per provider: its in-memory cache is the token cache.
 */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const cca = new ConfidentialClientApplication(msalConfiguration(options));
  const scopes = [...options.scopes];
  const log = options.logger?.child({ component: 'msal-token-provider', scopes });
  let account: AccountInfo | undefined;
  // Concurrent first calls share one redemption instead of each spending the refresh token.
  let redeeming: Promise<AuthenticationResult | null> | undefined;

  async function redeemRefreshToken(): Promise<AuthenticationResult | null> {
    // forceCache: without it MSAL does not cache a refresh-token response for an account it has not seen (the migration case).
    redeeming ??= cca.acquireTokenByRefreshToken({ refreshToken: options.refreshToken, scopes, forceCache: true }).finally(() => {
      redeeming = undefined;
    });
    const result = await redeeming;
    if (result?.account) account = result.account;
    else log?.warn('The token response had no ID token, so MSAL has no account to cache under; every call will redeem the refresh token');
    return result;
  }

  async function acquire(): Promise<AuthenticationResult | null> {
    return account ? cca.acquireTokenSilent({ account, scopes }) : redeemRefreshToken();
  }

  return {
    async getToken(): Promise<string> {
      let result: AuthenticationResult | null;
      try {
        result = await acquire();
      } catch (err) {
        const failure = toTokenAcquisitionError(err, scopes);
        log?.warn({ errorCode: failure.errorCode, aadstsCode: failure.aadstsCode, correlationId: failure.correlationId }, 'token acquisition failed');
        throw failure;
      }
      if (!result?.accessToken) {
        throw new TokenAcquisitionError(`Could not acquire a token for ${scopes.join(' ')}: the response held no access token.`, { errorCode: 'empty_response' });
      }
      log?.debug({ fromCache: result.fromCache, expiresOn: result.expiresOn?.toISOString() }, 'token acquired');
      return result.accessToken;
    },
  };
}
