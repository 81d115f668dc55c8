/**
 * A link write that would give one referral two CRM records (sync_links is unique on the tenant and
 * referral id as well as on the CRM id). Both backends raise it in place of their driver's
 * unique-violation error, so the engine can tell it apart from a failing database.
 */
export class SyncLinkConflictError extends Error {
  constructor(readonly tenantId: string, readonly referralId: string) {
    super(`referral ${referralId} is already linked to another CRM record`);
    this.name = 'SyncLinkConflictError';
  }
}
