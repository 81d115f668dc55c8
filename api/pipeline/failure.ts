/** How a failed attempt is told apart: worth retrying later, or certain to fail the same way again. */
export interface FailureVerdict {
  /** Kept on the row as its last error: type and message, never a stack. */
  message: string;
  /** Retrying cannot help (a malformed request, data that cannot be processed): dead at once. */
  permanent: boolean;
  /** The other side asked for this much patience (Retry-After). */
  retryAfterMs?: number;
}

/** Thrown by the pipeline itself for input no retry will fix. */
export class PermanentFailure extends Error {
  constructor(message: string) { super(message); this.name = 'PermanentFailure'; }
}

/** Statuses that mean the request itself is wrong; 401/403 are not among them, since an operator can fix consent. */
const PERMANENT_STATUSES = new Set([400, 422]);

/**
 * Reads errors by shape rather than class, so the pipeline needs no adapter imports: Partner Center
 * errors carry `status` and `retryAfterSeconds`, and so would any other adapter's that follows suit.
 */
export function describeFailure(err: unknown): FailureVerdict {
  if (!(err instanceof Error)) return { message: String(err), permanent: false };
  const { status, retryAfterSeconds } = err as Error & { status?: unknown; retryAfterSeconds?: unknown };
  const verdict: FailureVerdict = {
    message: `${err.name}: ${err.message}`,
    permanent: err instanceof PermanentFailure || (typeof status === 'number' && PERMANENT_STATUSES.has(status)),
  };
  if (typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds)) verdict.retryAfterMs = retryAfterSeconds * 1000;
  return verdict;
}
