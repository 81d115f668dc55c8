/**
 * The CRM port over the Dataverse Web API v9.2: OData queries paged by `@odata.nextLink` for reads,
 * `$batch` for writes (`batch-writer.ts`), lookups translated as data (`lookup-table.ts`), WhoAmI for
 * the integration user and EntityDefinitions for the start-up schema check.
 */
import {
  CrmRecordError, type ChangedSinceQuery, type CrmGateway, type CrmObjectDescription, type CrmRow, type CrmUsage,
  type CrmWhere, type CrmWriteOptions, type CrmWriteResult,
} from '../domain/crm.js';
import { writeInBatches, type BatchWriterDeps } from './batch-writer.js';
import type { DataverseClient } from './client.js';
import { MAX_PAGE_SIZE } from './config.js';
import { logicalNameOf, primaryKeyOf, type EntitySets } from './entity-sets.js';
import { callError, errorOf } from './errors.js';
import type { LookupTranslator } from './lookups.js';
import { toRow } from './mappers.js';
import { dateTimeLiteral, isGuid, literal, queryString, splitFilters, type Condition, type Literal } from './odata.js';
import { queryPages } from './query.js';
import type { BatchUsage, UsageCounter } from './usage.js';
import type { WritePlanner } from './write-plan.js';

export interface GatewayParts {
  environmentUrl: string;
  client: DataverseClient;
  sets: EntitySets;
  lookups: LookupTranslator;
  planner: WritePlanner;
  usage: UsageCounter;
  writer: BatchWriterDeps;
  pageSize: number;
}

export class DataverseGateway implements CrmGateway {
  readonly kind = 'dynamics365' as const;
  private integrationUser: Promise<string> | undefined;

  constructor(private readonly p: GatewayParts) {}

  usage(): CrmUsage {
    return this.p.usage.snapshot();
  }

  /** `$batch` calls and the requests inside them (benchmarks). */
  batchUsage(): BatchUsage {
    return this.p.usage.batchSnapshot();
  }

  async close(): Promise<void> {
    await this.p.client.close();
  }

  integrationUserId(): Promise<string> {
    this.integrationUser ??= (async () => {
      const what = 'reading the integration user (WhoAmI)';
      const response = await this.p.client.send({ method: 'GET', url: 'WhoAmI', repeatable: true, what });
      if (response.status !== 200) throw callError(response.status, errorOf(response.status, response.text), what);
      const { UserId } = JSON.parse(response.text) as { UserId?: unknown };
      if (typeof UserId !== 'string') throw new Error('The WhoAmI response has no UserId.');
      return UserId.toLowerCase();
    })().catch((err: unknown) => { this.integrationUser = undefined; throw err; });
    return this.integrationUser;
  }

  recordUrl(object: string, id: string): string {
    return `${this.p.environmentUrl}/main.aspx?etn=${encodeURIComponent(logicalNameOf(object))}&id=${encodeURIComponent(id)}&pagetype=entityrecord`;
  }

  async get(object: string, id: string, fields: string[]): Promise<CrmRow | undefined> {
    return (await this.getMany(object, [id], fields)).get(id);
  }

  async getMany(object: string, ids: string[], fields: string[]): Promise<Map<string, CrmRow>> {
    const out = new Map<string, CrmRow>();
    const wanted = ids.filter(isGuid);
    if (wanted.length === 0) return out;
    const pk = primaryKeyOf(object);
    const rows = await this.select(object, [{ property: pk, values: [...new Set(wanted.map((id) => id.toLowerCase()))], guid: true }], fields, `reading ${object} records`);
    const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
    for (const id of wanted) {
      const row = byId.get(id.toLowerCase());
      if (row !== undefined) out.set(id, row);
    }
    return out;
  }

  async find(object: string, where: CrmWhere, fields: string[], options: { limit?: number } = {}): Promise<CrmRow[]> {
    if (options.limit === 0) return [];
    const conditions = await this.p.lookups.conditions(object, where);
    if (conditions === undefined) return [];
    return this.select(object, conditions, fields, `finding ${object} records`, options.limit);
  }

