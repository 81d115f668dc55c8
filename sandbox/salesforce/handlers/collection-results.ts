/** SaveResult / UpsertResult items of sObject Collections, and allOrNone's all-or-nothing outcome. */
import { SalesforceError, type ItemError } from '../errors.js';
import type { RecordStore } from '../store/record-store.js';

export interface SaveResult { id?: string; success: boolean; errors: ItemError[]; created?: boolean }

export const MAX_COLLECTION_RECORDS = 200;

const ROLLED_BACK: ItemError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

export function checkCollectionSize(count: number): void {
  if (count > MAX_COLLECTION_RECORDS) {
    throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);
  }
}

/** A single record's failure inside a collection; a missing record reads as a bad cross reference there. */
export function failure(error: unknown): SaveResult {
  if (!(error instanceof SalesforceError)) throw error;
  if (error.errorCode === 'NOT_FOUND') return { success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
  return { success: false, errors: [error.toItemError()] };
}

/**
 * Runs one operation per item. With allOrNone, a single failure rolls every write back: failed items
 * keep their own errors and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK (without an id).
 */
export function runItems<T>(store: RecordStore, items: T[], allOrNone: boolean, operation: (item: T, index: number) => SaveResult): SaveResult[] {
  const point = store.savepoint();
  try {
    const results = items.map((item, i) => {
      try {
        return operation(item, i);
      } catch (error) {
        return failure(error);
      }
    });
    if (!allOrNone || results.every((r) => r.success)) return results;
    store.rollbackTo(point);
    return results.map((r) => (r.success ? { success: false, errors: [ROLLED_BACK] } : r));
  } finally {
    store.release(point);
  }
}

export function allOrNoneFlag(value: unknown): boolean {
  return value === true || value === 'true';
}
