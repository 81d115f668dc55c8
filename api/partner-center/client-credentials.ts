import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logging/logger.js';
import { msalConfiguration } from './msal-configuration.js';
import { TokenAcquisitionError, toTokenAcquisitionError } from './msal-errors.js';

export interface ClientCredentialsOptions {
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  clientCertificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  /** e.g. `['https://org.crm.dynamics.com/.default']`. */
  scopes: string[];
  networkClient?: INetworkModule;
  logger?: Logger;
}

/**
 * App-only tokens (client credentials, secret or certificate) through MSAL, for APIs that accept an
 * application user (Dataverse). MSAL caches the token; `forceRefresh` skips the cache after a 401.
 */
export function createClientCredentialsTokenProvider(options: ClientCredentialsOptions): { getToken(o?: { forceRefresh?: boolean }): Promise<string> } {
  if (options.clientSecret === undefined && options.clientCertificate === undefined) throw new Error('A client secret or a client certificate is required.');
  const cca = new ConfidentialClientApplication(msalConfiguration(options));
  const scopes = [...options.scopes];
  const log = options.logger?.child({ component: 'msal-client-credentials', scopes });
  return {
    async getToken(o = {}) {
      let token: string | undefined;
      try {
        token = (await cca.acquireTokenByClientCredential({ scopes, skipCache: o.forceRefresh === true }))?.accessToken;
      } catch (err) {
        const failure = toTokenAcquisitionError(err, scopes);
        log?.warn({ errorCode: failure.errorCode, aadstsCode: failure.aadstsCode }, 'token acquisition failed');
        throw failure;
      }
      if (token === undefined || token === '') throw new TokenAcquisitionError(`Could not acquire a token for ${scopes.join(' ')}: the response held no access token.`, { errorCode: 'empty_response' });
      return token;
    },
  };
}
