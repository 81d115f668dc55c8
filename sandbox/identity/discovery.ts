import type { Request, Response } from 'express';
import type { Clock } from '../../api/domain/clock.js';
import { entraErrors, sendEntraError } from './entra-errors.js';
import type { SigningKeys } from './signing-keys.js';

export interface DiscoveryContext {
  keys: Promise<SigningKeys>;
  base(): string;
  issuer(tenantId: string): string;
  jwksUri(tenantId: string): string;
  tokenEndpoint(tenantId: string): string;
  knownTenant(tenantId: string): boolean;
  clock: Clock;
}

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`: the subset of Entra's document that clients read. */
export function openIdConfiguration(ctx: DiscoveryContext) {
  return (req: Request<{ tenant: string }>, res: Response): void => {
    const tenantId = req.params.tenant;
    if (!ctx.knownTenant(tenantId)) {
      sendEntraError(req, res, entraErrors.tenantNotFound(tenantId, 'invalid_tenant'), ctx.clock);
      return;
    }
    const base = `${ctx.base()}/${tenantId}`;
    res.json({
      token_endpoint: ctx.tokenEndpoint(tenantId),
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: ctx.jwksUri(tenantId),
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: ctx.issuer(tenantId),
      request_uri_parameter_supported: false,
      // Advertised because OIDC discovery requires it; the sandbox has no interactive sign-in, users come with a refresh token.
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      tenant_region_scope: null,
      cloud_instance_name: 'sandbox.local',
    });
  };
}

/** `GET /{tenant}/discovery/v2.0/keys`: the JWKS; only the primary key is ever published. */
export function signingKeys(ctx: DiscoveryContext) {
  return async (req: Request<{ tenant: string }>, res: Response): Promise<void> => {
    const tenantId = req.params.tenant;
    if (!ctx.knownTenant(tenantId)) {
      sendEntraError(req, res, entraErrors.tenantNotFound(tenantId, 'invalid_tenant'), ctx.clock);
      return;
    }
    const keys = await ctx.keys;
    res.json(keys.jwks(ctx.issuer(tenantId)));
  };
}
