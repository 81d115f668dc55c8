/**
 * The one error every webhook verification failure becomes (the standard-webhooks model): a closed
 * set of reason codes that the receiver logs and answers with 401. Messages name headers, hosts and
 * dates, never the signature or the body, so they are safe to log.
 */

export const SIGNATURE_ERROR_REASONS = [
  'missing_headers',
  'unsupported_algorithm',
  'malformed_signature',
  'bad_signature',
  'certificate_url_invalid',
  'certificate_url_not_https',
  'certificate_host_not_allowed',
  'certificate_fetch_failed',
  'certificate_invalid',
  'certificate_expired',
  'certificate_not_yet_valid',
  'certificate_issuer_not_allowed',
] as const;

export type SignatureErrorReason = (typeof SIGNATURE_ERROR_REASONS)[number];

export class SignatureError extends Error {
  readonly reason: SignatureErrorReason;

  constructor(reason: SignatureErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SignatureError';
    this.reason = reason;
  }
}
