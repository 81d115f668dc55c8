import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK, JWTVerifyGetKey } from 'jose';

/** A public signing key as Entra publishes it in `discovery/v2.0/keys`. */
export interface PublishedKey extends JWK {
  kid: string;
  use: 'sig';
  alg: 'RS256';
}

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublishedKey;
}

/**
 * The provider's RS256 keys, generated at start: the primary key (published in the JWKS) and a rogue key
 * (never published) so tests can present a well-formed token whose signature does not verify.
 */
export interface SigningKeys {
  primaryKid: string;
  /** The JWKS document body; keys carry the tenant's issuer, as Entra's v2 keys do. */
  jwks(issuer: string): { keys: PublishedKey[] };
  /** Verification key resolver over the published keys only. */
  verificationKeys: JWTVerifyGetKey;
  sign(payload: Record<string, unknown>, options?: { key?: 'primary' | 'rogue'; kid?: string }): Promise<string>;
}

async function generate(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const { kty, n, e } = await exportJWK(publicKey);
  if (kty !== 'RSA' || n === undefined || e === undefined) throw new Error('generateKeyPair(RS256) did not yield an RSA key');
  const kid = await calculateJwkThumbprint({ kty, n, e });
  return { kid, privateKey, publicJwk: { kty, n, e, kid, use: 'sig', alg: 'RS256' } };
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const [primary, rogue] = await Promise.all([generate(), generate()]);
  const published: JSONWebKeySet = { keys: [primary.publicJwk] };
  return {
    primaryKid: primary.kid,
    jwks: (issuer) => ({ keys: [{ ...primary.publicJwk, issuer }] }),
    verificationKeys: createLocalJWKSet(published),
    sign: (payload, options = {}) => {
      const pair = options.key === 'rogue' ? rogue : primary;
      // A rogue token reuses the primary kid by default: the verifier finds a key, and the signature check is what fails.
      const kid = options.kid ?? primary.kid;
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(pair.privateKey);
    },
  };
}
