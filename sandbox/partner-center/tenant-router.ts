/**
 * Partner Center serves every partner at one address and tells them apart by the access token's tenant.
 * The sandbox keeps one emulator per partner tenant and hands each request to the one its bearer
 * token names; that emulator then verifies the token in full (signature, audience, issuer, tenant).
 * A request without a readable token goes to the first tenant's emulator, which refuses it as Partner
 * Center would.
 */
import express, { type Router } from 'express';
import { decodeJwt } from 'jose';

export function tenantRouter(routers: ReadonlyMap<string, Router>, fallbackTenantId: string): Router {
  const fallback = routers.get(fallbackTenantId);
  if (fallback === undefined) throw new RangeError(`No Partner Center emulator for the tenant ${fallbackTenantId}.`);
  const router = express.Router();
  router.use((req, res, next) => {
    const chosen = routers.get(tenantOf(req.headers.authorization) ?? fallbackTenantId) ?? fallback;
    chosen(req, res, next);
  });
  return router;
}

function tenantOf(authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) return undefined;
  try {
    const tid = decodeJwt(token)['tid'];
    return typeof tid === 'string' ? tid : undefined;
  } catch {
    return undefined;
  }
}