  async *changedSince(query: ChangedSinceQuery): AsyncIterable<CrmRow[]> {
    const conditions = await this.p.lookups.conditions(query.object, query.where ?? {});
    if (conditions === undefined) return;
    const bound = query.since === undefined ? [] : [`modifiedon gt ${dateTimeLiteral(query.since)}`];
    // One query, so the order (modifiedon, then the primary key) holds across every page.
    const [filter, ...more] = splitFilters(conditions, bound);
    if (more.length > 0) throw new RangeError('changedSince needs one query: its where filter is too long for Dataverse.');
    const set = this.p.sets.setOf(query.object);
    const url = `${set}${queryString({ select: this.p.lookups.select(query.object, query.fields), ...(filter ? { filter } : {}), orderby: ['modifiedon asc', `${primaryKeyOf(query.object)} asc`] })}`;
    for await (const page of queryPages(this.p.client, url, `polling ${query.object} changes`, this.p.pageSize)) {
      yield await Promise.all(page.map((r) => toRow(query.object, r, query.fields, this.p.lookups)));
    }
  }

  /**
   * Dataverse has no replication API for deletions. Change tracking (`Prefer: odata.track-changes`)
   * reports them only for tables with change tracking enabled and through delta links the port's
   * `since` cannot express, so deletions surface through reconciliation instead: a linked record that
   * `get` no longer finds.
   */
  deletedSince(_object: string, _since: string): Promise<Array<{ id: string; deletedAt: string }>> {
    return Promise.resolve([]);
  }

  /** A record that arrives closed is created open and closed by Win/LoseOpportunity in its own change set (write-plan.ts). */
  async createMany(object: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    return this.createOpen(object, records, options);
  }

  private async createOpen(object: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions): Promise<CrmWriteResult[]> {
    await this.p.lookups.prepare(object, records);
    const items = await Promise.all(records.map((r) => this.p.planner.create(object, r)));
    return writeInBatches(`creating ${object} records`, items, options.allOrNone ?? false, this.p.writer);
  }

  async updateMany(object: string, records: Array<{ id: string; fields: Record<string, unknown> }>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    await this.p.lookups.prepare(object, records.map((r) => r.fields));
    const items = await Promise.all(records.map((r) => this.p.planner.update(object, r.id, r.fields)));
    return writeInBatches(`updating ${object} records`, items, options.allOrNone ?? false, this.p.writer);
  }

  /** Existing keys are looked up first, so each record is sent as a create or an update that says which it is. */
  async upsertMany(object: string, externalIdField: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions = {}): Promise<CrmWriteResult[]> {
    return this.upsertOpen(object, externalIdField, records, options);
  }

  private async upsertOpen(object: string, externalIdField: string, records: Array<Record<string, unknown>>, options: CrmWriteOptions): Promise<CrmWriteResult[]> {
    const keys = records.map((r) => keyValue(r, externalIdField));
    const counts = new Map<string, number>();
    for (const k of keys) if (k !== undefined) counts.set(normal(k), (counts.get(normal(k)) ?? 0) + 1);
    const distinct = [...new Set(keys.filter((k): k is string | number => k !== undefined && counts.get(normal(k)) === 1))];
    const existing = new Map<string, string>();
    if (distinct.length > 0) {
      for (const row of await this.select(object, [{ property: externalIdField, values: distinct, guid: false }], [externalIdField], `matching ${object} records by ${externalIdField}`)) {
        const value = row.fields[externalIdField];
        if (typeof value === 'string' || typeof value === 'number') existing.set(normal(value), row.id);
      }
    }
    await this.p.lookups.prepare(object, records);
    const items = await Promise.all(records.map(async (record, i) => {
      const key = keys[i];
      if (key === undefined) return new CrmRecordError('invalid', `The alternate key ${externalIdField} has no value.`, [externalIdField], 'MissingKey');
      if (counts.get(normal(key))! > 1) return new CrmRecordError('duplicate', `The alternate key ${externalIdField} value ${JSON.stringify(key)} is repeated in this write.`, [externalIdField], 'DuplicateKeyInCall');
      return this.p.planner.upsert(object, externalIdField, key, record, existing.get(normal(key)));
    }));
    const results = await writeInBatches(`upserting ${object} records`, items, options.allOrNone ?? false, this.p.writer);
    return this.fillCreatedIds(object, externalIdField, keys, results);
  }

