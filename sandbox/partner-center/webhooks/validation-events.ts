/**
 * Validation (test-created) events: "There is a throttle limit of 2 requests per minute when posting a
 * validation event"; "The Response contains a result for each attempt"; "data older than 7 days will be
 * purged" (WH-DOCS). Results follow samples/webhook-validation-event-status-response.json.
 *
 * `status` is undocumented beyond the sample's "completed": here it is `inProgress` while attempts
 * remain, `completed` once delivered, and `failed` once every attempt has failed (inferred).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../api/domain/clock.js';
import { formatInstant } from '../timestamps.js';
import type { DeliveryAttempt } from './deliveries.js';
import { httpStatusName } from './http-status-names.js';

export interface ValidationResult {
  responseCode: string;
  responseMessage: string;
  systemError: boolean;
  /** `2017-12-08T21:39:48.2386997`: seven digits and no offset, as in the sample. */
  dateTimeUtc: string;
}

export type ValidationStatus = 'inProgress' | 'completed' | 'failed';

export interface ValidationEventStatus {
  correlationId: string;
  partnerId: string;
  status: ValidationStatus;
  callbackUrl: string;
  results: ValidationResult[];
}

interface Entry extends ValidationEventStatus {
  createdAtMs: number;
}

export const VALIDATION_POSTS_PER_MINUTE = 2;
const WINDOW_MS = 60_000;
const RETENTION_MS = 7 * 24 * 60 * 60_000;

function resultOf(attempt: Readonly<DeliveryAttempt>): ValidationResult {
  const at = new Date(attempt.at).getTime();
  return {
    responseCode: attempt.statusCode === null ? '' : httpStatusName(attempt.statusCode),
    responseMessage: attempt.statusCode === null ? (attempt.error ?? '') : attempt.delivered ? '' : attempt.responseText,
    systemError: attempt.statusCode === null,
    dateTimeUtc: formatInstant(at).replace(/Z$/, ''),
  };
}

export class ValidationEvents {
  private readonly entries = new Map<string, Entry>();
  private posts: number[] = [];

  constructor(private readonly clock: Clock, private readonly partnerId: string) {}

  /** Counts a POST against the 2-per-minute limit; returns seconds to wait when over it, else undefined. */
  throttle(): number | undefined {
    const now = this.clock().getTime();
    this.posts = this.posts.filter((at) => at > now - WINDOW_MS);
    const oldest = this.posts[0];
    if (this.posts.length >= VALIDATION_POSTS_PER_MINUTE && oldest !== undefined) {
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    }
    this.posts.push(now);
    return undefined;
  }

  create(callbackUrl: string): string {
    this.purge();
    const correlationId = randomUUID();
    this.entries.set(correlationId, {
      correlationId, partnerId: this.partnerId, status: 'inProgress', callbackUrl, results: [], createdAtMs: this.clock().getTime(),
    });
    return correlationId;
  }

  recordAttempt(correlationId: string, attempt: Readonly<DeliveryAttempt>, final: boolean): void {
    const entry = this.entries.get(correlationId);
    if (!entry) return;
    entry.results.push(resultOf(attempt));
    if (attempt.delivered) entry.status = 'completed';
    else if (final) entry.status = 'failed';
  }

  get(correlationId: string): ValidationEventStatus | undefined {
    this.purge();
    const entry = this.entries.get(correlationId);
    if (!entry) return undefined;
    const { correlationId: id, partnerId, status, callbackUrl, results } = entry;
    return structuredClone({ correlationId: id, partnerId, status, callbackUrl, results });
  }

  private purge(): void {
    const cutoff = this.clock().getTime() - RETENTION_MS;
    for (const [id, entry] of this.entries) if (entry.createdAtMs < cutoff) this.entries.delete(id);
  }
}
