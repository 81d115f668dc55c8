/**
 * Bearer authentication as the Referrals API does it: every call needs `Authorization: Bearer`,
 * and the API "supports only user access" (App+User), so an app-only token (no `scp` claim) is
 * refused with 403 even when it verifies.
 */
import type { RequestHandler } from 'express';
import { accessDenied, unauthenticated } from './errors.js';
import { isPlainObject } from './json-values.js';

export interface AccessTokenClaims { scp?: string; roles?: string[]; tid?: string; [k: string]: unknown }
export type VerifyAccessToken = (token: string) => Promise<AccessTokenClaims>;

export function authenticate(verify: VerifyAccessToken | undefined): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      throw unauthenticated('The Authorization header is missing; send Authorization: Bearer <token>.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (token === undefined) throw unauthenticated('The Authorization header must use the Bearer scheme.');
    if (!verify) {
      next();
      return;
    }
    let claims: unknown;
    try {
      claims = await verify(token);
    } catch {
      throw unauthenticated('The access token is invalid or has expired.');
    }
    if (!isPlainObject(claims) || typeof claims.scp !== 'string' || claims.scp.trim() === '') {
      throw accessDenied('The Referrals API supports App+User (delegated) tokens only; the token has no scp claim.');
    }
    next();
  };
}
