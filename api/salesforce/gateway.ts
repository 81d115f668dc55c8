/**
 * The CRM port over jsforce: SOQL with explicit paging for reads, sObject Collections (200 records a
 * call) for writes, the replication API for deletions and describe for the start-up schema check.
 * Every call runs under `retry.ts` and leaves as a domain error (`errors.ts`).
 */
import type { Connection } from '@jsforce/jsforce-node';
import { systemClock, type Clock } from '../domain/clock.js';
import {
  CrmRecordError, type ChangedSinceQuery, type CrmGateway, type CrmObjectDescription, type CrmRow, type CrmUsage,
  type CrmWhere, type CrmWriteOptions, type CrmWriteResult,
} from '../domain/crm.js';
import { writeCollections, type SaveResult } from './collections.js';
import type { SalesforceConnection } from './connection.js';
import { classify, domainError } from './errors.js';
import { idKey, isoUtc, isSalesforceId, SYSTEM_FIELDS, toRow, type SalesforceRecord } from './mappers.js';
import { queryPages, type CallRunner } from './query.js';
import { FailedCall, withRetry, type RetryPolicy } from './retry.js';
import { hasEmptyList, selectQueries, selectQuery, soqlDateTime, soqlName } from './soql.js';
import type { UsageCounter } from './usage.js';

const MINUTE = 60_000;
/** The replication API looks back 30 days; a little margin keeps `start` inside it whatever the clocks say. */
const REPLICATION_WINDOW_MS = 30 * 24 * 60 * MINUTE - 5 * MINUTE;
/** Ids per `Id IN (…)` read: 18-character ids keep such a query far below the URI limit. */
const IDS_PER_QUERY = 200;

interface IdentityInfo { user_id?: string }

export class SalesforceGateway implements CrmGateway {
  readonly kind = 'salesforce' as const;
  private integrationUser: Promise<string> | undefined;
  private readonly conn: Connection;
  private readonly clock: Clock;

  constructor(private readonly session: SalesforceConnection, private readonly policy: RetryPolicy, private readonly counter: UsageCounter, clock: Clock = systemClock) {
    this.conn = session.conn;
    this.clock = clock;
  }

  usage(): CrmUsage {
    return this.counter.snapshot();
  }

  /**
   * The user of the token's identity URL. Read with the session in the Authorization header rather
   * than `conn.identity()`, which puts the access token in the URL (and so in server logs).
   */
  integrationUserId(): Promise<string> {
    this.integrationUser ??= this.run('reading the integration user', true, async () => {
      const url = this.conn.userInfo?.url;
      if (url === undefined) throw new Error('No identity URL: the connection is not logged in.');
      const identity = await this.conn.request<IdentityInfo>({ method: 'GET', url: `${url}?format=json` });
      if (typeof identity.user_id !== 'string') throw new Error('The identity response has no user_id.');
      return identity.user_id;
    }).catch((err: unknown) => { this.integrationUser = undefined; throw err; });
    return this.integrationUser;
  }

  recordUrl(object: string, id: string): string {
    return `${this.conn.instanceUrl}/lightning/r/${soqlName(object)}/${encodeURIComponent(id)}/view`;
  }

  async get(object: string, id: string, fields: string[]): Promise<CrmRow | undefined> {
    return (await this.getMany(object, [id], fields)).get(id);
  }

