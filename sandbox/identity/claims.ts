import { createHash, randomBytes } from 'node:crypto';
import type { IdentityClient, IdentityUser } from './types.js';

/** Times and issuer shared by every token of one response. */
export interface TokenFrame {
  issuer: string;
  tenantId: string;
  nowSeconds: number;
  lifetimeSeconds: number;
}

/** A stable GUID-shaped id derived from a name, for objects the options do not spell out (service principals). */
export function stableGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Entra's `sub` is pairwise: the same user has a different subject in each app. */
export function pairwiseSubject(oid: string, clientId: string): string {
  return createHash('sha256').update(`${oid}:${clientId}`).digest('base64url').slice(0, 43);
}

/** Object id of a client's service principal, which is `oid` and `sub` in its app-only tokens. */
export function servicePrincipalOid(client: IdentityClient): string {
  return stableGuid(`service-principal:${client.tenantId}:${client.clientId}`);
}

/** `uti`: Entra's per-token id. */
function tokenId(): string {
  return randomBytes(16).toString('base64url');
}

function timing(f: TokenFrame): { iat: number; nbf: number; exp: number } {
  return { iat: f.nowSeconds, nbf: f.nowSeconds, exp: f.nowSeconds + f.lifetimeSeconds };
}

function clientClaims(client: IdentityClient): Record<string, unknown> {
  // `appid`/`appidacr` are the v1 names, `azp`/`azpacr` the v2 ones; both are emitted so either reader works. '1' = secret.
  return {
    ...(client.displayName !== undefined ? { app_displayname: client.displayName } : {}),
    appid: client.clientId,
    appidacr: '1',
    azp: client.clientId,
    azpacr: '1',
  };
}

/** App-only token (client credentials). Entra omits `roles` when the client holds none. */
export function appAccessTokenClaims(f: TokenFrame, client: IdentityClient, audience: string): Record<string, unknown> {
  const oid = servicePrincipalOid(client);
  return {
    aud: audience,
    iss: f.issuer,
    ...timing(f),
    ...clientClaims(client),
    idtyp: 'app',
    oid,
    ...(client.appRoles.length > 0 ? { roles: [...client.appRoles] } : {}),
    sub: oid,
    tid: f.tenantId,
    uti: tokenId(),
    ver: '2.0',
  };
}

/** Delegated (App+User) token: the client acting for the user, with `scp` the granted permissions. */
export function delegatedAccessTokenClaims(f: TokenFrame, client: IdentityClient, user: IdentityUser, audience: string, scp: string[]): Record<string, unknown> {
  return {
    aud: audience,
    iss: f.issuer,
    ...timing(f),
    amr: ['pwd'],
    ...clientClaims(client),
    idtyp: 'user',
    name: user.name,
    oid: user.oid,
    preferred_username: user.upn,
    ...(user.roles !== undefined && user.roles.length > 0 ? { roles: [...user.roles] } : {}),
    scp: scp.join(' '),
    sub: pairwiseSubject(user.oid, client.clientId),
    tid: f.tenantId,
    upn: user.upn,
    uti: tokenId(),
    ver: '2.0',
  };
}

/** v2 ID token; MSAL builds its account (and so its cache entries) from it. */
export function idTokenClaims(f: TokenFrame, client: IdentityClient, user: IdentityUser): Record<string, unknown> {
  return {
    aud: client.clientId,
    iss: f.issuer,
    ...timing(f),
    name: user.name,
    oid: user.oid,
    preferred_username: user.upn,
    sub: pairwiseSubject(user.oid, client.clientId),
    tid: f.tenantId,
    uti: tokenId(),
    ver: '2.0',
  };
}

/** `client_info`: base64url JSON `{uid, utid}`; MSAL derives the home account id `uid.utid` from it. */
export function clientInfo(user: IdentityUser): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: user.tenantId })).toString('base64url');
}
