import type { Clock } from '../domain/clock.js';
import type { ListQuery, ReferralReader } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/types.js';
import { MIRROR_COMPLETE, MIRROR_CURSOR, mirrorReady } from './mirror-state.js';
import { toStoredReferral } from './stored-referral.js';
import { queueReferralChange } from './synthetic-event.js';

export interface MirrorSyncOptions {
  tenantId: string;
  storage: Storage;
  referrals: ReferralReader;
  clock: Clock;
  logger: Logger;
  /** Changes this close to the cursor are read again: Partner Center's clock and ours may differ. */
  overlapMs?: number;
  /** Wakes this process's pipeline after queuing healed changes. */
  notify?: () => void;
}

export interface MirrorSyncResult {
  pages: number;
  seen: number;
  /** Referrals written directly during the first fill (a first sight, not a change: no trigger). */
  added: number;
  /** Changes whose webhook had not arrived (newer than the mirror, or new after the first fill), queued as events. */
  healed: number;
}

/**
 * Keeps the local referral mirror complete: pages through Partner Center by update time from a durable
 * cursor. During the first fill, referrals are written directly (a first sight, not a change: no
 * trigger). Afterwards, a referral the mirror lacks or has in an older version means a webhook that
 * has not arrived: it is queued as an ordinary inbox event, so the pipeline applies it and trigger
 * subscribers hear of it, exactly as if Partner Center had delivered it. Resumable: the cursor moves
 * after each page.
 */
export async function syncMirrorOnce(o: MirrorSyncOptions): Promise<MirrorSyncResult> {
  const overlap = o.overlapMs ?? 60_000;
  const since = await o.storage.cursors.get(o.tenantId, MIRROR_CURSOR);
  const query: ListQuery = { order: 'asc', top: 100 };
  if (since !== undefined) query.updatedSince = new Date(Date.parse(since) - overlap).toISOString();
  const result: MirrorSyncResult = { pages: 0, seen: 0, added: 0, healed: 0 };
  const filled = await mirrorReady(o.storage.cursors, o.tenantId);
  let cursor: string | undefined;
  do {
    const page = await o.referrals.list(query, cursor);
    result.pages++;
    let newest = since;
    for (const referral of page.items) {
      result.seen++;
      const stored = toStoredReferral(o.tenantId, referral);
      const current = await o.storage.referrals.get(o.tenantId, referral.id);
      if (!current && !filled) {
        if (await o.storage.referrals.put(stored)) result.added++;
      } else if (!current || Date.parse(current.updatedDateTime) < Date.parse(stored.updatedDateTime)) {
        const queued = await queueReferralChange(o.storage, {
          tenantId: o.tenantId, referralId: referral.id, updatedDateTime: stored.updatedDateTime,
          kind: current ? 'referral-updated' : 'referral-created', source: 'mirror-sync', at: o.clock(),
        });
        if (queued) result.healed++;
      }
      if (newest === undefined || Date.parse(stored.updatedDateTime) > Date.parse(newest)) newest = stored.updatedDateTime;
    }
    if (newest !== undefined) await o.storage.cursors.set(o.tenantId, MIRROR_CURSOR, newest);
    cursor = page.cursor;
  } while (cursor !== undefined);
  await o.storage.cursors.set(o.tenantId, MIRROR_COMPLETE, o.clock().toISOString());
  if (result.healed > 0) o.notify?.();
  if (result.healed > 0) o.logger.warn({ tenantId: o.tenantId, healed: result.healed }, 'mirror sync found changes whose webhook never arrived; queued them');
  return result;
}

/** Runs the sync now and then every `intervalMs`, one pass at a time; stop() waits for the pass in flight. */
export function startMirrorSync(o: MirrorSyncOptions & { intervalMs: number; onPass?: (r: MirrorSyncResult) => void }): { stop(): Promise<void>; runNow(): Promise<MirrorSyncResult> } {
  let running: Promise<MirrorSyncResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = (): Promise<MirrorSyncResult> => {
    running ??= syncMirrorOnce(o).then((r) => { o.onPass?.(r); return r; }).finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(() => { void pass().catch((err: unknown) => o.logger.error({ err }, 'mirror sync failed')); }, o.intervalMs);
    });
    return running;
  };
  void pass().catch((err: unknown) => o.logger.error({ err }, 'mirror sync failed'));
  return {
    runNow: () => { if (timer) clearTimeout(timer); return pass(); },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
