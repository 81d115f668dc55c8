/** What the Salesforce adapter needs to log in and how hard it tries before giving up. */
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';

/** jsforce defaults to 50.0, years behind: the adapter always sends an explicit version. */
export const DEFAULT_SALESFORCE_API_VERSION = '62.0';

export type SalesforceAuth =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | {
    kind: 'jwt-bearer';
    clientId: string;
    username: string;
    privateKeyPem: string;
    /** The assertion's `aud`; by default derived from the login URL (see `jwtAudience`). */
    audience?: string;
  };

export interface SalesforceRetryOptions {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface SalesforceGatewayOptions {
  /** My Domain (or login.salesforce.com / test.salesforce.com); the token endpoint's base. */
  loginUrl: string;
  /** Overrides the token's `instance_url` (rarely needed). */
  instanceUrl?: string;
  /** `NN.0`; default DEFAULT_SALESFORCE_API_VERSION. */
  apiVersion?: string;
  auth: SalesforceAuth;
  retry: SalesforceRetryOptions;
  /** Tests pass a fake to skip real waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source; default Math.random. */
  random?: () => number;
  /** For the replication window and the assertion's expiry; default the system clock. */
  clock?: Clock;
  logger?: Logger;
}

export function apiVersionOf(options: Pick<SalesforceGatewayOptions, 'apiVersion'>): string {
  const version = options.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION;
  if (!/^\d{2}\.0$/.test(version)) throw new RangeError(`The Salesforce API version must look like 62.0, not ${JSON.stringify(version)}.`);
  return version;
}

/**
 * Salesforce wants `aud` = https://login.salesforce.com for production and My Domain logins and
 * https://test.salesforce.com for sandboxes; any other login URL (an emulator, a proxy) is used as is.
 */
export function jwtAudience(loginUrl: string, override?: string): string {
  if (override !== undefined) return override;
  const url = new URL(loginUrl);
  if (url.hostname === 'test.salesforce.com' || url.hostname.endsWith('.sandbox.my.salesforce.com')) return 'https://test.salesforce.com';
  if (url.hostname.endsWith('.salesforce.com')) return 'https://login.salesforce.com';
  return loginUrl.replace(/\/+$/, '');
}
