import type { CursorStore } from '../storage/types.js';

/** Durable cursor names of the mirror sync, per tenant. */
export const MIRROR_CURSOR = 'referral-mirror:updatedDateTime';
export const MIRROR_COMPLETE = 'referral-mirror:complete';

/** The mirror answers lists once one full pass over Partner Center has finished for the tenant. */
export async function mirrorReady(cursors: CursorStore, tenantId: string): Promise<boolean> {
  return (await cursors.get(tenantId, MIRROR_COMPLETE)) !== undefined;
}
