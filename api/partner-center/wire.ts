/**
 * Partner Center's wire shapes, as the Referrals API sends them (camelCase, `consentToToShareInfoWithOthers`
 * sic). Only what the adapter reads is typed; everything else passes through untouched.
 */
export interface PcMember {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phoneNumber?: string | null;
  title?: string | null;
  contactPreference?: { locale?: string | null; disableNotifications?: boolean | null } | null;
  [extra: string]: unknown;
}

export interface PcTag { id?: string | null; name?: string | null; type?: string | null; [extra: string]: unknown }

export interface PcReferral {
  id?: string;
  engagementId?: string | null;
  name?: string | null;
  externalReferenceId?: string | null;
  organizationId?: string | null;
  organizationName?: string | null;
  createdDateTime?: string | null;
  updatedDateTime?: string | null;
  expirationDateTime?: string | null;
  acceptedDateTime?: string | null;
  closedDateTime?: string | null;
  status?: string | null;
  substatus?: string | null;
  statusReason?: string | null;
  type?: string | null;
  qualification?: string | null;
  direction?: string | null;
  salesStage?: string | null;
  eTag?: string | null;
  customerProfile?: {
    name?: string | null;
    address?: Record<string, string | null | undefined> | null;
    size?: string | null;
    team?: PcMember[] | null;
    ids?: Array<{ profileType?: string | null; id?: string | null }> | null;
    [extra: string]: unknown;
  } | null;
  consent?: { consentToToShareInfoWithOthers?: boolean | null; consentToContact?: boolean | null; consentToShareReferralWithMicrosoftSellers?: boolean | null; [extra: string]: unknown } | null;
  details?: {
    notes?: string | null;
    dealValue?: number | string | null;
    currency?: string | null;
    closingDateTime?: string | null;
    customerRequestedContact?: boolean | null;
    requirements?: { industries?: PcTag[] | null; products?: PcTag[] | null; services?: PcTag[] | null; solutions?: PcTag[] | null; [extra: string]: unknown } | null;
    [extra: string]: unknown;
  } | null;
  team?: PcMember[] | null;
  inviteContext?: { notes?: string | null; invitedBy?: { organizationId?: string | null; organizationName?: string | null } | null; assistanceRequestCode?: string | null; [extra: string]: unknown } | null;
  target?: Array<{ type?: string | null; id?: string | null }> | null;
  trackingInfo?: { microsoftMsxId?: string | null; [extra: string]: unknown } | null;
  [extra: string]: unknown;
}

export interface PcReferralList {
  value?: PcReferral[];
  '@odata.nextLink'?: string | null;
  '@odata.count'?: number;
}

export interface JsonPatchOperation {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}
