import { MICROSOFT_ORGANIZATION_ID, type ReferralCategory } from './referral.js';

export interface CategoryInput {
  type: 'Shared' | 'Independent';
  qualification: 'None' | 'Direct' | 'MarketingQualified' | 'SalesQualified';
  invitedByOrganizationId: string | undefined;
}

/** Partner Center's documented categories (referrals-api-introduction): marketplace lead, qualified lead, co-sell opportunity. */
export function categorize(r: CategoryInput): ReferralCategory {
  const byMicrosoft = r.invitedByOrganizationId === undefined || r.invitedByOrganizationId === MICROSOFT_ORGANIZATION_ID;
  if (r.type === 'Independent' && r.qualification === 'Direct' && byMicrosoft) return 'MarketplaceLead';
  if (r.type === 'Independent' && (r.qualification === 'SalesQualified' || r.qualification === 'MarketingQualified') && r.invitedByOrganizationId === MICROSOFT_ORGANIZATION_ID) return 'QualifiedLead';
  return 'CoSellOpportunity';
}

/** Microsoft shared it with us, or we shared it with Microsoft. */
export function isMicrosoftCoSell(r: { type: 'Shared' | 'Independent'; invitedByOrganizationId: string | undefined; targetIds: string[] }): boolean {
  return r.type === 'Shared' && (r.invitedByOrganizationId === MICROSOFT_ORGANIZATION_ID || r.targetIds.includes(MICROSOFT_ORGANIZATION_ID));
}
