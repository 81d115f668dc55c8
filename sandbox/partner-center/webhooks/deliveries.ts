/**
 * Sends signed events to the registered URL, in the background: `enqueue` returns at once (the
 * referral write that raised the event never waits), and the delivery starts on a later turn of the
 * event loop. A 2xx answer delivers; anything else, or no answer, is retried until the attempt limit
 * (10, as documented), with the waits of retry-schedule.ts. Every delivery and attempt is kept in a
 * bounded log for tests and for the validation-event status API.
 *
 * The body is fixed when the event is raised and signed once, so every retry sends the same bytes
 * (receivers dedupe on them). `sleep` and `clock` are injectable so tests never wait.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleepFor } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import type { Clock } from '../../../api/domain/clock.js';
import { serializeEvent, type OutgoingEvent } from './event-body.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs as defaultRetryDelayMs } from './retry-schedule.js';
import type { DeliverySigner } from './signing.js';

export interface DeliveryAttempt {
  /** 1-based. */
  attempt: number;
  /** When the attempt started (ISO 8601, emulator clock). */
  at: string;
  /** The receiver's status, or null when no response came back. */
  statusCode: number | null;
  /** Why no response came back (connection refused, timeout), or null. */
  error: string | null;
  /** The start of the receiver's answer (at most 256 characters). */
  responseText: string;
  delivered: boolean;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: string;
  eventName: string;
  resourceUri: string;
  webhookUrl: string;
  /** The exact body sent, signed as is. */
  body: string;
  /** Headers sent with every attempt (empty until signed). */
  headers: Record<string, string>;
  /** The correlation id of a validation (test-created) event, else null. */
  correlationId: string | null;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** The waits scheduled between attempts, in ms. */
  retryDelaysMs: number[];
}

export interface DeliveryTarget {
  webhookUrl: string;
  signatureTokenToMsSignatureHeader: boolean;
}

export interface WebhookDelivererOptions {
  clock: Clock;
  /** Without one, deliveries fail at once (never sent unsigned). */
  signer: DeliverySigner | undefined;
  /** For receivers behind https with a private CA. Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Default 10. */
  maxAttempts?: number;
  /** The wait after failed attempt n; default retry-schedule.ts. */
  retryDelayMs?: (attempt: number) => number;
  /** Default: a real, unref'd timer that close() cancels. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Default 30 s per attempt. */
  attemptTimeoutMs?: number;
  /** Default 1000 deliveries. */
  logLimit?: number;
  /** Called after every attempt (the validation-event status API listens here). */
  onAttempt?: (record: Readonly<DeliveryRecord>, attempt: Readonly<DeliveryAttempt>, final: boolean) => void;
}

const RESPONSE_TEXT_LIMIT = 256;

const realSleep = (ms: number, signal: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal, ref: false });

async function responseText(body: AsyncIterable<unknown> & { dump(): Promise<void> }): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text.length >= RESPONSE_TEXT_LIMIT) break;
  }
  await body.dump();
  return text.slice(0, RESPONSE_TEXT_LIMIT);
}

export class WebhookDeliverer {
  private readonly records: DeliveryRecord[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly attemptTimeoutMs: number;
  private readonly logLimit: number;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.maxAttempts = options.maxAttempts ?? MAX_DELIVERY_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer.');
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.sleep = options.sleep ?? realSleep;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.logLimit = options.logLimit ?? 1000;
  }

  /** Records the delivery and starts it in the background; returns its id. */
  enqueue(event: OutgoingEvent, target: DeliveryTarget, correlationId: string | null = null): string {
    const record: DeliveryRecord = {
      id: randomUUID(),
      eventName: event.eventName,
      resourceUri: event.resourceUri,
      webhookUrl: target.webhookUrl,
      body: serializeEvent(event),
      headers: {},
      correlationId,
      state: 'pending',
      attempts: [],
      retryDelaysMs: [],
    };
    this.records.push(record);
    if (this.records.length > this.logLimit) this.records.splice(0, this.records.length - this.logLimit);
    const run = this.run(record, target).finally(() => { this.running.delete(run); });
    this.running.add(run);
    return record.id;
  }

  /** Copies of the logged deliveries, oldest first. */
  log(): DeliveryRecord[] {
    return structuredClone(this.records);
  }

  clearLog(): void {
    this.records.length = 0;
  }

  /** Resolves when no delivery is in progress (including any started meanwhile). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Abandons pending retries and in-flight attempts. */
  close(): void {
    this.stop.abort();
  }

  private async run(record: DeliveryRecord, target: DeliveryTarget): Promise<void> {
    await nextTurn(); // after the write (and its HTTP response) that raised the event
    const { signer } = this.options;
    if (!signer) {
      this.finish(record, { error: 'The emulator has no webhook signing certificate; deliveries are never sent unsigned.' }, 1, true);
      return;
    }
    const body = Buffer.from(record.body, 'utf8');
    record.headers = signer.headers(body, target.signatureTokenToMsSignatureHeader);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const final = attempt === this.maxAttempts || this.stop.signal.aborted;
      const outcome = await this.send(record, body);
      if (this.finish(record, outcome, attempt, final)) return;
      if (final) return;
      const wait = this.retryDelayMs(attempt);
      record.retryDelaysMs.push(wait);
      try {
        await this.sleep(wait, this.stop.signal);
      } catch {
        record.state = 'failed';
        return;
      }
      if (this.stop.signal.aborted) {
        record.state = 'failed';
        return;
      }
    }
  }

  /** Logs the attempt; true when the delivery is over because it succeeded. */
  private finish(record: DeliveryRecord, outcome: Partial<DeliveryAttempt>, attempt: number, final: boolean): boolean {
    const entry: DeliveryAttempt = {
      attempt,
      at: outcome.at ?? this.options.clock().toISOString(),
      statusCode: outcome.statusCode ?? null,
      error: outcome.error ?? null,
      responseText: outcome.responseText ?? '',
      delivered: outcome.delivered ?? false,
    };
    record.attempts.push(entry);
    if (entry.delivered) record.state = 'delivered';
    else if (final) record.state = 'failed';
    this.options.onAttempt?.(record, entry, entry.delivered || final);
    return entry.delivered;
  }

  private async send(record: DeliveryRecord, body: Buffer): Promise<Partial<DeliveryAttempt>> {
    const at = this.options.clock().toISOString();
    try {
      const response = await request(record.webhookUrl, {
        method: 'POST',
        headers: record.headers,
        body,
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.attemptTimeoutMs)]),
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
      const text = await responseText(response.body);
      const delivered = response.statusCode >= 200 && response.statusCode < 300;
      return { at, statusCode: response.statusCode, responseText: text, delivered };
    } catch (error) {
      return { at, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
