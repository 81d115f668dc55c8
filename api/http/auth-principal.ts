import type { Response } from 'express';
import type { JWTPayload } from 'jose';

/** Who is calling, as established by a verified Entra access token. */
export interface Principal {
  /** `tid`: the caller's Entra tenant. */
  tenantId: string;
  /** `azp` (v2) or `appid` (v1): the calling app registration. */
  clientId: string;
  /** `sub`: the user (pairwise, delegated tokens) or the service principal (app-only tokens). */
  subject: string;
  /** `roles`: app roles granted to the client (app-only) or assigned to the user (delegated). */
  roles: string[];
  /** `scp`: delegated permissions; empty for app-only tokens. */
  scopes: string[];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function principalFromClaims(claims: JWTPayload): Principal {
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [];
  const scp = text(claims['scp']);
  return {
    tenantId: text(claims['tid']),
    clientId: text(claims['azp']) || text(claims['appid']),
    subject: text(claims.sub),
    roles,
    scopes: scp.split(' ').filter((s) => s !== ''),
  };
}

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals['principal'] = principal;
}

/** The principal `authenticate` put on the response; throws if the route was mounted without it (a wiring bug, hence a 500). */
export function getPrincipal(res: Response): Principal {
  const p: unknown = res.locals['principal'];
  if (typeof p !== 'object' || p === null) throw new Error('No authenticated principal: mount authenticate before this handler');
  return p as Principal;
}
