/**
 * The partner's webhook registration (swagger `WebhookRegistration`). The service holds one per
 * partner and one URL per event, so the emulator, which stands for one partner, holds at most one.
 *
 * Request bodies are read with case-insensitive keys: the docs send PascalCase, the swagger is
 * camelCase, and Microsoft's referral-connector sample mixes both (reference §6.1, inferred).
 */
import { randomUUID } from 'node:crypto';
import { invalidRequest } from '../errors.js';
import { isPlainObject } from '../json-values.js';
import { canonicalEventName } from './supported-events.js';

export interface WebhookRegistration {
  subscriberId: string;
  webhookUrl: string;
  webhookEvents: string[];
  signatureTokenToMsSignatureHeader: boolean;
  properties: Record<string, string>;
  lastModifiedTimestamp: string;
}

/** What a POST or PUT asks for. */
export type RegistrationRequest = Omit<WebhookRegistration, 'subscriberId' | 'lastModifiedTimestamp'>;

function property(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function webhookUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidRequest('WebhookUrl is required.', 'WebhookUrl');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest('WebhookUrl must be an absolute URL.', 'WebhookUrl');
  }
  // http is allowed so local receivers (127.0.0.1) work; whether the service insists on https is undocumented.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidRequest('WebhookUrl must be an http or https URL.', 'WebhookUrl');
  return value;
}

function webhookEvents(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidRequest('WebhookEvents must be a non-empty array of event names.', 'WebhookEvents');
  const names: string[] = [];
  for (const item of value as unknown[]) {
    const name = typeof item === 'string' ? canonicalEventName(item) : undefined;
    if (name === undefined) {
      throw invalidRequest(`'${String(item)}' is not a supported event; GET /webhooks/v1/registration/events lists them.`, 'WebhookEvents');
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function flag(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalidRequest('SignatureTokenToMsSignatureHeader must be true or false.', 'SignatureTokenToMsSignatureHeader');
  return value;
}

function properties(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidRequest('Properties must be an object of string values.', 'Properties');
  }
  return { ...(value as Record<string, string>) };
}

export function parseRegistrationRequest(body: unknown): RegistrationRequest {
  if (!isPlainObject(body)) throw invalidRequest('The body must be a registration object with WebhookUrl and WebhookEvents.', 'body');
  return {
    webhookUrl: webhookUrl(property(body, 'WebhookUrl')),
    webhookEvents: webhookEvents(property(body, 'WebhookEvents')),
    signatureTokenToMsSignatureHeader: flag(property(body, 'SignatureTokenToMsSignatureHeader')),
    properties: properties(property(body, 'Properties')),
  };
}

/**
 * Responses in the documented PascalCase: GET has no SubscriberId (as in the sample), POST and PUT do.
 * The header choice appears only when set, so the documented shapes hold for registrations without it.
 */
export function registrationView(registration: WebhookRegistration, withSubscriberId: boolean): Record<string, unknown> {
  return {
    ...(withSubscriberId ? { SubscriberId: registration.subscriberId } : {}),
    WebhookUrl: registration.webhookUrl,
    WebhookEvents: [...registration.webhookEvents],
    ...(registration.signatureTokenToMsSignatureHeader ? { SignatureTokenToMsSignatureHeader: true } : {}),
    ...(Object.keys(registration.properties).length > 0 ? { Properties: { ...registration.properties } } : {}),
  };
}

/** The one registration; copies in and out. */
export class RegistrationStore {
  private current: WebhookRegistration | undefined;

  get(): WebhookRegistration | undefined {
    return this.current && structuredClone(this.current);
  }

  /** POST: refuses when one exists. */
  create(request: RegistrationRequest, now: string): WebhookRegistration {
    if (this.current) throw new RegistrationExistsError();
    this.current = { ...structuredClone(request), subscriberId: randomUUID(), lastModifiedTimestamp: now };
    return structuredClone(this.current);
  }

  /** PUT: replaces the URL, events and options; the subscriber id stays (as in the documented PUT response). */
  update(request: RegistrationRequest, now: string): WebhookRegistration | undefined {
    if (!this.current) return undefined;
    this.current = { ...structuredClone(request), subscriberId: this.current.subscriberId, lastModifiedTimestamp: now };
    return structuredClone(this.current);
  }

  /** Test control: there is no documented DELETE. */
  clear(): void {
    this.current = undefined;
  }
}

export class RegistrationExistsError extends Error {
  constructor() {
    super('Registration already exists, use the PUT method to update a registration.');
    this.name = 'RegistrationExistsError';
  }
}
