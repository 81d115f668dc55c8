import type { AssistanceRequestCode, CreateReferralRequest, Member, Referral, SolutionTag } from './referral.js';
import type { ReferralState } from './referral-status.js';

/** One change to a referral, in domain terms; the adapter decides how it travels (JSON Patch for Partner Center). */
export type ReferralChange =
  | { field: 'dealValue'; value: number }
  | { field: 'currency'; value: string }
  | { field: 'closingDateTime'; value: string }
  | { field: 'notes'; value: string }
  | { field: 'customerContacts'; value: Member[] }
  | { field: 'team'; value: Member[] }
  | { field: 'solutions'; value: SolutionTag[] }
  | { field: 'assistanceRequestCode'; value: AssistanceRequestCode }
  | { field: 'state'; value: ReferralState & { statusReason?: string } };

export interface ListQuery {
  status?: Referral['status'];
  substatus?: Referral['substatus'];
  type?: Referral['type'];
  direction?: Referral['direction'];
  qualification?: NonNullable<Referral['qualification']>;
  engagementId?: string;
  updatedSince?: string;
  order: 'asc' | 'desc';
  top: number;
}

export interface ReferralPage {
  items: Referral[];
  /** Opaque position of the next page; absent on the last page. */
  cursor?: string;
}

/** A referral to create: the create request plus how it is addressed. */
export interface NewReferral {
  request: CreateReferralRequest;
  engagementId?: string;
  target: { type: 'SolutionProfile' | 'BusinessProfileLocation'; id: string };
}

export interface ReferralReader {
  /** @throws ReferralNotFoundError */
  get(id: string): Promise<Referral>;
  list(query: ListQuery, cursor?: string): Promise<ReferralPage>;
  listByEngagement(engagementId: string): Promise<Referral[]>;
}

export interface ReferralWriter {
  create(referral: NewReferral): Promise<Referral>;
  /**
   * Applies the changes to the referral as `current` shows it.
   * @throws StaleReferralError when `ifMatch` no longer matches.
   */
  update(current: Referral, changes: ReferralChange[], options: { ifMatch: string }): Promise<Referral>;
}

export class ReferralNotFoundError extends Error {
  constructor(readonly referralId: string) { super(`Referral ${referralId} was not found.`); this.name = 'ReferralNotFoundError'; }
}

export class StaleReferralError extends Error {
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} changed since the given eTag was read; get it again and retry with its new eTag.`);
    this.name = 'StaleReferralError';
  }
}
