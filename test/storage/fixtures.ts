import { randomUUID } from 'node:crypto';
import type { NewAuditEntry, NewDelivery, NewInboxEvent, NewSubscription, StoredReferral, SyncLink, SyncRun } from '../../api/storage/types.js';

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

export function newLink(tenantId: string, crmId: string, referralId: string | null, overrides: Partial<SyncLink> = {}): SyncLink {
  return {
    tenantId,
    referralId,
    crmObject: 'Opportunity',
    crmId,
    base: JSON.stringify({ Name: `deal ${crmId}`, Amount: 1000 }),
    crmFingerprint: `fp-${crmId}`,
    referralVersion: '2021-01-01T00:00:00.0000000Z',
    crmVersion: '2021-01-01T00:00:05.000Z',
    state: 'active',
    updatedAt: T0.toISOString(),
    ...overrides,
  };
}

export function newAuditEntry(tenantId: string, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  counter += 1;
  return {
    tenantId,
    referralId: 'ref-1',
    crmObject: 'Opportunity',
    crmId: '006000000000001',
    at: at(counter).toISOString(),
    direction: 'toCrm',
    action: 'updated',
    source: 'webhook',
    fields: [{ field: 'dealValue', from: 1000, to: 2500 }],
    message: `entry ${counter}`,
    ...overrides,
  };
}

export function newRun(tenantId: string, overrides: Partial<Omit<SyncRun, 'id'>> = {}): Omit<SyncRun, 'id'> {
  return {
    tenantId,
    kind: 'reconcile',
    dryRun: false,
    status: 'running',
    cursor: null,
    total: null,
    processed: 0,
    drifted: 0,
    repaired: 0,
    failed: 0,
    report: '{}',
    lockedBy: null,
    lockedUntil: null,
    startedAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    finishedAt: null,
    ...overrides,
  };
}
