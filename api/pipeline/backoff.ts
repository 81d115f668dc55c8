/**
 * When a failed inbox event or delivery is tried again: capped exponential backoff with equal jitter,
 * in the style of the Partner Center client's retry policy, but over attempts spread across minutes
 * and process restarts (the next time is stored, not slept). A Retry-After the other side sent is
 * honoured as a floor, within the cap.
 */
export interface BackoffPolicy {
  /** Attempts in all, the first included; after the last one the item is dead. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * When attempt `attempts + 1` is due, or null when `attempts` (those made so far, the failed one
 * included) used up the policy.
 */
export function nextAttemptAt(attempts: number, now: Date, policy: BackoffPolicy, options: { retryAfterMs?: number; random?: () => number } = {}): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  // Equal jitter: at least half the step, so retries of many items spread out without collapsing to zero.
  const jittered = exponential / 2 + (options.random ?? Math.random)() * (exponential / 2);
  const delay = Math.min(policy.maxDelayMs, Math.max(jittered, options.retryAfterMs ?? 0));
  return new Date(now.getTime() + Math.round(delay));
}
