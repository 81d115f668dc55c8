import { PartnerCenterConflictError, PartnerCenterNotFoundError } from './errors.js';
import type { PartnerCenterHttp } from './http.js';

/** A webhook registration as the registration API returns it (PascalCase in the docs, camelCase in the swagger). */
export interface PcWebhookRegistration {
  webhookUrl: string;
  webhookEvents: string[];
  signatureTokenToMsSignatureHeader: boolean;
  subscriberId?: string;
}

export interface PcTestEventResults {
  correlationId: string;
  status?: string;
  callbackUrl?: string;
  results: Array<{ responseCode?: string; responseMessage?: string; systemError?: boolean; dateTimeUtc?: string }>;
}

/** Reads a key whatever its casing: the service's documents mix PascalCase and camelCase. */
function pick(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function toRegistration(body: unknown): PcWebhookRegistration {
  const url = pick(body, 'webhookUrl');
  const events = pick(body, 'webhookEvents');
  const subscriberId = pick(body, 'subscriberId');
  const registration: PcWebhookRegistration = {
    webhookUrl: typeof url === 'string' ? url : '',
    webhookEvents: Array.isArray(events) ? events.filter((e): e is string => typeof e === 'string') : [],
    signatureTokenToMsSignatureHeader: pick(body, 'signatureTokenToMsSignatureHeader') === true,
  };
  if (typeof subscriberId === 'string') registration.subscriberId = subscriberId;
  return registration;
}

const REGISTRATION_PATH = '/webhooks/v1/registration';

/** Partner Center's webhook registration API (api.partnercenter.microsoft.com, its own token audience). */
export class PartnerCenterWebhooksClient {
  private readonly url: string;

  constructor(private readonly http: PartnerCenterHttp, baseUrl: string) {
    this.url = baseUrl.replace(/\/+$/, '') + REGISTRATION_PATH;
  }

  /** Undefined when the partner has no registration. */
  async getRegistration(): Promise<PcWebhookRegistration | undefined> {
    try {
      const res = await this.http.send<unknown>('GET', this.url, { idempotent: true });
      const registration = toRegistration(res.body);
      return registration.webhookUrl === '' ? undefined : registration;
    } catch (err) {
      if (err instanceof PartnerCenterNotFoundError) return undefined;
      throw err;
    }
  }

  /** POST; throws PartnerCenterConflictError when a registration exists (use update). */
  async register(registration: Omit<PcWebhookRegistration, 'subscriberId'>): Promise<PcWebhookRegistration> {
    return toRegistration((await this.http.send<unknown>('POST', this.url, { body: wire(registration), idempotent: false })).body);
  }

  async update(registration: Omit<PcWebhookRegistration, 'subscriberId'>): Promise<PcWebhookRegistration> {
    return toRegistration((await this.http.send<unknown>('PUT', this.url, { body: wire(registration), idempotent: true })).body);
  }

  async listEvents(): Promise<string[]> {
    const body = (await this.http.send<unknown>('GET', `${this.url}/events`, { idempotent: true })).body;
    return Array.isArray(body) ? body.filter((e): e is string => typeof e === 'string') : [];
  }

  async sendTestEvent(): Promise<string> {
    const body = (await this.http.send<unknown>('POST', `${this.url}/validationEvents`, { idempotent: false })).body;
    const id = pick(body, 'correlationId');
    if (typeof id !== 'string') throw new Error('Partner Center answered a test event without a correlationId');
    return id;
  }

  async getTestEventResults(correlationId: string): Promise<PcTestEventResults | undefined> {
    try {
      const body = (await this.http.send<unknown>('GET', `${this.url}/validationEvents/${encodeURIComponent(correlationId)}`, { idempotent: true })).body;
      const results = pick(body, 'results');
      const out: PcTestEventResults = { correlationId, results: Array.isArray(results) ? results as PcTestEventResults['results'] : [] };
      const status = pick(body, 'status');
      const callbackUrl = pick(body, 'callbackUrl');
      if (typeof status === 'string') out.status = status;
      if (typeof callbackUrl === 'string') out.callbackUrl = callbackUrl;
      return out;
    } catch (err) {
      if (err instanceof PartnerCenterNotFoundError) return undefined;
      throw err;
    }
  }
}

/** PascalCase, as the documentation's samples send it. */
function wire(r: Omit<PcWebhookRegistration, 'subscriberId'>): Record<string, unknown> {
  return { WebhookUrl: r.webhookUrl, WebhookEvents: r.webhookEvents, SignatureTokenToMsSignatureHeader: r.signatureTokenToMsSignatureHeader };
}

export { PartnerCenterConflictError };
