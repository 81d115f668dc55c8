import type { PartnerCenterHttp } from './http.js';
import type { JsonPatchOperation, PcReferral, PcReferralList } from './wire.js';

const REFERRALS_PATH = '/v1.0/engagements/referrals';

/** The Referrals REST API: list with nextLink paging, get, create, and JSON Patch updates. */
export class PartnerCenterClient {
  private readonly referralsUrl: string;

  /** `baseUrl`: host of the Referrals API (https://api.partner.microsoft.com), or the sandbox mount. */
  constructor(private readonly http: PartnerCenterHttp, baseUrl: string) {
    this.referralsUrl = baseUrl.replace(/\/+$/, '') + REFERRALS_PATH;
  }

  async listReferrals(query: Record<string, string>): Promise<PcReferralList> {
    return (await this.http.send<PcReferralList>('GET', this.referralsUrl, { query, idempotent: true })).body;
  }

  /**
   * Follows an @odata.nextLink. Only its query string is used, applied to the configured Referrals URL:
   * the token is never sent to another host, and the documented nextLink's missing /engagements/ and
   * http scheme do no harm.
   */
  async listNext(nextLink: string): Promise<PcReferralList> {
    const search = nextLink.includes('?') ? nextLink.slice(nextLink.indexOf('?')) : '';
    return (await this.http.send<PcReferralList>('GET', this.referralsUrl + search, { idempotent: true })).body;
  }

  async getReferral(id: string): Promise<PcReferral> {
    return (await this.http.send<PcReferral>('GET', `${this.referralsUrl}/${encodeURIComponent(id)}`, { idempotent: true })).body;
  }

  /** Not idempotent: retried only when Partner Center said it did not process it (429, 503). */
  async createReferral(referral: PcReferral): Promise<PcReferral> {
    return (await this.http.send<PcReferral>('POST', this.referralsUrl, { body: referral, idempotent: false })).body;
  }

  /** `ifMatch` is sent byte for byte, quotes included, as the eTag was served. */
  async patchReferral(id: string, operations: JsonPatchOperation[], ifMatch?: string): Promise<PcReferral> {
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
    return (await this.http.send<PcReferral>('PATCH', `${this.referralsUrl}/${encodeURIComponent(id)}`, { body: operations, headers, idempotent: true })).body;
  }
}
