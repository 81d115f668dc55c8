/**
 * The org's rolling 24-hour API request allocation, reported by `/limits` and the `Sforce-Limit-Info`
 * header. When it is used up, requests get 403 REQUEST_LIMIT_EXCEEDED, as in a real org.
 */
import type { Clock } from '../../api/domain/clock.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class ApiUsage {
  private calls: number[] = [];

  constructor(private readonly clock: Clock, readonly dailyMax: number) {}

  /** Counts one call; false when the allocation is already used up (the call is then refused, uncounted). */
  record(): boolean {
    const now = this.clock().getTime();
    this.calls = this.calls.filter((t) => now - t < DAY_MS);
    if (this.calls.length >= this.dailyMax) return false;
    this.calls.push(now);
    return true;
  }

  used(): number {
    const now = this.clock().getTime();
    return this.calls.filter((t) => now - t < DAY_MS).length;
  }

  remaining(): number {
    return Math.max(0, this.dailyMax - this.used());
  }
}
