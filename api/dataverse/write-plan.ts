/**
 * Each record of a bulk write as the Web API requests that write it (crm-apis.md §4.1, §4.2):
 * - create: `POST <set>`, 204 with `OData-EntityId` naming the new row;
 * - update: `PATCH <set>(<id>)` with `If-Match: *`, so a deleted row is a 404 rather than a new row;
 * - upsert by alternate key: `PATCH <set>(<key>='<value>')` with `If-None-Match: *` when the key was
 *   not found (create only; 412 if it appeared meanwhile) or `If-Match: *` when it was (update only;
 *   404 if it vanished). Both answer 204, so the condition is what tells created from updated; a
 *   surprise switches to the other form once;
 * - delete: `DELETE <set>(<id>)`.
 * An opportunity created or upserted closed (Won/Lost) is written open and closed by its
 * WinOpportunity/LoseOpportunity in the same change set, the OpportunityClose bound to the row by the
 * write's Content-ID: one record, one atomic change set, no second `$batch`.
 */
import { CrmRecordError } from '../domain/crm.js';
import type { BatchRequest, HttpPart } from './batch.js';
import type { ItemOutcome, WriteItem } from './batch-writer.js';
import type { DataverseClient } from './client.js';
import type { EntitySets } from './entity-sets.js';
import type { LookupTranslator } from './lookups.js';
import { isGuid, literal, propertyName } from './odata.js';
import { closeBody, closeBodyBoundTo, splitOpportunityUpdate, type CloseAction } from './opportunity-close.js';

export class WritePlanner {
  constructor(private readonly client: DataverseClient, private readonly sets: EntitySets, private readonly lookups: LookupTranslator) {}

  async create(table: string, record: Record<string, unknown>): Promise<WriteItem | CrmRecordError> {
    const split = table === 'opportunity' ? splitOpportunityUpdate(record) : { fields: record };
    const body = await this.body(table, split.fields);
    if (body instanceof CrmRecordError) return body;
    return {
      requests: [{ method: 'POST', url: this.client.url(this.sets.setOf(table)), body }, ...this.closing(split.close)],
      repeatable: false,
      succeeded: (parts) => created(parts[0]),
    };
  }

  /** The close action that follows a create or upsert in its change set, bound to the row that write made. */
  private closing(close: CloseAction | undefined): BatchRequest[] {
    if (close === undefined) return [];
    return [{ method: 'POST', url: this.client.url(close.action), bodyReferencingPrevious: (ref) => closeBodyBoundTo(close, ref) }];
  }

  async update(table: string, id: string, fields: Record<string, unknown>): Promise<WriteItem | CrmRecordError> {
    if (!isGuid(id)) return notFound(id);
    const split = table === 'opportunity' ? splitOpportunityUpdate(fields) : { fields };
    const body = await this.body(table, split.fields);
    if (body instanceof CrmRecordError) return body;
    const url = this.client.url(`${this.sets.setOf(table)}(${id.toLowerCase()})`);
    const patch = { method: 'PATCH' as const, url, headers: { 'If-Match': '*' }, body };
    const close = split.close === undefined ? [] : [{ method: 'POST' as const, url: this.client.url(split.close.action), body: closeBody(split.close, id.toLowerCase()) }];
    const requests = close.length > 0 && Object.keys(body).length === 0 ? close : [patch, ...close];
    return { requests, repeatable: close.length === 0, succeeded: () => ({ ok: true, id, created: false }) };
  }

  /** `existingId`: the row the key matched just before, or undefined when none did. */
  async upsert(table: string, keyField: string, keyValue: string | number, record: Record<string, unknown>, existingId: string | undefined): Promise<WriteItem | CrmRecordError> {
    const split = table === 'opportunity' ? splitOpportunityUpdate(record) : { fields: record };
    const body = await this.body(table, split.fields);
    if (body instanceof CrmRecordError) return body;
    const url = this.client.url(`${this.sets.setOf(table)}(${propertyName(keyField)}=${encodeURIComponent(literal(keyValue, false))})`);
    const close = this.closing(split.close);
    // Closing twice is refused (the row is closed by then), so a write that closes is not sent again blindly.
    const repeatable = close.length === 0;
    const asCreate = (): WriteItem => ({
      requests: [{ method: 'PATCH', url, headers: { 'If-None-Match': '*' }, body }, ...close],
      repeatable,
      succeeded: (parts) => created(parts[0]),
      refused: (status) => (status === 412 ? { requeue: asUpdate(undefined) } : undefined),
    });
    const asUpdate = (id: string | undefined): WriteItem => ({
      requests: [{ method: 'PATCH', url, headers: { 'If-Match': '*' }, body }, ...close],
      repeatable,
      succeeded: (parts) => ({ ok: true, id: id ?? entityIdOf(parts[0]) ?? '', created: false }),
      refused: (status) => (status === 404 ? { requeue: asCreate() } : undefined),
    });
    return existingId === undefined ? asCreate() : asUpdate(existingId);
  }

  delete(table: string, id: string): WriteItem | CrmRecordError {
    if (!isGuid(id)) return notFound(id);
    return {
      requests: [{ method: 'DELETE', url: this.client.url(`${this.sets.setOf(table)}(${id.toLowerCase()})`) }],
      repeatable: true,
      succeeded: () => ({ ok: true, id, created: false }),
    };
  }

  private async body(table: string, fields: Record<string, unknown>): Promise<Record<string, unknown> | CrmRecordError> {
    try {
      return await this.lookups.writeBody(table, fields);
    } catch (err) {
      if (err instanceof CrmRecordError) return err;
      throw err;
    }
  }
}

/** The new row's id from the part's `OData-EntityId` (204 No Content). */
function created(part: HttpPart | undefined): ItemOutcome {
  return { ok: true, id: entityIdOf(part) ?? '', created: true };
}

/** `…/opportunities(7eb682f1-…)` → the GUID; a key-addressed id (`(msp_x='…')`) gives undefined. */
export function entityIdOf(part: HttpPart | undefined): string | undefined {
  const header = part?.headers['odata-entityid'];
  const id = header === undefined ? undefined : /\(([0-9a-fA-F-]{36})\)\s*$/.exec(header)?.[1];
  return id !== undefined && isGuid(id) ? id.toLowerCase() : undefined;
}

function notFound(id: string): CrmRecordError {
  return new CrmRecordError('not-found', `Not a Dataverse record id: ${JSON.stringify(id)}.`, [], 'InvalidId');
}
