/**
 * Date-times as the service writes them: UTC with a 7-digit fraction (`2019-02-23T02:05:23.2931817Z`,
 * .NET's round-trip format). Stored data may carry other precisions (`…23.810144Z`, `…00Z`), so
 * comparisons go through `canonicalInstant`, whose output sorts lexically in time order.
 */
import type { Clock } from '../../api/domain/clock.js';

const TICKS_PER_MS = 10_000; // .NET ticks are 100 ns

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

/** Formats an instant (epoch ms plus 100-ns ticks within that ms) in the service's 7-digit form. */
export function formatInstant(epochMs: number, subTicks = 0): string {
  const iso = new Date(epochMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(subTicks).padStart(4, '0')}Z`;
}

export interface ParsedInstant { epochMs: number; subTicks: number }

/** Parses ISO 8601 date or date-time (offset optional, UTC assumed); undefined when not a valid instant. */
export function parseInstant(value: unknown): ParsedInstant | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  // Reject 2026-02-31 and 25:00 rather than letting Date roll them over.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour
    || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second || year < 1) return undefined;
  const digits = fraction.padEnd(7, '0').slice(0, 7);
  let offsetMs = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh = 0, om = 0] = zone.slice(1).split(':').map(Number);
    if (oh > 23 || om > 59) return undefined;
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return { epochMs: base + Number(digits.slice(0, 3)) - offsetMs, subTicks: Number(digits.slice(3)) };
}

/** A string that sorts in time order, or undefined when the value is not a date-time. */
export function canonicalInstant(value: unknown): string | undefined {
  const parsed = parseInstant(value);
  return parsed && formatInstant(parsed.epochMs, parsed.subTicks);
}

/**
 * Issues write timestamps from the clock that never repeat: writes within one millisecond get
 * successive 100-ns ticks, so `updatedDateTime gt <last seen>` incremental sync cannot miss the
 * second of two writes in the same millisecond. A clock set back (a test's manual clock) is followed.
 */
export class TimestampIssuer {
  private lastClock = Number.NEGATIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private lastSub = 0;

  constructor(private readonly clock: Clock) {}

  next(): string {
    const now = this.clock().getTime();
    if (now < this.lastClock || now > this.lastMs) {
      this.lastMs = now;
      this.lastSub = 0;
    } else if (this.lastSub < TICKS_PER_MS - 1) {
      this.lastSub += 1;
    } else {
      this.lastMs += 1;
      this.lastSub = 0;
    }
    this.lastClock = now;
    return formatInstant(this.lastMs, this.lastSub);
  }
}

export function addDays(epochMs: number, days: number): number {
  return epochMs + days * 86_400_000;
}
