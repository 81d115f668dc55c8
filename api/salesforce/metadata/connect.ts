/**
 * The deploy command's own small Salesforce login (the sync's full adapter lives elsewhere):
 * client credentials, or the JWT bearer flow with an RS256 assertion signed here (jsforce does not
 * sign). Both re-authenticate on an expired session through `refreshFn`, since neither flow returns
 * a refresh token (crm-apis.md §2.3).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { SignJWT } from 'jose';

export const DEFAULT_SALESFORCE_API_VERSION = '62.0';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

type TokenGrant = { grant_type: string; [name: string]: string };

export type SalesforceLogin =
  | { kind: 'clientCredentials'; loginUrl: string; clientId: string; clientSecret: string; apiVersion: string }
  | { kind: 'jwtBearer'; loginUrl: string; clientId: string; username: string; privateKeyPem: string; apiVersion: string };

export async function connectSalesforce(login: SalesforceLogin): Promise<Connection> {
  const loginUrl = login.loginUrl.replace(/\/+$/, '');
  const grant = grantFor(login, loginUrl);
  const conn = new Connection({
    // A JWT client must not send a secret: jsforce appends clientSecret whenever it is configured.
    oauth2: login.kind === 'clientCredentials' ? { loginUrl, clientId: login.clientId, clientSecret: login.clientSecret } : { loginUrl, clientId: login.clientId },
    version: login.apiVersion,
    refreshFn: (c, callback) => {
      grant()
        .then((params) => c.oauth2.requestToken(params))
        .then((token) => { callback(null, token.access_token, token); })
        .catch((error: unknown) => { callback(error instanceof Error ? error : new Error(String(error))); });
    },
  });
  await conn.authorize(await grant());
  return conn;
}

function grantFor(login: SalesforceLogin, loginUrl: string): () => Promise<TokenGrant> {
  if (login.kind === 'clientCredentials') return () => Promise.resolve({ grant_type: 'client_credentials' });
  const key = createPrivateKey(login.privateKeyPem);
  return async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(key, login.clientId, login.username, loginUrl) });
}

/** `aud` is the login URL (https://login.salesforce.com or https://test.salesforce.com for sandboxes). */
async function signAssertion(key: KeyObject, clientId: string, username: string, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(clientId)
    .setSubject(username)
    .setAudience(audience)
    .setExpirationTime('3m')
    .sign(key);
}
