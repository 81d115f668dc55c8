import express from 'express';
import { decodeJwt, errors, jwtVerify } from 'jose';
import { systemClock } from '../../api/domain/clock.js';
import { openIdConfiguration, signingKeys, type DiscoveryContext } from './discovery.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import { createSigningKeys } from './signing-keys.js';
import { tokenEndpoint, type TokenEndpointContext } from './token-endpoint.js';
import type { IdentityProvider, IdentityProviderOptions, MintOptions } from './types.js';

const DEFAULT_LIFETIME_SECONDS = 3599;

/**
 * A sandbox identity provider that mirrors Entra ID's v2 endpoints closely enough for the real msal-node and
 * jose to run against it: the token endpoint (client credentials and refresh token grants), the discovery
 * document and the JWKS. Tenants are the ones the clients and users name; each is at `{issuerBase}/{tenant}`.
 */
export function createIdentityProvider(options: IdentityProviderOptions): IdentityProvider {
  const clock = options.clock ?? systemClock;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  const users = options.users ?? [];
  const tenants = new Set([...options.clients.map((c) => c.tenantId), ...users.map((u) => u.tenantId)]);
  const resources = options.resources === undefined ? undefined : new Set(options.resources);
  const keys = createSigningKeys();
  // Key generation does not fail in practice; this keeps a failure from becoming an unhandled rejection before first use.
  void keys.catch(() => undefined);

  const base = () => options.issuerBase().replace(/\/+$/, '');
  const issuer = (tenantId: string) => `${base()}/${tenantId}/v2.0`;
  const jwksUri = (tenantId: string) => `${base()}/${tenantId}/discovery/v2.0/keys`;
  const tokenEndpointUrl = (tenantId: string) => `${base()}/${tenantId}/oauth2/v2.0/token`;
  const knownTenant = (tenantId: string) => tenants.has(tenantId);
  const nowSeconds = () => Math.floor(clock().getTime() / 1000);

  const tokenCtx: TokenEndpointContext = {
    clients: options.clients,
    refreshTokens: new RefreshTokenStore(users),
    keys,
    issuer,
    knownTenant,
    knownResource: (resource) => resources === undefined || resources.has(resource),
    clock,
    lifetimeSeconds,
  };
  const discoveryCtx: DiscoveryContext = { keys, base, issuer, jwksUri, tokenEndpoint: tokenEndpointUrl, knownTenant, clock };

  const router = express.Router();
  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false, limit: '64kb' }), tokenEndpoint(tokenCtx));
  router.get('/:tenant/v2.0/.well-known/openid-configuration', openIdConfiguration(discoveryCtx));
  router.get('/:tenant/discovery/v2.0/keys', signingKeys(discoveryCtx));

  const defaultTenant = [...tenants][0];

  async function mintAccessToken(claims: Record<string, unknown>, mint: MintOptions = {}): Promise<string> {
    const tenantId = mint.tenantId ?? defaultTenant;
    if (tenantId === undefined) throw new Error('mintAccessToken: no tenant given and none configured');
    const now = nowSeconds();
    const exp = now + (mint.expiresInSeconds ?? lifetimeSeconds);
    // An expired token still has a plausible history: issued one lifetime before it expired.
    const iat = exp > now ? now : exp - lifetimeSeconds;
    const signing = await keys;
    const signOptions = { ...(mint.key !== undefined ? { key: mint.key } : {}), ...(mint.kid !== undefined ? { kid: mint.kid } : {}) };
    return signing.sign({ iss: issuer(tenantId), tid: tenantId, iat, nbf: iat, exp, ver: '2.0', ...claims }, signOptions);
  }

  async function verifyAccessToken(token: string, verify: { audience: string; tenantId?: string }): Promise<Record<string, unknown>> {
    const tenantId = verify.tenantId ?? tenantOf(token);
    const { payload } = await jwtVerify(token, (await keys).verificationKeys, {
      issuer: issuer(tenantId),
      audience: verify.audience,
      algorithms: ['RS256'],
      currentDate: clock(),
    });
    if (payload['tid'] !== tenantId) throw new errors.JWTClaimValidationFailed('unexpected "tid" claim value', payload, 'tid', 'check_failed');
    return payload;
  }

  function tenantOf(token: string): string {
    const claims = decodeJwt(token);
    const tid = claims['tid'];
    if (typeof tid !== 'string' || !knownTenant(tid)) throw new errors.JWTClaimValidationFailed('unknown "tid" claim value', claims, 'tid', 'check_failed');
    return tid;
  }

  return { router, issuer, jwksUri, tokenEndpoint: tokenEndpointUrl, mintAccessToken, verifyAccessToken };
}
