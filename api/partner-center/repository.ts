import { ReferralNotFoundError, StaleReferralError, type ListQuery, type NewReferral, type ReferralChange, type ReferralPage, type ReferralReader, type ReferralWriter } from '../domain/ports.js';
import type { Referral } from '../domain/referral.js';
import type { PartnerCenterClient } from './client.js';
import { PartnerCenterNotFoundError, PartnerCenterPreconditionFailedError } from './errors.js';
import { toCreateBody, toPatchOperations, toReferral } from './mappers.js';
import { quote, toODataQuery } from './odata.js';

/** Referrals as the domain sees them, read from and written to Partner Center. */
export class PartnerCenterReferrals implements ReferralReader, ReferralWriter {
  constructor(private readonly client: PartnerCenterClient) {}

  async get(id: string): Promise<Referral> {
    try {
      return toReferral(await this.client.getReferral(id));
    } catch (err) {
      if (err instanceof PartnerCenterNotFoundError) throw new ReferralNotFoundError(id);
      throw err;
    }
  }

  async list(query: ListQuery, cursor?: string): Promise<ReferralPage> {
    const page = cursor !== undefined ? await this.client.listNext(cursor) : await this.client.listReferrals(toODataQuery(query));
    const items = (page.value ?? []).map(toReferral);
    const next = page['@odata.nextLink'];
    return typeof next === 'string' && next !== '' && items.length > 0 ? { items, cursor: next } : { items };
  }

  async listByEngagement(engagementId: string): Promise<Referral[]> {
    const all: Referral[] = [];
    let page = await this.client.listReferrals({ $filter: `engagementId eq ${quote(engagementId)}` });
    for (;;) {
      all.push(...(page.value ?? []).map(toReferral));
      const next = page['@odata.nextLink'];
      if (typeof next !== 'string' || next === '' || (page.value ?? []).length === 0) return all;
      page = await this.client.listNext(next);
    }
  }

  async create(referral: NewReferral): Promise<Referral> {
    return toReferral(await this.client.createReferral(toCreateBody(referral)));
  }

  async update(current: Referral, changes: ReferralChange[], options: { ifMatch: string }): Promise<Referral> {
    try {
      return toReferral(await this.client.patchReferral(current.id, toPatchOperations(current, changes), options.ifMatch));
    } catch (err) {
      if (err instanceof PartnerCenterPreconditionFailedError) throw new StaleReferralError(current.id);
      if (err instanceof PartnerCenterNotFoundError) throw new ReferralNotFoundError(current.id);
      throw err;
    }
  }
}
