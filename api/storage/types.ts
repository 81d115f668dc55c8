/**
 * Durable state behind one interface, with two backends: an embedded SQLite file (the default, no
 * set-up) and PostgreSQL (DATABASE_URL; several API and worker processes share it and split the
 * work). Every row carries the partner tenant it belongs to. Times are ISO-8601 UTC strings.
 */

export type InboxStatus = 'pending' | 'processing' | 'done' | 'dead';
/** What processing concluded; `stale` = an older change that must not overwrite a newer one. */
export type InboxOutcome = 'applied' | 'stale' | 'ignored';

export interface NewInboxEvent {
  tenantId: string;
  /** Same delivery twice → same key (e.g. sha256 of the raw body). Unique per tenant. */
  dedupeKey: string;
  /** `referral-created`, `referral-updated`, `related-referral-*`, `test-created`, or anything else Partner Center sends. */
  eventName: string;
  /** The referral id taken from ResourceUri, when the event is about a referral. */
  resourceId: string | null;
  /** ResourceChangeUtcDate as sent. */
  resourceChangeAt: string | null;
  /** The raw body exactly as received. */
  body: string;
  receivedAt: string;
}

export interface InboxEvent extends NewInboxEvent {
  id: string;
  status: InboxStatus;
  outcome: InboxOutcome | null;
  /** Claims so far, the current one included (reset by replay). */
  attempts: number;
  /** When it is next due; while leased, the lease's end (when another worker may take it over). */
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  processedAt: string | null;
}

/** The local mirror of a referral: the newest version seen, normalized, with the fields lists filter on. */
export interface StoredReferral {
  tenantId: string;
  id: string;
  updatedDateTime: string;
  eTag: string;
  status: string;
  substatus: string;
  type: string;
  direction: string;
  qualification: string | null;
  engagementId: string | null;
  microsoftCoSell: boolean;
  /** The normalized referral (the contract's Referral) as JSON text. */
  json: string;
}

export type TriggerEvent = 'referral-created' | 'referral-updated';

export interface NewDelivery {
  tenantId: string;
  subscriptionId: string;
  /** Stable message id (Standard Webhooks `webhook-id`): the same for every retry of one delivery. */
  messageId: string;
  /** The JSON payload to POST, as text. */
  payload: string;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'dead';

export interface Delivery extends NewDelivery {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: string | null;
}

export type SubscriptionStatus = 'active' | 'disabled';

export interface NewSubscription {
  tenantId: string;
  event: TriggerEvent;
  callbackUrl: string;
  onlyMicrosoftCoSell: boolean;
  /** Standard Webhooks signing secret (`whsec_` + base64). */
  secret: string;
  createdAt: string;
}

export interface Subscription extends NewSubscription {
  id: string;
  status: SubscriptionStatus;
  consecutiveFailures: number;
  disabledReason: string | null;
  updatedAt: string;
}

export interface Lease {
  workerId: string;
  /** How long a claimed item stays with its worker before another may take it (crash recovery). */
  leaseMs: number;
  now: Date;
}

export interface InboxStore {
  /** Stores the event unless the tenant already has one with its dedupe key. Durable once resolved. */
  accept(event: NewInboxEvent): Promise<{ event: InboxEvent; duplicate: boolean }>;
  /**
   * Leases up to `limit` due events: pending with nextAttemptAt <= now, or processing whose lease
   * ran out. Oldest received first. Concurrent claimers (threads or processes) never get the same event.
   */
  claim(limit: number, lease: Lease): Promise<InboxEvent[]>;
  /**
   * Finishes an event in one transaction, only while `workerId` still holds its lease:
   * with `referral`, upserts the mirror only if `referral.updatedDateTime` is newer than the stored
   * version (else outcome `stale`, no deliveries); inserts `deliveries` only when applied;
   * with `ignore`, records outcome `ignored` (e.g. an unknown event name) and writes nothing else.
   * Returns the outcome, or `lost-lease` when the lease was lost (nothing written).
   */
  complete(id: string, workerId: string, effects: { referral?: StoredReferral; deliveries?: NewDelivery[]; ignore?: boolean }, now: Date): Promise<InboxOutcome | 'lost-lease'>;
  /** A failed attempt: back to pending at `retryAt`, or to dead with the error when `retryAt` is null. */
  fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean>;
  get(tenantId: string, id: string): Promise<InboxEvent | undefined>;
  /** Dead letters, newest first, paged by `before` (an event id from the previous page). */
  listDead(tenantId: string, options: { limit: number; before?: string }): Promise<InboxEvent[]>;
  /** Dead → pending now, attempts reset. Undefined when there is no such dead event. */
  replay(tenantId: string, id: string, now: Date): Promise<InboxEvent | undefined>;
  counts(tenantId?: string): Promise<Record<InboxStatus, number>>;
}

export interface ReferralMirror {
  get(tenantId: string, id: string): Promise<StoredReferral | undefined>;
  /** Upsert unless the stored version is newer or equal (by updatedDateTime); returns whether written. */
  put(referral: StoredReferral): Promise<boolean>;
  /** Ordered by updatedDateTime then id, after the keyset cursor when given. */
  list(tenantId: string, query: {
    status?: string; substatus?: string; type?: string; direction?: string; qualification?: string; engagementId?: string;
    updatedSince?: string; order: 'asc' | 'desc'; limit: number; after?: { updatedDateTime: string; id: string };
  }): Promise<StoredReferral[]>;
  count(tenantId: string): Promise<number>;
}

export interface SubscriptionStore {
  create(subscription: NewSubscription): Promise<Subscription>;
  get(tenantId: string, id: string): Promise<Subscription | undefined>;
  list(tenantId: string): Promise<Subscription[]>;
  /** Active subscriptions of a tenant for one event. */
  active(tenantId: string, event: TriggerEvent): Promise<Subscription[]>;
  delete(tenantId: string, id: string): Promise<boolean>;
  recordSuccess(id: string, now: Date): Promise<void>;
  /** Counts a failed delivery; disables the subscription once `disableAfter` consecutive ones failed. Returns the new state. */
  recordFailure(id: string, reason: string, disableAfter: number, now: Date): Promise<Subscription | undefined>;
  /** Re-enables a disabled subscription (failures reset). */
  enable(tenantId: string, id: string, now: Date): Promise<Subscription | undefined>;
}

export interface OutboxStore {
  /** Leases up to `limit` due deliveries of active subscriptions, oldest first; never the same one twice at once. */
  claim(limit: number, lease: Lease): Promise<Delivery[]>;
  delivered(id: string, workerId: string, statusCode: number, now: Date): Promise<boolean>;
  /** Back to pending at `retryAt`, or dead when null. */
  fail(id: string, workerId: string, error: string, statusCode: number | null, retryAt: Date | null, now: Date): Promise<boolean>;
  listForSubscription(tenantId: string, subscriptionId: string, limit: number): Promise<Delivery[]>;
  counts(tenantId?: string): Promise<Record<DeliveryStatus, number>>;
}

/** A durable cursor by name (e.g. CRM change polling), per tenant. */
export interface CursorStore {
  get(tenantId: string, name: string): Promise<string | undefined>;
  set(tenantId: string, name: string, value: string): Promise<void>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly inbox: InboxStore;
  readonly referrals: ReferralMirror;
  readonly subscriptions: SubscriptionStore;
  readonly outbox: OutboxStore;
  readonly cursors: CursorStore;
  /** Applies pending versioned migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
