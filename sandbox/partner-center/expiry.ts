/**
 * Archives overdue referrals as Closed/Expired. Runs on demand (`expireDue()`) and lazily at the
 * start of every API request, so a manual clock moved forward takes effect on the next read.
 *
 * The write is stamped with the current time, not the deadline: a client syncing incrementally
 * with `updatedDateTime gt <last sync>` must see the change even if its last sync came after the
 * deadline.
 */
import { formatInstant } from './timestamps.js';
import type { ReferralStore } from './referral-store.js';
import type { WriteStamper } from './write-stamp.js';

export function expireDue(store: ReferralStore, stamper: WriteStamper): number {
  // The whole current millisecond counts as "now" at 100-ns precision.
  const now = formatInstant(stamper.clock().getTime(), 9999);
  const due = store.dueForExpiry(now);
  for (const id of due) {
    const current = store.peek(id);
    if (!current) continue;
    const stamp = stamper.next();
    store.write({
      ...structuredClone(current),
      status: 'Closed',
      substatus: 'Expired',
      updatedDateTime: stamp.at,
      closedDateTime: stamp.at,
      eTag: stamp.eTag,
    });
  }
  return due.length;
}
