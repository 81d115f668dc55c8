/**
 * The one retry policy for Salesforce calls (jsforce's own backoff is switched off in the transport
 * hook). Retried: REQUEST_LIMIT_EXCEEDED (403), 429, 5xx and network errors. A call that may have
 * been applied (500, a reset connection) is repeated only when repeating it is harmless: reads,
 * updates, upserts by external id and deletes; a create is not, so it fails at once and the sync job
 * decides. Retry-After first, then capped exponential backoff with equal jitter; after the last
 * attempt the caller gets CrmUnavailableError.
 */
import { CrmUnavailableError } from '../domain/crm.js';
import type { Logger } from '../logging/logger.js';
import type { SalesforceRetryOptions } from './config.js';
import { classify, type Failure, type ResponseSeen } from './errors.js';
import { observeResponses } from './transport-hook.js';

export interface RetryPolicy extends SalesforceRetryOptions {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger?: Logger;
}

/** The wait before attempt `attempt + 1`, or undefined to stop now. */
export function retryDelay(attempt: number, policy: Pick<RetryPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'random'>, retryAfterMs?: number): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + policy.random() * (step / 2));
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Runs `call` until it succeeds, fails for good, or the attempts are spent. `explain` swaps a
 * wrapper error (jsforce's failed-refresh Error) for its cause before classifying.
 * Non-retryable errors are rethrown with what the last response said, for the caller to map.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  repeatable: boolean,
  call: () => Promise<T>,
  explain: (err: unknown) => unknown = (err) => err,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const seen: ResponseSeen = {};
    try {
      return await observeResponses(seen, call);
    } catch (thrown) {
      const err = explain(thrown);
      const failure: Failure = classify(err, seen);
      if (failure.kind !== 'transient' || (!failure.safeToRepeat && !repeatable)) throw new FailedCall(err, seen);
      const delay = retryDelay(attempt, policy, failure.retryAfterMs);
      if (delay === undefined) {
        throw new CrmUnavailableError(`Salesforce stayed unavailable while ${what} (${failure.code}) after ${attempt} attempt(s).`, failure.retryAfterMs);
      }
      policy.logger?.warn({ what, code: failure.code, attempt, delayMs: delay }, 'Salesforce asked to wait; retrying');
      await policy.sleep(delay);
    }
  }
}

/** A call that will not be retried: the error as thrown and the last response's status. */
export class FailedCall extends Error {
  constructor(readonly error: unknown, readonly seen: ResponseSeen) {
    super('Salesforce call failed');
    this.name = 'FailedCall';
  }
}
