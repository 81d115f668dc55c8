import type { components } from '../generated/contract.js';

/** The normalized referral is the contract's: one definition, generated, never a hand-written twin. */
export type Referral = components['schemas']['Referral'];
export type ReferralStatus = Referral['status'];
export type ReferralSubstatus = Referral['substatus'];
export type ReferralCategory = Referral['category'];
export type Member = components['schemas']['Member'];
export type SolutionTag = components['schemas']['SolutionTag'];
export type AssistanceRequestCode = NonNullable<components['schemas']['UpdateReferralRequest']['assistanceRequestCode']>;
export type CreateReferralRequest = components['schemas']['CreateReferralRequest'];
export type UpdateReferralRequest = components['schemas']['UpdateReferralRequest'];

/** Partner Center's organization id for Microsoft. */
export const MICROSOFT_ORGANIZATION_ID = 'msft';
