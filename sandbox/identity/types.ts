import type { Router } from 'express';
import type { Clock } from '../../api/domain/clock.js';

/** An app registration in a sandbox tenant: a confidential client that authenticates with a secret. */
export interface IdentityClient {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** App roles granted to the client; they appear in the `roles` claim of its app-only tokens. */
  appRoles: string[];
  displayName?: string;
}

/** A user who has already signed in and consented; the refresh token stands for that past interactive sign-in. */
export interface IdentityUser {
  tenantId: string;
  oid: string;
  upn: string;
  name: string;
  refreshToken: string;
  /** App roles assigned to the user; they appear in the `roles` claim of delegated tokens. */
  roles?: string[];
}

export interface IdentityProviderOptions {
  /** Absolute URL of the mount, e.g. `http://127.0.0.1:3000/sandbox/identity`; a function because the port is known only after listen. */
  issuerBase: () => string;
  clients: IdentityClient[];
  /** Users for the refresh_token grant (App+User, delegated). */
  users?: IdentityUser[];
  /**
   * Resources (application ID URIs) the tenants know. A scope for any other resource fails with AADSTS500011,
   * as in Entra. When omitted, every resource is accepted.
   */
  resources?: string[];
  clock?: Clock;
  /** Access and ID token lifetime; Entra's default is 3599 s (60–90 min in practice). */
  tokenLifetimeSeconds?: number;
}

export interface MintOptions {
  tenantId?: string;
  /** Seconds from now until `exp`; zero or negative mints an already-expired token. */
  expiresInSeconds?: number;
  /** `rogue` signs with a key that is not in the JWKS (by default under the primary key's `kid`). */
  key?: 'primary' | 'rogue';
  kid?: string;
}

export interface IdentityProvider {
  /** Mount at `/sandbox/identity` (or wherever `issuerBase` points). */
  router: Router;
  /** The v2 issuer: `${issuerBase()}/${tenantId}/v2.0`. */
  issuer(tenantId: string): string;
  /** `${issuerBase()}/${tenantId}/discovery/v2.0/keys`. */
  jwksUri(tenantId: string): string;
  /** `${issuerBase()}/${tenantId}/oauth2/v2.0/token`. */
  tokenEndpoint(tenantId: string): string;
  /** For tests: mint any token (expired, wrong audience, other issuer) with the real key, or with a key not in the JWKS ('rogue'). */
  mintAccessToken(claims: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Verifies a token it issued (signature via its own JWKS, issuer, expiry) for the given audience. Throws on failure. */
  verifyAccessToken(token: string, options: { audience: string; tenantId?: string }): Promise<Record<string, unknown>>;
}
