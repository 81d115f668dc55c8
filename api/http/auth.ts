import type { Request, RequestHandler } from 'express';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { Clock } from '../domain/clock.js';
import { AuthFailure, credentialsMissing, forbidden, reasonFor, rejectWith, unauthorized } from './auth-challenge.js';
import { getPrincipal, principalFromClaims, setPrincipal, type Principal } from './auth-principal.js';
import { ProblemError } from './problem.js';

export { getPrincipal, type Principal } from './auth-principal.js';

export interface BearerAuthOptions {
  /** Expected `iss`; a function of `tid` for multi-tenant use (Entra v2: `https://login.microsoftonline.com/${tid}/v2.0`). */
  issuer: string | ((tenantId: string) => string);
  jwksUri: string | URL;
  /** Expected `aud`: the API's application ID URI and/or client id. */
  audience: string | string[];
  /** Tenants whose tokens are accepted; a valid token from any other tenant gets 403. */
  allowedTenantIds: string[];
  /** Leeway for `exp`/`nbf`; default 60 s. */
  clockToleranceSeconds?: number;
  /** App roles (`roles`) granting read / write; defaults `Referrals.Read`+`Referrals.ReadWrite` / `Referrals.ReadWrite`. */
  readRoles?: string[];
  writeRoles?: string[];
  /** Delegated scopes (`scp`) granting read / write; default `user_impersonation`, the scope the connector contract declares. */
  readScopes?: string[];
  writeScopes?: string[];
  clock?: Clock;
}

export interface BearerAuth {
  /** Verifies the bearer token and puts the caller on `res.locals.principal` (read it with `getPrincipal(res)`). */
  authenticate: RequestHandler;
  /** After `authenticate`: 403 unless the caller holds a role or scope for this kind of access. */
  requireRole(kind: 'read' | 'write'): RequestHandler;
}

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
/** RFC 6750 §2.1: `Bearer` then a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function bearerToken(req: Request): string {
  const header = req.get('authorization');
  if (header === undefined || !/^Bearer(\s|$)/i.test(header)) {
    throw credentialsMissing('The request has no bearer token; send "Authorization: Bearer <access token>".');
  }
  const m = BEARER.exec(header);
  if (!m?.[1]) throw unauthorized('The Authorization header is malformed; expected "Bearer <access token>".');
  return m[1];
}

export function createBearerAuth(options: BearerAuthOptions): BearerAuth {
  const audience = Array.isArray(options.audience) ? options.audience : [options.audience];
  if (audience.length === 0 || audience.some((a) => a === '')) throw new Error('createBearerAuth: audience is required');
  if (options.allowedTenantIds.length === 0) throw new Error('createBearerAuth: allowedTenantIds must name at least one tenant');
  const allowedTenants = new Set(options.allowedTenantIds);
  const jwks = createRemoteJWKSet(options.jwksUri instanceof URL ? options.jwksUri : new URL(options.jwksUri));
  const { issuer } = options;
  const issuerFor = typeof issuer === 'function' ? issuer : () => issuer;
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const grants = {
    read: { roles: new Set(options.readRoles ?? ['Referrals.Read', 'Referrals.ReadWrite']), scopes: new Set(options.readScopes ?? ['user_impersonation']) },
    write: { roles: new Set(options.writeRoles ?? ['Referrals.ReadWrite']), scopes: new Set(options.writeScopes ?? ['user_impersonation']) },
  };

  async function verify(req: Request): Promise<Principal> {
    const token = bearerToken(req);
    let tid: unknown;
    try {
      tid = decodeJwt(token)['tid'];
    } catch {
      throw unauthorized('The bearer token is not a well-formed JWT.');
    }
    if (typeof tid !== 'string' || tid === '') throw unauthorized('The access token has no tenant (tid) claim.');
    try {
      // The issuer is derived from the token's own tid, so a token cannot claim one tenant while issued by another.
      const { payload } = await jwtVerify(token, jwks, {
        issuer: issuerFor(tid),
        audience,
        algorithms: ['RS256'],
        clockTolerance: tolerance,
        ...(options.clock ? { currentDate: options.clock() } : {}),
      });
      if (!allowedTenants.has(tid)) throw forbidden('Tokens from this tenant are not accepted by this API.');
      return principalFromClaims(payload);
    } catch (err) {
      if (err instanceof AuthFailure) throw err;
      const reason = reasonFor(err);
      if (reason === undefined) throw new ProblemError('internal_error', 'Access tokens cannot be verified right now: the signing keys are unavailable.', { cause: err });
      throw unauthorized(reason);
    }
  }

  const authenticate: RequestHandler = (req, res, next) => {
    verify(req).then(
      (principal) => {
        setPrincipal(res, principal);
        next();
      },
      (err: unknown) => next(err instanceof AuthFailure ? rejectWith(res, err) : err),
    );
  };

  function requireRole(kind: 'read' | 'write'): RequestHandler {
    const { roles, scopes } = grants[kind];
    const needed = [...[...roles].map((r) => `role ${r}`), ...[...scopes].map((s) => `scope ${s}`)].join(', ');
    return (_req, res, next) => {
      const principal = getPrincipal(res);
      if (principal.roles.some((r) => roles.has(r)) || principal.scopes.some((s) => scopes.has(s))) {
        next();
        return;
      }
      next(rejectWith(res, forbidden(`This operation needs ${kind} access (one of: ${needed}).`, 'insufficient_scope')));
    };
  }

  return { authenticate, requireRole };
}