  async deleteMany(object: string, ids: string[]): Promise<CrmWriteResult[]> {
    return writeInBatches(`deleting ${object} records`, ids.map((id) => this.p.planner.delete(object, id)), false, this.p.writer);
  }

  async describe(object: string): Promise<CrmObjectDescription | undefined> {
    const what = `describing ${object}`;
    const url = `EntityDefinitions(LogicalName=${encodeURIComponent(literal(logicalNameOf(object), false))})?$select=LogicalName&$expand=Attributes($select=LogicalName)`;
    const response = await this.p.client.send({ method: 'GET', url, repeatable: true, what });
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw callError(response.status, errorOf(response.status, response.text), what);
    const body = JSON.parse(response.text) as { LogicalName?: string; Attributes?: Array<{ LogicalName?: unknown }> };
    return { name: body.LogicalName ?? object, fields: (body.Attributes ?? []).flatMap((a) => (typeof a.LogicalName === 'string' ? [a.LogicalName] : [])) };
  }

  /** Every row matching the conditions, one query per split of the longest list, ordered by primary key. */
  private async select(object: string, conditions: Condition[], fields: string[], what: string, limit?: number): Promise<CrmRow[]> {
    const set = this.p.sets.setOf(object);
    const select = this.p.lookups.select(object, fields);
    const rows: CrmRow[] = [];
    // $top and maxpagesize do not combine (crm-apis.md §4.3): a small limit is a $top, a large one pages.
    const top = limit !== undefined && limit <= MAX_PAGE_SIZE ? limit : undefined;
    for (const filter of splitFilters(conditions)) {
      const url = `${set}${queryString({ select, ...(filter ? { filter } : {}), orderby: [primaryKeyOf(object)], ...(top !== undefined ? { top: top - rows.length } : {}) })}`;
      for await (const page of queryPages(this.p.client, url, what, top === undefined ? this.p.pageSize : undefined)) {
        rows.push(...await Promise.all(page.map((r) => toRow(object, r, fields, this.p.lookups))));
        if (limit !== undefined && rows.length >= limit) return rows.slice(0, limit);
      }
    }
    return rows;
  }

  /** A created row whose id the answer did not give (a key-addressed `OData-EntityId`) is read back by its key. */
  private async fillCreatedIds(object: string, keyField: string, keys: Array<string | number | undefined>, results: CrmWriteResult[]): Promise<CrmWriteResult[]> {
    const missing = results.flatMap((r, i) => (r.ok && r.id === '' && keys[i] !== undefined ? [keys[i]] : []));
    if (missing.length === 0) return results;
    const found = new Map<string, string>();
    for (const row of await this.select(object, [{ property: keyField, values: missing, guid: false }], [keyField], `reading back ${object} ids`)) {
      const value = row.fields[keyField];
      if (typeof value === 'string' || typeof value === 'number') found.set(normal(value), row.id);
    }
    return results.map((r, i) => (r.ok && r.id === '' && keys[i] !== undefined ? { ...r, id: found.get(normal(keys[i])) ?? '' } : r));
  }
}

function keyValue(record: Record<string, unknown>, field: string): string | number | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return (typeof value === 'string' && value !== '') || typeof value === 'number' ? value : undefined;
}

/** Dataverse compares strings case-insensitively. */
const normal = (value: Literal): string => String(value).toLowerCase();
