/**
 * The OAuth 2.0 JWT bearer flow: an RS256 assertion signed with the client's private key, `iss` the
 * consumer key, `sub` the username, `aud` the login URL, and a short `exp`. Failures answer with
 * Salesforce's OAuth error pairs.
 */
import { importSPKI, jwtVerify, decodeJwt, errors as joseErrors, type CryptoKey } from 'jose';
import type { Clock } from '../../../api/domain/clock.js';

export class OAuthError extends Error {
  constructor(readonly error: string, readonly description: string, readonly status = 400) {
    super(description);
  }
}

export interface JwtClient { clientId: string; jwtPublicKeyPem?: string }

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(pem: string): Promise<CryptoKey> {
  let key = keys.get(pem);
  if (!key) {
    key = importSPKI(pem, 'RS256');
    keys.set(pem, key);
  }
  return key;
}

/** Verifies the assertion and returns the username in `sub`. */
export async function verifyAssertion(
  assertion: string, clients: readonly JwtClient[], audiences: readonly string[], clock: Clock,
): Promise<{ clientId: string; username: string }> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(assertion).iss;
  } catch {
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  const client = clients.find((c) => c.clientId === issuer);
  if (!client) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (!client.jwtPublicKeyPem) throw new OAuthError('invalid_client', 'invalid client credentials');
  try {
    const { payload } = await jwtVerify(assertion, await keyFor(client.jwtPublicKeyPem), {
      algorithms: ['RS256'], issuer: client.clientId, currentDate: clock(), requiredClaims: ['exp', 'sub', 'aud'],
    });
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.some((a) => a !== undefined && audiences.includes(a.replace(/\/$/, '')))) throw new OAuthError('invalid_grant', 'audience is invalid');
    return { clientId: client.clientId, username: String(payload.sub) };
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new OAuthError('invalid_grant', 'expired authorization code');
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
}