  /** SOQL `Id IN (…)` rather than the retrieve collection: it also reads relationship paths (`Account.Name`). */
  async getMany(object: string, ids: string[], fields: string[]): Promise<Map<string, CrmRow>> {
    const wanted = new Map<string, string[]>();
    for (const id of ids) if (isSalesforceId(id)) wanted.set(idKey(id), [...(wanted.get(idKey(id)) ?? []), id]);
    const unique = [...new Set(ids.filter(isSalesforceId))];
    const out = new Map<string, CrmRow>();
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const soql = selectQuery({ object, fields: [...SYSTEM_FIELDS, ...fields], where: { Id: unique.slice(i, i + IDS_PER_QUERY) } });
      for await (const page of queryPages(this.conn, soql, `reading ${object} records`, this.run)) {
        for (const record of page) {
          const row = toRow(record, fields);
          for (const asked of wanted.get(idKey(row.id)) ?? []) out.set(asked, row);
        }
      }
    }
    return out;
  }

  async find(object: string, where: CrmWhere, fields: string[], options: { limit?: number } = {}): Promise<CrmRow[]> {
    if (hasEmptyList(where) || options.limit === 0) return [];
    const rows: CrmRow[] = [];
    const spec = { object, fields: [...SYSTEM_FIELDS, ...fields], where, orderBy: ['Id'], ...(options.limit !== undefined ? { limit: options.limit } : {}) };
    for (const soql of selectQueries(spec)) {
      for await (const page of queryPages(this.conn, soql, `finding ${object} records`, this.run)) {
        rows.push(...page.map((r) => toRow(r, fields)));
        if (options.limit !== undefined && rows.length >= options.limit) return rows.slice(0, options.limit);
      }
    }
    return rows;
  }

  async *changedSince(query: ChangedSinceQuery): AsyncIterable<CrmRow[]> {
    if (query.where !== undefined && hasEmptyList(query.where)) return;
    // One query, so the order (SystemModstamp, then Id) holds across every page.
    const [soql, ...more] = selectQueries({
      object: query.object,
      fields: [...SYSTEM_FIELDS, ...query.fields],
      ...(query.where !== undefined ? { where: query.where } : {}),
      conditions: query.since !== undefined ? [`SystemModstamp > ${soqlDateTime(query.since)}`] : [],
      orderBy: ['SystemModstamp', 'Id'],
    });
    if (soql === undefined || more.length > 0) throw new RangeError('changedSince needs one query: its where filter is too long for Salesforce.');
    for await (const page of queryPages(this.conn, soql, `polling ${query.object} changes`, this.run)) {
      yield page.map((r) => toRow(r, query.fields));
    }
  }

  /**
   * The replication API drops seconds from `start` and `end` and counts `[start, end)`, so `end` is a
   * minute ahead (to include the current minute) and the answer is filtered to after `since`.
   * `start` is clamped into the 30 days Salesforce keeps.
   */
  async deletedSince(object: string, since: string): Promise<Array<{ id: string; deletedAt: string }>> {
    const now = this.clock().getTime();
    const sinceMs = Date.parse(isoUtc(since));
    if (Number.isNaN(sinceMs)) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(since)}`);
    const start = new Date(Math.min(Math.max(sinceMs, now - REPLICATION_WINDOW_MS), now));
    const end = new Date(now + MINUTE);
    const result = await this.run(`reading deleted ${object} records`, true, () => this.conn.sobject(soqlName(object)).deleted(start, end));
    return (result.deletedRecords ?? [])
      .map((d) => ({ id: d.id, deletedAt: isoUtc(d.deletedDate) }))
      .filter((d) => Date.parse(d.deletedAt) > sinceMs)
      .sort((a, b) => a.deletedAt.localeCompare(b.deletedAt) || a.id.localeCompare(b.id));
  }

  createMany(object: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    const type = soqlName(object);
    return writeCollections({
      what: `creating ${object} records`,
      items: records,
      allOrNone: options.allOrNone ?? false,
      repeatable: false,
      send: async (chunk) => asSaveResults(await this.conn.sobject(type).create(chunk, { allOrNone: options.allOrNone ?? false })),
      accepted: (r) => ({ ok: true, id: r.id ?? '', created: true }),
    }, this.run, this.counter);
  }

  updateMany(object: string, records: Array<{ id: string; fields: Record<string, unknown> }>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    const type = soqlName(object);
    return writeCollections({
      what: `updating ${object} records`,
      items: records,
      allOrNone: options.allOrNone ?? false,
      repeatable: true,
      precheck: (r) => malformedId(r.id),
      send: async (chunk) => asSaveResults(await this.conn.sobject(type).update(chunk.map((r) => ({ ...r.fields, Id: r.id })), { allOrNone: options.allOrNone ?? false })),
      accepted: (r, item) => ({ ok: true, id: r.id ?? item.id, created: false }),
    }, this.run, this.counter);
  }

  upsertMany(object: string, externalIdField: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    const type = soqlName(object);
    const field = soqlName(externalIdField);
    return writeCollections({
      what: `upserting ${object} records`,
      items: records,
      allOrNone: options.allOrNone ?? false,
      repeatable: true,
      // jsforce throws for the whole batch when one record lacks the value; refuse that record alone.
      precheck: (r) => (externalIdValue(r, field) === undefined
        ? new CrmRecordError('invalid', `REQUIRED_FIELD_MISSING: the external id ${field} has no value.`, [field], 'REQUIRED_FIELD_MISSING')
        : undefined),
      send: async (chunk) => asSaveResults(await this.conn.sobject(type).upsert(chunk.map((r) => withKeySpelled(r, field)), field, { allOrNone: options.allOrNone ?? false })),
      accepted: (r) => ({ ok: true, id: r.id ?? '', created: r.created === true }),
    }, this.run, this.counter);
  }

  deleteMany(object: string, ids: string[]): Promise<CrmWriteResult[]> {
    const type = soqlName(object);
    return writeCollections({
      what: `deleting ${object} records`,
      items: ids,
      allOrNone: false,
      repeatable: true,
      precheck: malformedId,
      send: async (chunk) => asSaveResults(await this.conn.sobject(type).destroy(chunk)),
      accepted: (r, id) => ({ ok: true, id: r.id ?? id, created: false }),
    }, this.run, this.counter);
  }

  /** Straight to REST, not jsforce's cached describe: the start-up check must see a deploy made a moment ago. */
  async describe(object: string): Promise<CrmObjectDescription | undefined> {
    const type = soqlName(object);
    try {
      const d = await withRetry(`describing ${object}`, this.policy, true, () => this.conn.request<{ name: string; fields: Array<{ name: string }> }>(`/sobjects/${type}/describe`), this.session.explain);
      return { name: d.name, fields: d.fields.map((f) => f.name) };
    } catch (err) {
      if (err instanceof FailedCall && classify(err.error, err.seen).kind !== 'transient' && err.seen.status === 404) return undefined;
      throw err instanceof FailedCall ? domainError(err.error, `describing ${object}`, err.seen) : err;
    }
  }

  /** Retry policy, then domain errors; an arrow so it can be handed to `queryPages` and `writeCollections`. */
  private readonly run: CallRunner = async (what, repeatable, call) => {
    try {
      return await withRetry(what, this.policy, repeatable, call, this.session.explain);
    } catch (err) {
      throw err instanceof FailedCall ? domainError(err.error, what, err.seen) : err;
    }
  };
}

function malformedId(id: string): CrmRecordError | undefined {
  return isSalesforceId(id) ? undefined : new CrmRecordError('not-found', 'MALFORMED_ID: not a Salesforce record id.', ['Id'], 'MALFORMED_ID');
}

/** jsforce reads the external id under the exact key it is given. */
function withKeySpelled(record: Record<string, unknown>, field: string): Record<string, unknown> {
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  if (key === undefined || key === field) return record;
  const { [key]: value, ...rest } = record;
  return { ...rest, [field]: value };
}

function externalIdValue(record: Record<string, unknown>, field: string): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return value === null || value === '' ? undefined : value;
}

/** jsforce types the array forms loosely; collections answer one SaveResult per record. */
function asSaveResults(value: unknown): SaveResult[] {
  return (Array.isArray(value) ? value : [value]) as SaveResult[];
}

export type { SalesforceRecord };
