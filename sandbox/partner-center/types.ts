/**
 * The Referral resource as the Partner Center Referrals API serves it (camelCase, spelled as the
 * service spells it, typos included). The model is open: the documentation says its samples are
 * "not exhaustive", so every type carries an index signature and unknown fields pass through.
 */

export const REFERRAL_STATUSES = ['None', 'New', 'Active', 'Closed'] as const;
export const REFERRAL_SUBSTATUSES = ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'] as const;
export const REFERRAL_TYPES = ['Shared', 'Independent'] as const;
export const REFERRAL_QUALIFICATIONS = ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] as const;
export const TARGET_TYPES = ['None', 'BusinessProfileLocation', 'SolutionProfile'] as const;
export const DIRECTIONS = ['Incoming', 'Outgoing'] as const;

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export type ReferralSubstatus = (typeof REFERRAL_SUBSTATUSES)[number];
export type ReferralType = (typeof REFERRAL_TYPES)[number];
export type ReferralQualification = (typeof REFERRAL_QUALIFICATIONS)[number];
export type TargetType = (typeof TARGET_TYPES)[number];
export type Direction = (typeof DIRECTIONS)[number];

export interface Address {
  addressLine1?: string | null;
  addressLine2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  /** ISO 3166 alpha-2. */
  country?: string | null;
  region?: string | null;
  [key: string]: unknown;
}

export interface ContactPreference {
  locale?: string | null;
  disableNotifications?: boolean | null;
  [key: string]: unknown;
}

export interface Member {
  firstName?: string | null;
  lastName?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  title?: string | null;
  contactPreference?: ContactPreference | null;
  [key: string]: unknown;
}

export interface CustomerProfile {
  name?: string | null;
  address?: Address | null;
  size?: string | null;
  team?: Member[] | null;
  ids?: Array<{ profileType?: string; id?: string; [key: string]: unknown }> | null;
  [key: string]: unknown;
}

export interface Consent {
  /** (sic) "ToTo" is the real key. */
  consentToToShareInfoWithOthers?: boolean | null;
  consentToContact?: boolean | null;
  consentToShareReferralWithMicrosoftSellers?: boolean | null;
  [key: string]: unknown;
}

export interface Tag { id?: string; [key: string]: unknown }
export interface SolutionTag { id?: string; name?: string | null; type?: string | null; [key: string]: unknown }

export interface ReferralRequirements {
  industries?: Tag[] | null;
  products?: Tag[] | null;
  services?: Tag[] | null;
  solutions?: SolutionTag[] | null;
  [key: string]: unknown;
}

export interface ReferralDetails {
  notes?: string | null;
  dealValue?: number | null;
  currency?: string | null;
  closingDateTime?: string | null;
  requirements?: ReferralRequirements | null;
  [key: string]: unknown;
}

export interface InviteContext {
  notes?: string | null;
  invitedBy?: { organizationId?: string | null; organizationName?: string | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export interface ReferralTarget { type?: string; id?: string; [key: string]: unknown }

export interface ReferralLink { uri: string; method: string }

export interface Referral {
  id: string;
  engagementId?: string | null;
  name?: string | null;
  organizationId?: string | null;
  organizationName?: string | null;
  externalReferenceId?: string | null;
  createdDateTime?: string | null;
  updatedDateTime?: string | null;
  expirationDateTime?: string | null;
  acceptedDateTime?: string | null;
  closedDateTime?: string | null;
  status?: string | null;
  substatus?: string | null;
  statusReason?: string | null;
  qualification?: string | null;
  type?: string | null;
  direction?: string | null;
  eTag?: string | null;
  target?: ReferralTarget[] | null;
  customerProfile?: CustomerProfile | null;
  consent?: Consent | null;
  details?: ReferralDetails | null;
  team?: Member[] | null;
  inviteContext?: InviteContext | null;
  links?: { relatedReferrals?: ReferralLink; self?: ReferralLink; [key: string]: unknown };
  [key: string]: unknown;
}

/** Payload of `ReferralStore.onChange`; the webhook emulator turns these into referral-* events. */
export interface ReferralChange {
  kind: 'created' | 'updated';
  referral: Referral;
  previous?: Referral;
}
