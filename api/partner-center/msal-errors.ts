import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';

/** OAuth / MSAL codes worth retrying later: the identity provider or the network, not our credentials. */
const TRANSIENT_CODES = new Set(['network_error', 'server_error', 'temporarily_unavailable', 'request_timeout']);
const CREDENTIAL_CODES = new Set(['invalid_client', 'unauthorized_client']);

/**
 * A token could not be acquired. The message is built only from error codes, never from MSAL's message or
 * Entra's description: those can name the user (UPN) and are not ours to log. No cause is attached for the same reason.
 */
export class TokenAcquisitionError extends Error {
  /** Entra's OAuth error (`invalid_client`, `invalid_grant`, …) or MSAL's client error code. */
  readonly errorCode: string;
  /** The AADSTS number, e.g. 7000215 for a wrong client secret. */
  readonly aadstsCode: number | undefined;
  /** Entra's correlation id, for a support request. */
  readonly correlationId: string | undefined;
  /** The refresh token is no longer usable: an admin has to sign in again (Secure Application Model consent). */
  readonly interactionRequired: boolean;
  /** Worth retrying later (network, Entra unavailable); credential and grant errors are not. */
  readonly retryable: boolean;

  constructor(message: string, details: { errorCode: string; aadstsCode?: number; correlationId?: string; interactionRequired?: boolean; retryable?: boolean }) {
    super(message);
    this.name = 'TokenAcquisitionError';
    this.errorCode = details.errorCode;
    this.aadstsCode = details.aadstsCode;
    this.correlationId = details.correlationId;
    this.interactionRequired = details.interactionRequired ?? false;
    this.retryable = details.retryable ?? false;
  }
}

function safeCode(code: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'unknown_error';
}

function hintFor(err: { errorCode: string; interactionRequired: boolean; retryable: boolean }): string {
  if (CREDENTIAL_CODES.has(err.errorCode)) return 'Check the app registration\'s client id, secret and tenant.';
  if (err.interactionRequired || err.errorCode === 'invalid_grant') return 'The refresh token was rejected; an admin must sign in again to issue a new one.';
  if (err.retryable) return 'The identity provider could not be reached or is unavailable; retry later.';
  return 'See the error code for the cause.';
}

/** Maps anything MSAL throws to a TokenAcquisitionError whose message is safe to log and to surface. */
export function toTokenAcquisitionError(err: unknown, scopes: readonly string[]): TokenAcquisitionError {
  if (err instanceof TokenAcquisitionError) return err;
  if (!(err instanceof AuthError)) {
    return new TokenAcquisitionError(`Could not acquire a token for ${scopes.join(' ')}: unexpected failure.`, { errorCode: 'unknown_error' });
  }
  const errorCode = safeCode(err.errorCode);
  const errorNo = err instanceof ServerError && err.errorNo !== undefined ? Number(err.errorNo) : NaN;
  const aadstsCode = Number.isInteger(errorNo) ? errorNo : undefined;
  const correlationId = /^[A-Za-z0-9-]{1,64}$/.test(err.correlationId) ? err.correlationId : undefined;
  const interactionRequired = err instanceof InteractionRequiredAuthError;
  const retryable = TRANSIENT_CODES.has(errorCode);
  const code = aadstsCode !== undefined ? `${errorCode} (AADSTS${aadstsCode})` : errorCode;
  return new TokenAcquisitionError(
    `Could not acquire a token for ${scopes.join(' ')}: ${code}. ${hintFor({ errorCode, interactionRequired, retryable })}`,
    {
      errorCode,
      ...(aadstsCode !== undefined ? { aadstsCode } : {}),
      ...(correlationId !== undefined ? { correlationId } : {}),
      interactionRequired,
      retryable,
    },
  );
}
