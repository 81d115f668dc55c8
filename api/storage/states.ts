import type { DeliveryStatus, InboxStatus, SyncJobStatus, SyncRunStatus } from './types.js';

/**
 * The explicit state lists and allowed transitions (NangoHQ's task-table model). Both backends
 * enforce them in SQL: every UPDATE that moves a row guards on the state it leaves (and, while
 * leased, on the lease holder), and a CHECK constraint keeps the status column inside the list.
 */
export const INBOX_STATUSES = ['pending', 'processing', 'done', 'dead'] as const satisfies readonly InboxStatus[];

export const INBOX_TRANSITIONS: Readonly<Record<InboxStatus, readonly InboxStatus[]>> = {
  pending: ['processing'], // claim
  processing: ['processing', 'pending', 'done', 'dead'], // reclaim after the lease ran out, fail with retry, complete, fail for good
  done: [],
  dead: ['pending'], // replay
};

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'dead'] as const satisfies readonly DeliveryStatus[];

export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  pending: ['delivering'], // claim
  delivering: ['delivering', 'pending', 'delivered', 'dead'], // reclaim, fail with retry, delivered, fail for good
  delivered: [],
  dead: [],
};

/** Per-status counts with every status present, from `(status, count)` rows. */
export function countsByStatus<S extends string>(statuses: readonly S[], rows: readonly { status: string; n: number | string }[]): Record<S, number> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const row of rows) {
    if ((statuses as readonly string[]).includes(row.status)) counts[row.status as S] = Number(row.n);
  }
  return counts;
}

/** Longest error text kept on a row: enough to diagnose, bounded so a huge upstream body cannot bloat the table. */
export const MAX_ERROR_LENGTH = 4000;

export function clipError(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

/** Sync jobs have no `done`: a finished job is deleted, so the key can be queued afresh. */
export const SYNC_JOB_STATUSES = ['pending', 'processing', 'dead'] as const satisfies readonly SyncJobStatus[];

export const SYNC_JOB_TRANSITIONS: Readonly<Record<SyncJobStatus, readonly SyncJobStatus[]>> = {
  pending: ['pending', 'processing'], // enqueue again (coalesced), claim
  processing: ['processing', 'pending', 'dead'], // reclaim or enqueue again (lease kept), complete of an older generation or fail with retry, fail for good
  dead: ['pending'], // enqueue again
};

export const SYNC_RUN_STATUSES = ['running', 'paused', 'completed', 'failed'] as const satisfies readonly SyncRunStatus[];
