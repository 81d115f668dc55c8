import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../../api/domain/clock.js';
import { appAccessTokenClaims, clientInfo, delegatedAccessTokenClaims, idTokenClaims, type TokenFrame } from './claims.js';
import { authenticateClient } from './client-authentication.js';
import { EntraError, correlationIdOf, entraErrors, sendEntraError } from './entra-errors.js';
import type { RefreshTokenStore } from './refresh-tokens.js';
import { parseClientCredentialsScope, parseDelegatedScope, type RequestedScopes } from './scopes.js';
import type { SigningKeys } from './signing-keys.js';
import type { IdentityClient } from './types.js';

export interface TokenEndpointContext {
  clients: readonly IdentityClient[];
  refreshTokens: RefreshTokenStore;
  keys: Promise<SigningKeys>;
  issuer(tenantId: string): string;
  knownTenant(tenantId: string): boolean;
  knownResource(resource: string): boolean;
  clock: Clock;
  lifetimeSeconds: number;
}

type Body = Record<string, unknown>;

function param(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '') throw entraErrors.missingParameter(name);
  return v;
}

function frame(ctx: TokenEndpointContext, tenantId: string): TokenFrame {
  return { issuer: ctx.issuer(tenantId), tenantId, nowSeconds: Math.floor(ctx.clock().getTime() / 1000), lifetimeSeconds: ctx.lifetimeSeconds };
}

function checkResource(ctx: TokenEndpointContext, scopes: RequestedScopes, tenantId: string): void {
  if (!ctx.knownResource(scopes.resource)) throw entraErrors.resourceNotFound(scopes.resource, tenantId);
}

async function clientCredentials(ctx: TokenEndpointContext, tenantId: string, client: IdentityClient, body: Body): Promise<Record<string, unknown>> {
  const scopes = parseClientCredentialsScope(param(body, 'scope'));
  checkResource(ctx, scopes, tenantId);
  const keys = await ctx.keys;
  const f = frame(ctx, tenantId);
  return {
    token_type: 'Bearer',
    expires_in: f.lifetimeSeconds,
    ext_expires_in: f.lifetimeSeconds,
    access_token: await keys.sign(appAccessTokenClaims(f, client, scopes.resource)),
  };
}

/** The scopes Entra reports back: what was granted on the resource (plus `.default` when asked for) and the OIDC scopes asked for. */
function grantedScope(scopes: RequestedScopes, scp: string[]): string {
  const onResource = scp.map((p) => `${scopes.resource}/${p}`);
  if (scopes.isDefault) onResource.push(...scopes.requested);
  return [...onResource, ...scopes.oidc].join(' ');
}

async function refreshToken(ctx: TokenEndpointContext, tenantId: string, client: IdentityClient, body: Body): Promise<Record<string, unknown>> {
  const presented = param(body, 'refresh_token');
  const scopes = parseDelegatedScope(param(body, 'scope'));
  const user = ctx.refreshTokens.redeem(presented, tenantId, client.clientId);
  checkResource(ctx, scopes, tenantId);
  // `.default` stands for the permissions consented earlier; the sandbox's consent is `user_impersonation`.
  const scp = scopes.isDefault ? ['user_impersonation'] : scopes.permissions;
  const keys = await ctx.keys;
  const f = frame(ctx, tenantId);
  const response: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: grantedScope(scopes, scp),
    expires_in: f.lifetimeSeconds,
    ext_expires_in: f.lifetimeSeconds,
    access_token: await keys.sign(delegatedAccessTokenClaims(f, client, user, scopes.resource, scp)),
    refresh_token: ctx.refreshTokens.issue(user, client.clientId),
  };
  if (scopes.oidc.has('openid')) response['id_token'] = await keys.sign(idTokenClaims(f, client, user));
  // Entra returns client_info only when the request carries `client_info=1`, as MSAL's do.
  if (body['client_info'] === '1') response['client_info'] = clientInfo(user);
  return response;
}

const GRANTS: Record<string, typeof clientCredentials> = {
  client_credentials: clientCredentials,
  refresh_token: refreshToken,
};

/** `POST /{tenant}/oauth2/v2.0/token` (form-encoded). */
export function tokenEndpoint(ctx: TokenEndpointContext) {
  return async (req: Request<{ tenant: string }>, res: Response): Promise<void> => {
    const tenantId = req.params.tenant;
    try {
      if (!ctx.knownTenant(tenantId)) throw entraErrors.tenantNotFound(tenantId);
      // Express 5 leaves req.body undefined when no parser matched (e.g. a JSON body): treat it as an empty form.
      const body: Body = req.is('application/x-www-form-urlencoded') && typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {};
      const grantType = param(body, 'grant_type');
      const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
      if (!grant) throw entraErrors.unsupportedGrantType(grantType);
      const client = authenticateClient(req, body, tenantId, ctx.clients);
      const result = await grant(ctx, tenantId, client, body);
      res
        .status(200)
        .set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': randomUUID(), 'client-request-id': correlationIdOf(req) })
        .json(result);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      sendEntraError(req, res, err, ctx.clock);
    }
  };
}
