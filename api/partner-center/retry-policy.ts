/**
 * When to try a Partner Center call again, as one small pure function (after Azure core-rest-pipeline's
 * throttling and exponential strategies): Retry-After first, then capped exponential backoff with jitter.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface AttemptOutcome {
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Seconds from Retry-After, when given. */
  retryAfterSeconds?: number;
  /** No answer at all (refused, reset, timed out). */
  networkError?: boolean;
  /** Whether repeating the request cannot apply it twice. */
  idempotent: boolean;
}

const RETRYABLE_STATUS = new Set([429, 503]);
const RETRYABLE_IDEMPOTENT_STATUS = new Set([502, 504]);

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined to give up.
 * `attempt` counts the attempts made so far (1 after the first failure).
 * A Retry-After longer than the cap is not shortened: the call gives up and the caller is told to wait.
 */
export function retryDelayMs(attempt: number, outcome: AttemptOutcome, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const retryable = outcome.networkError === true
    ? outcome.idempotent
    : outcome.status !== undefined && (RETRYABLE_STATUS.has(outcome.status) || (outcome.idempotent && RETRYABLE_IDEMPOTENT_STATUS.has(outcome.status)));
  if (!retryable) return undefined;
  if (outcome.retryAfterSeconds !== undefined) {
    const ms = outcome.retryAfterSeconds * 1000;
    return ms <= policy.maxDelayMs ? ms : undefined;
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: at least half the step, so retries spread out without collapsing to zero.
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
