/**
 * Partner Center's documented error bodies, as typed errors. Two shapes exist: the Referrals API's
 * `{"error":{code,message,target,innerError}}` and the general API's 429 `{"statusCode","message"}`.
 */
export interface PartnerCenterErrorInfo {
  status: number;
  code: string;
  message: string;
  target?: string;
  innerCode?: string;
  innerMessage?: string;
  requestId?: string;
  retryAfterSeconds?: number;
}

export class PartnerCenterError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly innerCode: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(info: PartnerCenterErrorInfo) {
    super(`Partner Center answered ${info.status} ${info.code}: ${info.message}`);
    this.name = new.target.name;
    this.status = info.status;
    this.code = info.code;
    this.target = info.target;
    this.innerCode = info.innerCode;
    this.requestId = info.requestId;
    this.retryAfterSeconds = info.retryAfterSeconds;
  }
}

export class PartnerCenterBadRequestError extends PartnerCenterError {}
export class PartnerCenterAuthError extends PartnerCenterError {}
export class PartnerCenterNotFoundError extends PartnerCenterError {}
export class PartnerCenterConflictError extends PartnerCenterError {}
export class PartnerCenterPreconditionFailedError extends PartnerCenterError {}
export class PartnerCenterThrottledError extends PartnerCenterError {}
export class PartnerCenterUnavailableError extends PartnerCenterError {}

type ErrorClass = new (info: PartnerCenterErrorInfo) => PartnerCenterError;

const BY_STATUS: ReadonlyMap<number, ErrorClass> = new Map<number, ErrorClass>([
  [400, PartnerCenterBadRequestError],
  [401, PartnerCenterAuthError],
  [403, PartnerCenterAuthError],
  [404, PartnerCenterNotFoundError],
  [409, PartnerCenterConflictError],
  [412, PartnerCenterPreconditionFailedError],
  [422, PartnerCenterBadRequestError],
  [429, PartnerCenterThrottledError],
  [502, PartnerCenterUnavailableError],
  [503, PartnerCenterUnavailableError],
  [504, PartnerCenterUnavailableError],
]);

/** Seconds from a Retry-After header (delta-seconds or HTTP-date). */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** `header` reads one response header by lower-case name. */
export function errorFromResponse(status: number, header: (name: string) => string | undefined, bodyText: string): PartnerCenterError {
  let code = `http${status}`;
  let message = bodyText.slice(0, 1024) || `HTTP ${status}`;
  let target: string | undefined;
  let innerCode: string | undefined;
  let innerMessage: string | undefined;
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown; target?: unknown; innerError?: { code?: unknown; message?: unknown } }; statusCode?: unknown; message?: unknown };
    if (body.error && typeof body.error === 'object') {
      if (typeof body.error.code === 'string') code = body.error.code;
      if (typeof body.error.message === 'string') message = body.error.message;
      if (typeof body.error.target === 'string') target = body.error.target;
      if (body.error.innerError && typeof body.error.innerError.code === 'string') innerCode = body.error.innerError.code;
      if (body.error.innerError && typeof body.error.innerError.message === 'string') innerMessage = body.error.innerError.message;
    } else if (typeof body.message === 'string') {
      message = body.message;
      code = status === 429 ? 'throttled' : code;
    }
  } catch {
    // Not JSON: keep the text (truncated) as the message.
  }
  const info: PartnerCenterErrorInfo = { status, code, message };
  if (target !== undefined) info.target = target;
  if (innerCode !== undefined) info.innerCode = innerCode;
  if (innerMessage !== undefined) info.innerMessage = innerMessage;
  const requestId = header('request-id');
  if (requestId !== undefined) info.requestId = requestId;
  const retryAfter = parseRetryAfter(header('retry-after'));
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
  const Cls = BY_STATUS.get(status) ?? (status >= 500 ? PartnerCenterUnavailableError : PartnerCenterError);
  return new Cls(info);
}

/** The call never got an HTTP answer (connection refused, reset, timeout). */
export class PartnerCenterNetworkError extends PartnerCenterUnavailableError {
  constructor(message: string, cause: unknown) {
    super({ status: 503, code: 'networkError', message });
    this.cause = cause;
  }
}
