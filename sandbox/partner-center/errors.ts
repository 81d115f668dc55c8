/**
 * Errors in the documented Partner Center envelope `{ error: { code, message, target?, innerError? } }`
 * (REST-DOCS `error-codes`). Codes are limited to the documented set; the HTTP status carries the rest.
 */

export type PartnerCenterErrorCode =
  | 'accessDenied'
  | 'generalException'
  | 'invalidRequest'
  | 'itemNotFound'
  | 'preconditionFailed'
  | 'resourceModified'
  | 'serviceNotAvailable'
  | 'unauthenticated';

export interface InnerError {
  code: string;
  message: string;
  details?: unknown;
  innerError?: InnerError;
}

export interface ErrorEnvelope {
  error: { code: string; message: string; target?: string; innerError?: InnerError };
}

/** The documented limit on `message`. */
const MAX_MESSAGE_LENGTH = 1024;

export class PartnerCenterError extends Error {
  readonly status: number;
  readonly code: PartnerCenterErrorCode;
  readonly target: string | undefined;
  readonly innerError: InnerError | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: PartnerCenterErrorCode,
    message: string,
    extra: { target?: string; innerError?: InnerError; headers?: Record<string, string> } = {},
  ) {
    super(message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message);
    this.name = 'PartnerCenterError';
    this.status = status;
    this.code = code;
    this.target = extra.target;
    this.innerError = extra.innerError;
    this.headers = extra.headers ?? {};
  }

  toEnvelope(): ErrorEnvelope {
    const error: ErrorEnvelope['error'] = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.innerError !== undefined) error.innerError = this.innerError;
    return { error };
  }
}

export function invalidRequest(message: string, target?: string): PartnerCenterError {
  return new PartnerCenterError(400, 'invalidRequest', message, target === undefined ? {} : { target });
}

export function itemNotFound(id: string): PartnerCenterError {
  return new PartnerCenterError(404, 'itemNotFound', `Referral '${id}' was not found.`, { target: 'id' });
}

export function unauthenticated(message: string): PartnerCenterError {
  return new PartnerCenterError(401, 'unauthenticated', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

export function accessDenied(message: string): PartnerCenterError {
  return new PartnerCenterError(403, 'accessDenied', message);
}

/** Byte-for-byte the 412 a real user received (samples/error-412-etag-mismatch.json). */
export function preconditionFailed(): PartnerCenterError {
  return new PartnerCenterError(
    412,
    'preconditionFailed',
    "A precondition provided in the request (such as an if-match header) does not match the resource's current state.",
    {
      target: 'ETag',
      innerError: { code: '99918', message: 'One of the specified pre-condition is not met. Etag value did not Match', details: null },
    },
  );
}

export function payloadTooLarge(limitBytes: number): PartnerCenterError {
  return new PartnerCenterError(413, 'invalidRequest', `The request body exceeds the limit of ${limitBytes} bytes.`);
}

export function unsupportedMediaType(contentType: string | undefined): PartnerCenterError {
  return new PartnerCenterError(
    415,
    'invalidRequest',
    `Content-Type '${contentType ?? ''}' is not supported; send application/json.`,
    { target: 'Content-Type' },
  );
}

export function generalException(): PartnerCenterError {
  return new PartnerCenterError(500, 'generalException', 'An unexpected error occurred.');
}
