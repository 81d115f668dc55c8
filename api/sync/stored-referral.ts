import type { Referral } from '../domain/referral.js';
import type { StoredReferral } from '../storage/types.js';

/** A referral as the local mirror keeps it: the normalized JSON plus the columns lists filter on. */
export function toStoredReferral(tenantId: string, referral: Referral): StoredReferral {
  return {
    tenantId,
    id: referral.id,
    updatedDateTime: referral.updatedDateTime ?? referral.createdDateTime ?? '1970-01-01T00:00:00Z',
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
