import type { ErrorRequestHandler, Response } from 'express';
import { InvalidTransitionError, PrerequisitesMissingError, ReferralClosedError } from '../domain/errors.js';
import { ReferralNotFoundError, StaleReferralError } from '../domain/ports.js';
import { CoSellShareIncompleteError } from '../domain/referral-operations.js';
import type { Logger } from '../logging/logger.js';
import {
  PartnerCenterAuthError, PartnerCenterError, PartnerCenterThrottledError, PartnerCenterUnavailableError,
} from '../partner-center/errors.js';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';

/** body-parser's error types, as it tags them. */
const BODY_PARSER: Readonly<Record<string, () => ProblemError>> = {
  'entity.parse.failed': () => new ProblemError('malformed_json', 'The request body is not valid JSON.', { errors: [{ field: 'body', message: 'is not valid JSON' }] }),
  'entity.too.large': () => new ProblemError('payload_too_large', 'The request body is larger than this API accepts.'),
  'encoding.unsupported': () => new ProblemError('unsupported_media_type', 'The request body encoding is not supported.'),
  'charset.unsupported': () => new ProblemError('unsupported_media_type', 'The request body charset is not supported; use UTF-8.'),
  'request.aborted': () => new ProblemError('validation_failed', 'The request body was not received completely.'),
};

function fromUpstream(err: PartnerCenterError, prefix = ''): ProblemError {
  const retry = err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {};
  if (err instanceof PartnerCenterThrottledError) return new ProblemError('rate_limited', `${prefix}Partner Center is throttling requests; try again later.`, { ...retry, cause: err });
  if (err instanceof PartnerCenterUnavailableError) return new ProblemError('upstream_unavailable', `${prefix}Partner Center is unavailable; try again later.`, { ...retry, cause: err });
  if (err instanceof PartnerCenterAuthError) return new ProblemError('upstream_error', `${prefix}Partner Center refused this backend's credentials; an operator must renew them.`, { cause: err });
  // Partner Center's own message (at most 1024 characters, about the request's data) helps the caller fix it.
  return new ProblemError('upstream_error', `${prefix}Partner Center rejected the request (${err.code}): ${err.message.replace(/^Partner Center answered \d+ \S+: /, '')}`, { cause: err });
}

/** Every error becomes problem details; anything unexpected is logged in full and answered without internals. */
export function toProblemError(err: unknown): ProblemError | undefined {
  if (err instanceof ProblemError) return err;
  const parserType = (err as { type?: unknown } | null)?.type;
  if (typeof parserType === 'string' && BODY_PARSER[parserType]) return BODY_PARSER[parserType]();
  if (err instanceof ReferralNotFoundError) return new ProblemError('not_found', err.message);
  if (err instanceof StaleReferralError) return new ProblemError('precondition_failed', err.message);
  if (err instanceof InvalidTransitionError) return new ProblemError('invalid_transition', err.message);
  if (err instanceof ReferralClosedError) return new ProblemError('referral_closed', err.message);
  if (err instanceof PrerequisitesMissingError) return new ProblemError('prerequisites_missing', err.message, { errors: err.violations });
  if (err instanceof CoSellShareIncompleteError) {
    const cause = err.cause instanceof PartnerCenterError ? fromUpstream(err.cause, `${err.message} `) : undefined;
    return cause ?? new ProblemError('upstream_error', err.message);
  }
  if (err instanceof PartnerCenterError) return fromUpstream(err);
  return undefined;
}

export function sendProblem(res: Response, problem: ProblemError, instance: string): void {
  const requestId = typeof res.locals['requestId'] === 'string' ? res.locals['requestId'] : undefined;
  if (problem.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toProblem(instance, requestId)));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) { next(err); return; }
    const log = (res.locals['logger'] as Logger | undefined) ?? logger;
    let problem = toProblemError(err);
    if (!problem) {
      log.error({ err }, 'unhandled error');
      problem = new ProblemError('internal_error', 'An unexpected error occurred; quote the requestId when reporting it.');
    } else if (problem.status >= 500) {
      log.warn({ err: problem.cause ?? problem, code: problem.code }, 'request failed upstream');
    }
    sendProblem(res, problem, req.originalUrl.split('?')[0] ?? req.originalUrl);
  };
}
