/**
 * App-only tokens for Dataverse through MSAL client credentials (crm-apis.md §4.7, §5.2): the Entra app
 * is an application user in the environment and asks for `<environmentUrl>/.default`. A secret or a
 * certificate authenticates it. One ConfidentialClientApplication per provider: its in-memory cache
 * is the token cache, and `forceRefresh` (after a 401) skips it.
 */
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logging/logger.js';
import { msalConfiguration } from '../partner-center/msal-configuration.js';
import { toTokenAcquisitionError, TokenAcquisitionError } from '../partner-center/msal-errors.js';
import type { DataverseTokenProvider } from './config.js';

export type ClientCredential =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; thumbprintSha256: string; privateKeyPem: string; x5c?: string };

export interface DataverseTokenOptions {
  /** https base of the identity provider, e.g. `https://login.microsoftonline.com`. */
  authority: string;
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** `https://org.crm.dynamics.com/.default`; see `dataverseScope`. */
  scope: string;
  networkClient?: INetworkModule;
  logger?: Logger;
}

/** The environment's resource with `/.default`: client credentials take the app's granted permissions. */
export function dataverseScope(environmentUrl: string): string {
  return `${new URL(environmentUrl).origin}/.default`;
}

export function createDataverseTokenProvider(options: DataverseTokenOptions): DataverseTokenProvider {
  const cca = new ConfidentialClientApplication(configuration(options));
  const scopes = [options.scope];
  return {
    async getToken(request?: { forceRefresh?: boolean }): Promise<string> {
      try {
        const result = await cca.acquireTokenByClientCredential({ scopes, ...(request?.forceRefresh === true ? { skipCache: true } : {}) });
        if (!result?.accessToken) throw new TokenAcquisitionError(`Could not acquire a token for ${options.scope}: the response held no access token.`, { errorCode: 'empty_response' });
        return result.accessToken;
      } catch (err) {
        const failure = err instanceof TokenAcquisitionError ? err : toTokenAcquisitionError(err, scopes);
        options.logger?.warn({ errorCode: failure.errorCode, aadstsCode: failure.aadstsCode, correlationId: failure.correlationId }, 'Dataverse token acquisition failed');
        throw failure;
      }
    },
  };
}

function configuration(options: DataverseTokenOptions): Configuration {
  const { credential } = options;
  const base = msalConfiguration({ ...options, clientSecret: credential.kind === 'secret' ? credential.clientSecret : '' });
  if (credential.kind === 'secret') return base;
  const { clientSecret: _unused, ...auth } = base.auth;
  return {
    ...base,
    auth: {
      ...auth,
      clientCertificate: {
        thumbprintSha256: credential.thumbprintSha256,
        privateKey: credential.privateKeyPem,
        ...(credential.x5c !== undefined ? { x5c: credential.x5c } : {}),
      },
    },
  };
}
