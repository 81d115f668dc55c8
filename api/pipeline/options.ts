/** The pipeline's knobs, with defaults that suit one API process on the embedded store. */
export interface PipelineOptions {
  /** How often an idle loop asks the store for due work; in-process intake wakes it at once. */
  pollIntervalMs: number;
  /** Events handled at once per process (each is one Partner Center GET plus one transaction). */
  inboxConcurrency: number;
  /** How long a claimed event stays with its worker; above the Partner Center client's worst case. */
  inboxLeaseMs: number;
  /** Attempts per event before it goes to the dead letters. */
  inboxMaxAttempts: number;
  inboxRetryBaseMs: number;
  inboxRetryMaxMs: number;
  /** Deliveries sent at once per process. */
  outboxConcurrency: number;
  /** Above deliveryTimeoutMs, so a slow POST is not sent again while it is still running. */
  outboxLeaseMs: number;
  outboxMaxAttempts: number;
  outboxRetryBaseMs: number;
  outboxRetryMaxMs: number;
  /** Timeout of one POST to a subscriber. */
  deliveryTimeoutMs: number;
  /** Consecutive failed delivery attempts after which a subscription is disabled. */
  disableAfterFailures: number;
  /** Sandbox and tests only: allow http callback URLs on loopback hosts. */
  allowLoopbackHttp: boolean;
}

export const DEFAULT_PIPELINE_OPTIONS: Readonly<PipelineOptions> = {
  pollIntervalMs: 100,
  inboxConcurrency: 8,
  inboxLeaseMs: 10 * 60_000,
  inboxMaxAttempts: 8,
  inboxRetryBaseMs: 2_000,
  inboxRetryMaxMs: 10 * 60_000,
  outboxConcurrency: 8,
  outboxLeaseMs: 60_000,
  outboxMaxAttempts: 10,
  outboxRetryBaseMs: 5_000,
  outboxRetryMaxMs: 60 * 60_000,
  deliveryTimeoutMs: 10_000,
  disableAfterFailures: 20,
  allowLoopbackHttp: false,
};

export function resolvePipelineOptions(given: Partial<PipelineOptions> = {}): PipelineOptions {
  const options: PipelineOptions = { ...DEFAULT_PIPELINE_OPTIONS, ...given };
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) throw new RangeError(`pipeline option ${key} must be a positive integer (got ${value}).`);
  }
  if (options.outboxLeaseMs <= options.deliveryTimeoutMs) throw new RangeError('pipeline option outboxLeaseMs must exceed deliveryTimeoutMs.');
  return options;
}
