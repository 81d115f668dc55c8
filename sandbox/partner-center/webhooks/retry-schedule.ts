/**
 * "Partner Center will make 10 attempts to deliver the event. If the event is still not delivered after
 * 10 attempts, it will be moved into an offline queue and no further attempts will be made" (WH-DOCS).
 * The interval is undocumented; the emulator doubles from 1 s (1, 2, 4 … 256 s: about 8.5 minutes in
 * all), capped at 5 minutes, so a receiver that is down for a few minutes still gets the event.
 */
export const MAX_DELIVERY_ATTEMPTS = 10;

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

/** The wait after failed attempt `attempt` (1-based) before the next one. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), MAX_RETRY_MS);
}
