/**
 * Bulk writes through sObject Collections, 200 records a call. jsforce 3.10.16 sends an array of any
 * length in one request unless `allowRecursive` is set (`_createMany` and siblings in
 * lib/connection.js), and Salesforce refuses more than 200 with EXCEEDED_ID_LIMIT, so the chunking
 * is done here, where each chunk also gets its own retries. Results come back in input order.
 */
import { CrmRecordError, type CrmWriteResult } from '../domain/crm.js';
import { recordErrorOf, type CollectionError } from './errors.js';
import type { CallRunner } from './query.js';
import type { UsageCounter } from './usage.js';

export const COLLECTION_LIMIT = 200;

export interface SaveResult { id?: string; success: boolean; created?: boolean; errors?: CollectionError[] }

export interface CollectionWrite<I> {
  what: string;
  items: I[];
  allOrNone: boolean;
  /** Sending the same chunk twice is harmless (update, upsert by external id, delete). */
  repeatable: boolean;
  /** Refuses an item before any call, as Salesforce would refuse it (no id, no external id value). */
  precheck?: (item: I) => CrmRecordError | undefined;
  send: (chunk: I[]) => Promise<SaveResult[]>;
  /** The port's result for one item Salesforce accepted. */
  accepted: (result: SaveResult, item: I) => CrmWriteResult;
}

export async function writeCollections<I>(write: CollectionWrite<I>, run: CallRunner, usage: UsageCounter): Promise<CrmWriteResult[]> {
  if (write.allOrNone && write.items.length > COLLECTION_LIMIT) {
    throw new RangeError(`allOrNone covers one sObject Collections call: at most ${COLLECTION_LIMIT} records, not ${write.items.length}.`);
  }
  const results: Array<CrmWriteResult | undefined> = write.items.map((item) => {
    const refused = write.precheck?.(item);
    return refused === undefined ? undefined : { ok: false, error: refused };
  });
  const pending = write.items.flatMap((item, index) => (results[index] === undefined ? [{ item, index }] : []));
  if (write.allOrNone && pending.length < write.items.length) return results.map((r) => r ?? rolledBack());

  for (let start = 0; start < pending.length; start += COLLECTION_LIMIT) {
    const chunk = pending.slice(start, start + COLLECTION_LIMIT);
    const saved = await run(write.what, write.repeatable, () => write.send(chunk.map((c) => c.item)));
    if (!Array.isArray(saved) || saved.length !== chunk.length) throw new Error(`Salesforce answered ${chunk.length} records with ${Array.isArray(saved) ? saved.length : 'no'} results while ${write.what}.`);
    usage.addRecordsWritten(saved.filter((r) => r.success).length);
    saved.forEach((r, k) => {
      const { item, index } = chunk[k]!;
      results[index] = r.success ? write.accepted(r, item) : { ok: false, error: recordErrorOf(r.errors) };
    });
  }
  return results.map((r) => r ?? rolledBack());
}

function rolledBack(): CrmWriteResult {
  return { ok: false, error: new CrmRecordError('rolled-back', 'ALL_OR_NONE_OPERATION_ROLLED_BACK: another record of this all-or-none write failed.', [], 'ALL_OR_NONE_OPERATION_ROLLED_BACK') };
}
