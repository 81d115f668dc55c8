import type { Response } from 'express';
import { errors } from 'jose';
import { ProblemError } from './problem.js';

/**
 * A rejected request: the problem to send, and the RFC 6750 challenge to set. `error` is omitted when the request
 * carried no bearer credentials at all (RFC 6750 §3.1).
 */
export class AuthFailure extends Error {
  constructor(
    readonly problem: ProblemError,
    readonly challenge: { error?: 'invalid_token' | 'insufficient_scope'; description?: string },
  ) {
    super(problem.message);
    this.name = 'AuthFailure';
  }
}

/** 401 for a token that is there but not acceptable. */
export function unauthorized(description: string): AuthFailure {
  return new AuthFailure(new ProblemError('unauthorized', description), { error: 'invalid_token', description });
}

/** 401 for a request with no bearer credentials: the challenge carries no error code (RFC 6750 §3.1). */
export function credentialsMissing(description: string): AuthFailure {
  return new AuthFailure(new ProblemError('unauthorized', description), {});
}

export function forbidden(description: string, error?: 'insufficient_scope'): AuthFailure {
  return new AuthFailure(new ProblemError('forbidden', description), error === undefined ? {} : { error, description });
}

/** RFC 6750 quoted-string values: no `"` or `\`, printable ASCII only. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '')}"`;
}

/** Sets `WWW-Authenticate` (every 401; a 403 only for `insufficient_scope`) and returns the problem for the error middleware. */
export function rejectWith(res: Response, failure: AuthFailure): ProblemError {
  const { error, description } = failure.challenge;
  if (error !== undefined) {
    res.set('WWW-Authenticate', `Bearer error=${quoted(error)}${description !== undefined ? `, error_description=${quoted(description)}` : ''}`);
  } else if (failure.problem.status === 401) {
    res.set('WWW-Authenticate', 'Bearer');
  }
  return failure.problem;
}

const CLAIM_REASONS: Record<string, string> = {
  nbf: 'The access token is not valid yet (nbf).',
  aud: 'The access token was not issued for this API (audience mismatch).',
  iss: 'The access token was not issued by a trusted issuer.',
  iat: 'The access token has an invalid issue time (iat).',
};

/**
 * Turns a jose verification error into a caller-facing reason that never quotes the token. Returns undefined for
 * failures that are not the caller's fault (the JWKS could not be fetched), which become a 500.
 */
export function reasonFor(err: unknown): string | undefined {
  if (err instanceof errors.JWTExpired) return 'The access token has expired.';
  if (err instanceof errors.JWTClaimValidationFailed) return CLAIM_REASONS[err.claim] ?? `The access token's "${err.claim.replace(/[^A-Za-z0-9_]/g, '')}" claim is not valid.`;
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSMultipleMatchingKeys) return 'The access token signature is not valid.';
  if (err instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with a key the issuer does not publish.';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'The access token must be signed with RS256.';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'The bearer token is not a well-formed JWT.';
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return undefined;
  // ERR_JOSE_GENERIC is what jose throws when the JWKS endpoint answers other than 200.
  if (err instanceof errors.JOSEError && err.code !== 'ERR_JOSE_GENERIC') return 'The access token is not valid.';
  return undefined;
}
