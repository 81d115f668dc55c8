/**
 * The CRM as the sync engine sees it: records of named objects, read and written in bulk, with the
 * modification stamps change detection and echo suppression need. One adapter per CRM implements it
 * (Salesforce through jsforce, Dynamics 365 through the Dataverse Web API); the engine never knows which.
 * Object and field names are the CRM's own (`Opportunity`, `Amount`), as the mapping file gives them.
 */

import type { CrmKind } from './mapping/types.js';

export type { CrmKind };

/** One record as read: its id, the requested fields, and who changed it when. */
export interface CrmRow {
  id: string;
  /** The requested fields only; relationship paths (`Account.Name`) flattened as given. */
  fields: Record<string, unknown>;
  /** Last change by a user or the API (Salesforce LastModifiedDate, Dataverse modifiedon). ISO-8601 UTC. */
  modifiedAt: string;
  /** Who made that change (Salesforce LastModifiedById, Dataverse _modifiedby_value). */
  modifiedBy: string;
  /** Moves with every change, automated ones included; the change-polling cursor (Salesforce SystemModstamp; Dataverse modifiedon). */
  changeStamp: string;
}

/** Equality on each key; an array means IN. All keys must match. */
export type CrmWhere = Record<string, string | number | boolean | null | Array<string | number>>;

/** One item of a bulk write: the record, or why this one failed (the others are unaffected unless allOrNone). */
export type CrmWriteResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; error: CrmRecordError };

export interface CrmWriteOptions {
  /** All succeed or none is written. */
  allOrNone?: boolean;
}

export interface ChangedSinceQuery {
  object: string;
  fields: string[];
  /** Exclusive lower bound on the change stamp; undefined reads from the beginning. */
  since?: string;
  /** Extra equality filter (`{ Sync_with_Partner_Center__c: true }`). */
  where?: CrmWhere;
}

export interface CrmObjectDescription {
  name: string;
  /** Field API names, as the CRM spells them. */
  fields: string[];
}

export interface CrmGateway {
  readonly kind: CrmKind;
  /** The user the connector writes as: changes it made carry this id in `modifiedBy`. */
  integrationUserId(): Promise<string>;
  /** Undefined when the record does not exist or was deleted. */
  get(object: string, id: string, fields: string[]): Promise<CrmRow | undefined>;
  /** Many records by id (batched by the adapter); missing ones are absent from the map. */
  getMany(object: string, ids: string[], fields: string[]): Promise<Map<string, CrmRow>>;
  /** Records matching `where`, every page read. */
  find(object: string, where: CrmWhere, fields: string[], options?: { limit?: number }): Promise<CrmRow[]>;
  /** Rows changed after `since`, oldest change first (ties by id), one page per iteration. */
  changedSince(query: ChangedSinceQuery): AsyncIterable<CrmRow[]>;
  /** Ids of records deleted after `since` (ISO-8601), with when. */
  deletedSince(object: string, since: string): Promise<Array<{ id: string; deletedAt: string }>>;
  /** Writes in as few calls as the CRM allows (Salesforce: 200 records a call). Results in input order. */
  createMany(object: string, records: Array<Record<string, unknown>>, options?: CrmWriteOptions): Promise<CrmWriteResult[]>;
  updateMany(object: string, records: Array<{ id: string; fields: Record<string, unknown> }>, options?: CrmWriteOptions): Promise<CrmWriteResult[]>;
  /** Create or update by an external id field (Salesforce upsert; Dataverse alternate key). */
  upsertMany(object: string, externalIdField: string, records: Array<Record<string, unknown>>, options?: CrmWriteOptions): Promise<CrmWriteResult[]>;
  deleteMany(object: string, ids: string[]): Promise<CrmWriteResult[]>;
  /** Undefined when the object does not exist in the org (e.g. the custom object was never deployed). */
  describe(object: string): Promise<CrmObjectDescription | undefined>;
  /** A link a seller can open (Salesforce Lightning record URL). */
  recordUrl(object: string, id: string): string;
  /** API calls made so far through this gateway, by kind (benchmarks and the status endpoint). */
  usage(): CrmUsage;
}

export interface CrmUsage {
  /** Every HTTP request the adapter sent, retries and authentication included. */
  calls: number;
  /** Of those, the ones that wrote (create, update, upsert, delete). */
  writeCalls: number;
  /** Records written across all write calls. */
  recordsWritten: number;
}

export type CrmErrorCode =
  /** The record or object does not exist (or was deleted). */
  | 'not-found'
  /** A unique or external-id value is taken (or repeated within the call). */
  | 'duplicate'
  /** The CRM refused a value or a field (unknown field, wrong type, too long, bad picklist value, missing required field). */
  | 'invalid'
  /** Rolled back because another record of an all-or-none call failed. */
  | 'rolled-back'
  /** Not allowed for the integration user. */
  | 'forbidden';

/** A CRM refused one record. Permanent for that record: retrying the same values fails the same way. */
export class CrmRecordError extends Error {
  constructor(readonly code: CrmErrorCode, message: string, readonly fields: string[] = [], readonly crmCode?: string) {
    super(message);
    this.name = 'CrmRecordError';
  }
}

/**
 * The CRM could not be reached or refused for a while (network, 5xx, REQUEST_LIMIT_EXCEEDED, 429)
 * after the adapter's own retries. The work is retried later; `retryAfterMs` when the CRM said when.
 */
export class CrmUnavailableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'CrmUnavailableError';
  }
}

/** Authentication or configuration is wrong (bad credentials, missing custom fields): no retry helps until someone fixes it. */
export class CrmConfigurationError extends Error {
  constructor(message: string, readonly missing: string[] = []) {
    super(message);
    this.name = 'CrmConfigurationError';
  }
}
