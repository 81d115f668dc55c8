/**
 * What a stored referral looks like on the wire: the stored fields untouched, plus the service's
 * decorations built from the emulator's own base URL: `links.self`, `links.relatedReferrals`
 * (same shape as the samples, without their `engagments` / missing-separator typos) and, on a
 * single-entity GET, `@odata.context`. Stored `@odata.*` keys and `links` (e.g. from a sample put
 * as-is) are replaced, never echoed.
 */
import { setOwn } from './json-values.js';
import type { Referral } from './types.js';

export const REFERRALS_PATH = '/v1.0/engagements/referrals';

export function listContextUrl(base: string): string {
  return `${base}/v1.0/$metadata#Referrals`;
}

export function entityContextUrl(base: string): string {
  return `${base}/v1.0/$metadata#Referrals/$entity`;
}

export function selfUrl(base: string, id: string): string {
  return `${base}${REFERRALS_PATH}/${encodeURIComponent(id)}`;
}

function links(base: string, referral: Readonly<Referral>): NonNullable<Referral['links']> {
  const result: NonNullable<Referral['links']> = {};
  if (typeof referral.engagementId === 'string' && referral.engagementId !== '') {
    // Written like the documented links (raw space and quotes); HTTP clients percent-encode on send.
    result.relatedReferrals = { uri: `${base}${REFERRALS_PATH}?$filter=engagementId eq '${referral.engagementId}'`, method: 'GET' };
  }
  result.self = { uri: selfUrl(base, referral.id), method: 'GET' };
  return result;
}

export interface PresentOptions { entity?: boolean; select?: readonly string[] }

export function present(referral: Readonly<Referral>, base: string, options: PresentOptions = {}): Record<string, unknown> {
  if (options.select) {
    const picked: Record<string, unknown> = {};
    for (const field of options.select) {
      if (field === 'links') picked.links = links(base, referral);
      else if (Object.hasOwn(referral, field)) setOwn(picked, field, referral[field]);
    }
    return picked;
  }
  const body: Record<string, unknown> = options.entity ? { '@odata.context': entityContextUrl(base) } : {};
  for (const [key, value] of Object.entries(referral)) {
    if (!key.startsWith('@odata.')) setOwn(body, key, value);
  }
  // Assigning keeps a stored `links` key in its original position; otherwise it goes last.
  body.links = links(base, referral);
  return body;
}

const serialized = new WeakMap<object, { base: string; json: string }>();

/**
 * The full representation as JSON text, cached per stored snapshot. The store replaces a referral
 * object on every write and never mutates one in place, so a snapshot's text never goes stale;
 * listing 100 referrals then costs string joins rather than 100 deep serializations.
 */
export function presentJson(referral: Readonly<Referral>, base: string): string {
  const hit = serialized.get(referral);
  if (hit !== undefined && hit.base === base) return hit.json;
  const json = JSON.stringify(present(referral, base));
  serialized.set(referral, { base, json });
  return json;
}
