import type { CursorStore } from '../storage/types.js';

/** Durable cursor names of the mirror sync, per tenant. */
export const MIRROR_CURSOR = 'referral-mirror:updatedDateTime';
export const MIRROR_COMPLETE = 'referral-mirror:complete';

// Once filled, a mirror stays filled (the mark is never removed), so a yes is remembered per store.
const known = new WeakMap<CursorStore, Set<string>>();

/** The mirror answers lists once one full pass over Partner Center has finished for the tenant. */
export async function mirrorReady(cursors: CursorStore, tenantId: string): Promise<boolean> {
  const ready = known.get(cursors);
  if (ready?.has(tenantId)) return true;
  if ((await cursors.get(tenantId, MIRROR_COMPLETE)) === undefined) return false;
  if (ready) ready.add(tenantId);
  else known.set(cursors, new Set([tenantId]));
  return true;
}
