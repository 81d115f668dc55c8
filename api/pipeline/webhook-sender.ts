import { Agent, request } from 'undici';
import { signStandardWebhook } from './standard-webhooks.js';

export interface SendResult {
  /** The answer's status, or null when there was none (refused, reset, timed out). */
  statusCode: number | null;
  /** Retry-After of a 429/503 answer, in ms. */
  retryAfterMs?: number;
  /** Why there was no answer. */
  error?: string;
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  userAgent?: string;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined || !/^\d+$/.test(one.trim())) return undefined;
  return Number(one.trim()) * 1000;
}

/** POSTs signed payloads; one keep-alive pool for all subscribers. Redirects are not followed. */
export class WebhookSender {
  private readonly dispatcher: Agent;

  constructor(private readonly options: WebhookSenderOptions) {
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 16, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  }

  async send(url: string, secret: string, messageId: string, payload: string, now: Date): Promise<SendResult> {
    const signed = signStandardWebhook(secret, messageId, Math.floor(now.getTime() / 1000), payload);
    try {
      const response = await request(url, {
        dispatcher: this.dispatcher,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.options.userAgent ?? 'cosell-connector-webhooks', ...signed },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // The answer's body means nothing to us; read it off so the connection can be reused.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const result: SendResult = { statusCode: response.statusCode };
      const wait = response.statusCode === 429 || response.statusCode === 503 ? retryAfterMs(response.headers['retry-after']) : undefined;
      if (wait !== undefined) result.retryAfterMs = wait;
      return result;
    } catch (err) {
      return { statusCode: null, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
