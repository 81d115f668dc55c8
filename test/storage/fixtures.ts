import { randomUUID } from 'node:crypto';
import type { NewDelivery, NewInboxEvent, NewSubscription, StoredReferral } from '../../api/storage/types.js';

/** A fixed clock origin: every time in the suite is explicit, nothing sleeps. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

export function newTenant(): string {
  return `tenant-${randomUUID()}`;
}

let counter = 0;

export function newEvent(tenantId: string, overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  counter += 1;
  return {
    tenantId,
    dedupeKey: `key-${counter}-${randomUUID()}`,
    eventName: 'referral-updated',
    resourceId: `ref-${counter}`,
    resourceChangeAt: '2020-10-30T21:03:00.1234567Z',
    body: JSON.stringify({ EventName: 'referral-updated', n: counter }),
    receivedAt: at(counter).toISOString(),
    ...overrides,
  };
}

export function newReferral(tenantId: string, id: string, updatedDateTime: string, overrides: Partial<StoredReferral> = {}): StoredReferral {
  return {
    tenantId,
    id,
    updatedDateTime,
    eTag: `"${updatedDateTime}"`,
    status: 'New',
    substatus: 'Pending',
    type: 'Independent',
    direction: 'Incoming',
    qualification: 'SalesQualified',
    engagementId: null,
    microsoftCoSell: false,
    json: JSON.stringify({ id, updatedDateTime }),
    ...overrides,
  };
}

export function newSubscription(tenantId: string, overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    tenantId,
    event: 'referral-updated',
    callbackUrl: 'https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke',
    onlyMicrosoftCoSell: false,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    createdAt: T0.toISOString(),
    ...overrides,
  };
}

export function newDelivery(tenantId: string, subscriptionId: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  counter += 1;
  return {
    tenantId,
    subscriptionId,
    messageId: `msg_${counter}_${randomUUID()}`,
    payload: JSON.stringify({ n: counter }),
    createdAt: at(counter).toISOString(),
    ...overrides,
  };
}
