import { LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logging/logger.js';

export interface MsalAppOptions {
  /** https base of the identity provider, e.g. `https://login.microsoftonline.com`. */
  authority: string;
  tenantId: string;
  clientId: string;
  /** A client secret, or `clientCertificate` (app registrations that forbid secrets). */
  clientSecret?: string;
  clientCertificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  networkClient?: INetworkModule;
  logger?: Logger;
}

/**
 * A ConfidentialClientApplication configuration that never makes a discovery request: the authority's host is
 * a known authority and its v2 metadata is given inline (crm-apis.md §5.3). MSAL accepts https authorities only.
 */
export function msalConfiguration(options: MsalAppOptions): Configuration {
  const base = new URL(options.authority);
  if (base.protocol !== 'https:') throw new Error(`MSAL authority must use https (got ${base.protocol}); route a loopback provider through networkClient instead`);
  const tenantAuthority = `${base.origin}${base.pathname.replace(/\/+$/, '')}/${encodeURIComponent(options.tenantId)}`;
  const authorityMetadata = {
    token_endpoint: `${tenantAuthority}/oauth2/v2.0/token`,
    authorization_endpoint: `${tenantAuthority}/oauth2/v2.0/authorize`,
    issuer: `${tenantAuthority}/v2.0`,
    jwks_uri: `${tenantAuthority}/discovery/v2.0/keys`,
  };
  const logger = options.logger;
  return {
    auth: {
      clientId: options.clientId,
      ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
      ...(options.clientCertificate !== undefined ? { clientCertificate: options.clientCertificate } : {}),
      authority: tenantAuthority,
      knownAuthorities: [base.host],
      authorityMetadata: JSON.stringify(authorityMetadata),
    },
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: {
        // MSAL's own messages, warnings and errors only; PII logging stays off so no user name or token reaches pino.
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (!logger || containsPii) return;
          if (level === LogLevel.Error) logger.error({ component: 'msal' }, message);
          else logger.warn({ component: 'msal' }, message);
        },
      },
    },
  };
}
