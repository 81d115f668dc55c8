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
   * enqueues `syncKeys` in the sync queue (same transaction) only when applied;
   * with `ignore`, records outcome `ignored` (e.g. an unknown event name) and writes nothing else.
   * Returns the outcome, or `lost-lease` when the lease was lost (nothing written).
   */
  complete(id: string, workerId: string, effects: { referral?: StoredReferral; deliveries?: NewDelivery[]; ignore?: boolean; syncKeys?: string[] }, now: Date): Promise<InboxOutcome | 'lost-lease'>;
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

/**
 * A referral and the CRM record it is synced with. `base` is the common ancestor of the three-way
 * merge: the mapped values (CRM field names → values, JSON text) both sides agreed on when last synced.
 */
export interface SyncLink {
  tenantId: string;
  /** Null until Partner Center has created the referral for a CRM record. */
  referralId: string | null;
  /** CRM object name (`Opportunity`, `Lead`). */
  crmObject: string;
  crmId: string;
  /** JSON text: Record<string, unknown> of mapped CRM fields (and `@relation` keys for related lists). */
  base: string;
  /** Hash of the mapped values as the connector last wrote them to the CRM (echo suppression). */
  crmFingerprint: string | null;
  /** The referral's updatedDateTime when last synced. */
  referralVersion: string | null;
  /** The CRM record's change stamp when last synced. */
  crmVersion: string | null;
  /** `crm-deleted`: the CRM record was deleted; the referral is no longer written to the CRM. */
  state: 'active' | 'crm-deleted';
  updatedAt: string;
}

export type AuditAction = 'created' | 'updated' | 'skipped' | 'failed' | 'conflict' | 'deleted' | 'linked';
export type AuditDirection = 'toCrm' | 'toPartnerCenter' | 'none';
export type AuditSource = 'webhook' | 'poll' | 'api' | 'reconciliation';

export interface AuditFieldChange {
  /** Mapping field id, or a relation name (`contacts`), or `state`. */
  field: string;
  from: unknown;
  to: unknown;
  /** Set on conflicts: the side whose value was kept. */
  winner?: 'partnerCenter' | 'crm';
}

export interface NewAuditEntry {
  tenantId: string;
  referralId: string | null;
  crmObject: string | null;
  crmId: string | null;
  at: string;
  direction: AuditDirection;
  action: AuditAction;
  source: AuditSource;
  fields: AuditFieldChange[];
  /** One line a seller can read. */
  message: string;
}

export interface AuditEntry extends NewAuditEntry {
  /** Increasing: newer entries have larger ids (as text, compared as numbers by the store). */
  id: string;
}

export interface SyncLinkStore {
  byReferral(tenantId: string, referralId: string): Promise<SyncLink | undefined>;
  byCrm(tenantId: string, crmId: string): Promise<SyncLink | undefined>;
  /** Upsert keyed by (tenant, crmId); a referralId is unique per tenant too. */
  put(link: SyncLink): Promise<void>;
  /** Many at once, in one transaction (backfill). */
  putMany(links: SyncLink[]): Promise<void>;
  delete(tenantId: string, crmId: string): Promise<boolean>;
  /** Keyset paging by crmId. */
  list(tenantId: string, options: { limit: number; afterCrmId?: string }): Promise<SyncLink[]>;
  count(tenantId: string): Promise<number>;
}

export interface AuditStore {
  /** Appends in one transaction. */
  append(entries: NewAuditEntry[]): Promise<void>;
  /** Newest first; `before` is an entry id from the previous page. */
  byReferral(tenantId: string, referralId: string, options: { limit: number; before?: string }): Promise<AuditEntry[]>;
  byCrm(tenantId: string, crmId: string, options: { limit: number; before?: string }): Promise<AuditEntry[]>;
}

export type SyncJobStatus = 'pending' | 'processing' | 'dead';

