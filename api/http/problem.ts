/**
 * RFC 9457 problem details. The `code` set is closed and documented in the contract
 * (definitions/Problem); a test keeps the two in step.
 */
export const PROBLEM_CODES = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  invalid_continuation_token: { status: 400, title: 'The continuation token is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'The caller may not do this' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  invalid_transition: { status: 409, title: 'The referral cannot move to that state' },
  webhook_registered_elsewhere: { status: 409, title: 'Partner Center sends these events elsewhere' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  referral_closed: { status: 409, title: 'The referral is closed' },
  sync_not_configured: { status: 409, title: 'CRM sync is not configured' },
  precondition_failed: { status: 412, title: 'The resource has changed since it was read' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  prerequisites_missing: { status: 422, title: 'The referral does not meet Partner Center prerequisites' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal error' },
  upstream_error: { status: 502, title: 'Partner Center rejected the request' },
  upstream_unavailable: { status: 503, title: 'Partner Center is unavailable' },
  storage_unavailable: { status: 503, title: 'The database is unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface FieldError {
  /** JSON-pointer-like location, e.g. `body/customer/address/country` or `query/top`. */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
}

export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ProblemCode, detail: string, extra: { errors?: FieldError[]; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(detail, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ProblemError';
    this.code = code;
    this.status = PROBLEM_CODES[code].status;
    this.errors = extra.errors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toProblem(instance?: string, requestId?: string): Problem {
    const p: Problem = {
      type: `https://cosell-connector.dev/problems/${this.code.replace(/_/g, '-')}`,
      title: PROBLEM_CODES[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.message,
    };
    if (instance !== undefined) p.instance = instance;
    if (requestId !== undefined) p.requestId = requestId;
    if (this.errors !== undefined && this.errors.length > 0) p.errors = this.errors;
    if (this.retryAfterSeconds !== undefined) p.retryAfterSeconds = this.retryAfterSeconds;
    return p;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
