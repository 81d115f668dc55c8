import type { Referral } from '../domain/referral.js';
import { normalizeUpdatedDateTime } from '../storage/time.js';
import type { StoredReferral } from '../storage/types.js';

/**
 * The mirror row for a referral as Partner Center served it: the normalized JSON plus the columns lists
 * filter on. Its version is `updatedDateTime` in the storage's fixed-width 7-digit form, so versions
 * compare exactly (Partner Center's timestamps are finer than a millisecond).
 */
export function toStoredReferral(tenantId: string, referral: Referral): StoredReferral {
  // A referral without updatedDateTime (never seen in practice) is as old as its creation.
  const version = referral.updatedDateTime ?? referral.createdDateTime;
  if (version === undefined) throw new Error(`Referral ${referral.id} has neither updatedDateTime nor createdDateTime, so its version cannot be ordered.`);
  return {
    tenantId,
    id: referral.id,
    updatedDateTime: normalizeUpdatedDateTime(version),
    eTag: referral.eTag,
    status: referral.status,
    substatus: referral.substatus,
    type: referral.type,
    direction: referral.direction,
    qualification: referral.qualification ?? null,
    engagementId: referral.engagementId ?? null,
    microsoftCoSell: referral.microsoftCoSell,
    json: JSON.stringify(referral),
  };
}
