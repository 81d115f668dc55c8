/**
 * The jsforce Connection the gateway talks through: an explicit API version, client credentials or a
 * JWT bearer assertion signed here (jsforce does not sign), and a `refreshFn`, because neither flow
 * returns a refresh token: a 401 INVALID_SESSION_ID makes jsforce log in again once and replay the
 * call. If the new session is refused too, the refresh fails instead of looping (jsforce would
 * otherwise refresh on every 401 for ever).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { SignJWT } from 'jose';
import { systemClock, type Clock } from '../domain/clock.js';
import { CrmConfigurationError } from '../domain/crm.js';
import { apiVersionOf, jwtAudience, type SalesforceGatewayOptions } from './config.js';
import { hookTransport } from './transport-hook.js';
import type { UsageCounter } from './usage.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_S = 180;
const REFRESH_FAILED = 'Unable to refresh session due to:';

type TokenGrant = { grant_type: string; [name: string]: string };

/** Thrown into jsforce's refresh when a fresh session was refused straight away. */
class SessionRefusedError extends Error {
  readonly errorCode = 'INVALID_SESSION_ID';
  constructor() {
    super('Salesforce refused the session it had just issued.');
    this.name = 'INVALID_SESSION_ID';
  }
}

export interface SalesforceConnection {
  conn: Connection;
  /** Logs in (again); the gateway runs it under the retry policy. */
  authorize: () => Promise<void>;
  /** jsforce reports a failed refresh as a plain "Unable to refresh session" Error: this gives the error the refresh hit. */
  explain: (err: unknown) => unknown;
}

export function createConnection(options: SalesforceGatewayOptions, usage: UsageCounter): SalesforceConnection {
  const loginUrl = options.loginUrl.replace(/\/+$/, '');
  const grant = grantFor(options, loginUrl, options.clock ?? systemClock);
  let refreshedWithoutSuccess = false;
  let lastRefreshError: unknown;

  const conn = new Connection({
    // A JWT client must not send a secret: jsforce adds clientSecret to every token request when configured.
    oauth2: options.auth.kind === 'client-credentials'
      ? { loginUrl, clientId: options.auth.clientId, clientSecret: options.auth.clientSecret }
      : { loginUrl, clientId: options.auth.clientId },
    version: apiVersionOf(options),
    refreshFn: (c, callback) => {
      if (refreshedWithoutSuccess) {
        refreshedWithoutSuccess = false;
        lastRefreshError = new SessionRefusedError();
        callback(lastRefreshError as Error);
        return;
      }
      refreshedWithoutSuccess = true;
      grant()
        .then((params) => c.oauth2.requestToken(params))
        .then((token) => { lastRefreshError = undefined; callback(null, token.access_token, token); })
        .catch((error: unknown) => {
          refreshedWithoutSuccess = false;
          lastRefreshError = error;
          callback(error instanceof Error ? error : new Error('token request failed'));
        });
    },
  });

  const counting = { onRequest: usage.onRequest.bind(usage), onResponse: () => undefined };
  hookTransport(conn.oauth2._transport, counting);
  hookTransport(conn._transport, {
    onRequest: counting.onRequest,
    onResponse: (_request, response) => { if (response.statusCode !== 401) refreshedWithoutSuccess = false; },
  });

  return {
    conn,
    authorize: async () => {
      await conn.authorize(await grant());
      if (options.instanceUrl !== undefined) conn.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    },
    explain: (err) => (err instanceof Error && err.message.startsWith(REFRESH_FAILED) && lastRefreshError !== undefined ? lastRefreshError : err),
  };
}

function grantFor(options: SalesforceGatewayOptions, loginUrl: string, clock: Clock): () => Promise<TokenGrant> {
  const { auth } = options;
  if (auth.kind === 'client-credentials') return () => Promise.resolve({ grant_type: 'client_credentials' });
  const key = privateKey(auth.privateKeyPem);
  const audience = jwtAudience(loginUrl, auth.audience);
  return async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(key, auth.clientId, auth.username, audience, clock) });
}

function privateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // Never echo the key or OpenSSL's text about it.
    throw new CrmConfigurationError('The Salesforce JWT private key is not a readable PEM private key.');
  }
}

/** RS256, `iss` = consumer key, `sub` = username, `aud` = login audience, a few minutes of validity. */
function signAssertion(key: KeyObject, clientId: string, username: string, audience: string, clock: Clock): Promise<string> {
  const now = Math.floor(clock().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(clientId)
    .setSubject(username)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .sign(key);
}