/** Work for the sync engine: one key (`referral:<id>` or `crm:<Object>:<id>`), coalesced while pending. */
export interface SyncJob {
  id: string;
  tenantId: string;
  key: string;
  /** Bumped by every enqueue of the key; a completion for an older generation leaves the job pending. */
  generation: number;
  status: SyncJobStatus;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  enqueuedAt: string;
}

export interface SyncQueueStore {
  /**
   * Adds each key unless it is already queued; a queued key (pending, processing or dead) gets its
   * generation bumped and, unless processing, becomes due at `notBefore ?? now` with attempts reset.
   */
  enqueue(tenantId: string, keys: string[], now: Date, notBefore?: Date): Promise<void>;
  /** Leases up to `limit` due jobs, oldest first; concurrent claimers never get the same job. */
  claim(limit: number, lease: Lease): Promise<SyncJob[]>;
  /**
   * Done: deletes the job if its generation is still `generation`; otherwise (enqueued again while
   * processing) releases it as pending, due now. `lost-lease` when the worker no longer holds it.
   */
  complete(id: string, workerId: string, generation: number, now: Date): Promise<'done' | 'requeued' | 'lost-lease'>;
  /** Back to pending at `retryAt`, or dead when null. */
  fail(id: string, workerId: string, error: string, retryAt: Date | null, now: Date): Promise<boolean>;
  listDead(tenantId: string, options: { limit: number }): Promise<SyncJob[]>;
  counts(tenantId?: string): Promise<Record<SyncJobStatus, number>>;
}

export type SyncRunStatus = 'running' | 'paused' | 'completed' | 'failed';

/** A reconciliation or backfill: resumable from `cursor` after an interruption. */
export interface SyncRun {
  id: string;
  tenantId: string;
  kind: 'reconcile' | 'backfill';
  dryRun: boolean;
  status: SyncRunStatus;
  /** Where to resume (opaque to the store). */
  cursor: string | null;
  total: number | null;
  processed: number;
  /** Referrals whose CRM record differs (or is missing). */
  drifted: number;
  repaired: number;
  failed: number;
  /** JSON text: the engine's report (drift samples, errors). */
  report: string;
  /** Process that runs it and until when (a crashed runner's run is taken over once this passes). */
  lockedBy: string | null;
  lockedUntil: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface SyncRunStore {
  create(run: Omit<SyncRun, 'id'>): Promise<SyncRun>;
  get(tenantId: string, id: string): Promise<SyncRun | undefined>;
  /** Newest first. */
  list(tenantId: string, options: { limit: number }): Promise<SyncRun[]>;
  /** Writes the mutable fields (status, cursor, counts, report, lock, updatedAt, finishedAt). */
  update(run: SyncRun): Promise<void>;
  /** A running run whose lock expired (or is free), locked for `lease.workerId`; undefined when none. */
  claimStale(lease: Lease): Promise<SyncRun | undefined>;
}

/** A tenant's own field mapping override (the JSON document as the admin sent it). */
export interface StoredMapping {
  tenantId: string;
  crm: 'salesforce' | 'dynamics365';
  /** JSON text of the MappingOverride. */
  json: string;
  /** Changes on every put; for If-Match. */
  eTag: string;
  updatedAt: string;
}

export interface MappingStore {
  get(tenantId: string, crm: StoredMapping['crm']): Promise<StoredMapping | undefined>;
  /** Replaces; with `ifMatch`, only when the stored eTag matches (else returns undefined, nothing written). */
  put(mapping: Omit<StoredMapping, 'eTag'>, options?: { ifMatch?: string }): Promise<StoredMapping | undefined>;
  delete(tenantId: string, crm: StoredMapping['crm']): Promise<boolean>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly inbox: InboxStore;
  readonly referrals: ReferralMirror;
  readonly subscriptions: SubscriptionStore;
  readonly outbox: OutboxStore;
  readonly cursors: CursorStore;
  readonly links: SyncLinkStore;
  readonly audit: AuditStore;
  readonly syncQueue: SyncQueueStore;
  readonly syncRuns: SyncRunStore;
  readonly mappings: MappingStore;
  /** Applies pending versioned migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
