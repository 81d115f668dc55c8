import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { entraErrors } from './entra-errors.js';
import type { IdentityClient } from './types.js';

interface PresentedCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/** `client_secret_basic` (RFC 6749 §2.3.1): both parts are form-urlencoded before base64. */
function fromBasicHeader(header: string): PresentedCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates the confidential client of a token request (`client_secret_post` or `client_secret_basic`),
 * in Entra's order: client id present, application known in the tenant, secret present, secret right.
 */
export function authenticateClient(req: Request, body: Record<string, unknown>, tenantId: string, clients: readonly IdentityClient[]): IdentityClient {
  const authorization = req.get('authorization');
  let presented: PresentedCredentials = { clientId: field(body, 'client_id'), clientSecret: field(body, 'client_secret') };
  if (authorization !== undefined) {
    const basic = fromBasicHeader(authorization);
    // RFC 6749 §2.3: a client uses one authentication method per request.
    if (!basic || presented.clientSecret !== undefined) throw entraErrors.malformedRequest();
    if (presented.clientId !== undefined && presented.clientId !== basic.clientId) throw entraErrors.malformedRequest();
    presented = basic;
  }
  const { clientId, clientSecret } = presented;
  if (clientId === undefined) throw entraErrors.missingParameter('client_id');
  const client = clients.find((c) => c.tenantId === tenantId && c.clientId === clientId);
  if (!client) throw entraErrors.applicationNotFound(clientId, tenantId);
  if (clientSecret === undefined) throw entraErrors.missingClientCredential();
  if (!secretsEqual(clientSecret, client.clientSecret)) throw entraErrors.invalidClientSecret(clientId);
  return client;
}
