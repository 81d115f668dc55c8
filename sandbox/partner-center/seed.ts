/**
 * Deterministic, realistic demo referrals (seeded PRNG; dates relative to the clock). The mix
 * follows the categories of the referrals API introduction (§2.6): incoming Microsoft co-sell
 * opportunities, marketplace leads, qualified leads, the partner's own outgoing shared referrals
 * (with the Microsoft-targeted companion of the documented two-step), and closed history.
 * Referrals still awaiting an answer are younger than 14 days, so they do not expire on first read.
 */
import { systemClock, type Clock } from '../../api/domain/clock.js';
import { formatETag } from './etag.js';
import { Prng } from './prng.js';
import {
  CATEGORY_SOLUTIONS, COMPANY_NAMES, CURRENCY_FACTOR, CUSTOMER_SIZES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, LOCALITIES,
  MICROSOFT_SELLERS, PARTNER_SOLUTION_NAMES, PRODUCTS, SERVICES,
} from './seed-data.js';
import { addDays, formatInstant } from './timestamps.js';
import type { Member, Referral } from './types.js';

export const DEFAULT_ORGANIZATION_ID = '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d';
export const DEFAULT_ORGANIZATION_NAME = 'Contoso Company';

export interface DemoReferralOptions { count: number; clock?: Clock; organizationId?: string; seed?: number }

type Kind = 'cosell-incoming' | 'marketplace-lead' | 'qualified-lead' | 'outgoing-shared' | 'closed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function demoReferrals(options: DemoReferralOptions): Referral[] {
  const { count, clock = systemClock, organizationId = DEFAULT_ORGANIZATION_ID, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer.');
  const prng = new Prng(seed);
  const now = clock().getTime();
  const solutions = PARTNER_SOLUTION_NAMES.map((name) => ({ id: `SOL-${prng.int(10000, 99999)}-${letters(prng, 3)}`, name }));
  const g = new Generator(prng, now, organizationId, solutions);
  const out: Referral[] = [];
  while (out.length < count) {
    const roll = prng.next();
    const kind: Kind = roll < 0.3 ? 'cosell-incoming' : roll < 0.42 ? 'marketplace-lead' : roll < 0.52 ? 'qualified-lead' : roll < 0.8 ? 'outgoing-shared' : 'closed';
    const referral = g.referral(kind);
    out.push(referral);
    if (kind === 'outgoing-shared' && out.length < count && prng.chance(0.5)) out.push(g.microsoftCompanion(referral));
  }
  return out;
}

function letters(prng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 1) s += String.fromCharCode(65 + prng.int(0, 25));
  return s;
}

class Generator {
  constructor(
    private readonly prng: Prng,
    private readonly now: number,
    private readonly organizationId: string,
    private readonly solutions: ReadonlyArray<{ id: string; name: string }>,
  ) {}

  /** A timestamp in the service's format; past events are capped at now, deadlines are not. */
  private at(ms: number, cap = true): string {
    return formatInstant(cap ? Math.min(ms, this.now) : ms, this.prng.int(0, 9999));
  }

  /** A time between `fromMs` and `toMs`, never after now. */
  private between(fromMs: number, toMs: number): number {
    const hi = Math.min(toMs, this.now);
    return hi <= fromMs ? fromMs : fromMs + Math.floor(this.prng.next() * (hi - fromMs));
  }

  private person(domain: string, locale: string | null, phonePrefix: string): Member {
    const firstName = this.prng.pick(FIRST_NAMES);
    const lastName = this.prng.pick(LAST_NAMES);
    const member: Member = {
      firstName, lastName,
      phoneNumber: `${phonePrefix}${this.prng.int(200, 989)} ${this.prng.int(100, 999)} ${this.prng.int(1000, 9999)}`,
      email: `${ascii(firstName)}.${ascii(lastName)}@${domain}`,
    };
    if (locale !== null) member.contactPreference = { locale, disableNotifications: false };
    return member;
  }

  referral(kind: Kind): Referral {
    const p = this.prng;
    const locality = p.pick(LOCALITIES);
    const place = p.pick(locality.places);
    const company = p.pick(COMPANY_NAMES);
    const customerName = `${company} ${locality.legalSuffix}`;
    const customerDomain = `${ascii(company).replace(/[^a-z]/g, '')}.${locality.domain}`;
    const product = p.pick(PRODUCTS);
    const partnerSolution = p.pick(this.solutions);
    const category = p.pick(CATEGORY_SOLUTIONS);
    const incoming = kind !== 'outgoing-shared' && !(kind === 'closed' && p.chance(0.35));

    // Timeline: pending referrals are younger than the 14-day window; history is older.
    let status = 'New', substatus = p.chance(0.8) ? 'Pending' : 'Received';
    let created: number, updated: number, accepted: number | null = null, closed: number | null = null;
    if (kind === 'closed') {
      created = this.now - p.int(20, 200) * DAY - p.int(0, 23) * HOUR;
      substatus = incoming ? p.pick(['Won', 'Lost', 'Declined', 'Expired']) : p.pick(['Won', 'Lost']);
      status = 'Closed';
      closed = substatus === 'Expired' ? addDays(created, 14) : substatus === 'Declined' ? this.between(created + HOUR, created + 13 * DAY) : this.between(created + 10 * DAY, this.now);
      if (substatus === 'Won' || substatus === 'Lost') accepted = incoming ? this.between(created, created + 5 * DAY) : created;
      updated = closed;
    } else if (kind === 'outgoing-shared' || p.chance(0.25)) {
      created = this.now - p.int(1, 120) * DAY - p.int(0, 23) * HOUR;
      status = 'Active';
      substatus = 'Accepted';
      accepted = incoming ? this.between(created, created + 5 * DAY) : created;
      updated = this.between(accepted, this.now);
    } else {
      created = this.now - p.int(1, 13 * 24 - 1) * HOUR;
      updated = substatus === 'Received' ? this.between(created, this.now) : created;
    }

    const qualification = kind === 'marketplace-lead' ? 'Direct'
      : kind === 'qualified-lead' ? p.pick(['SalesQualified', 'MarketingQualified'])
        : kind === 'outgoing-shared' ? p.pick(['SalesQualified', 'None']) : 'SalesQualified';
    const type = kind === 'marketplace-lead' || kind === 'qualified-lead' ? 'Independent' : 'Shared';
    const fromMicrosoft = incoming && !(kind === 'marketplace-lead' && p.chance(0.4));
    const seller = p.pick(MICROSOFT_SELLERS);
    const dealUsd = p.pick([5, 10, 15, 25, 40, 50, 75, 100, 150, 250, 500, 750]) * 1000;
    const factor = CURRENCY_FACTOR[locality.currency] ?? 1;
    const round = locality.currency === 'JPY' ? 10_000 : 100;
    const createdAt = this.at(created);
    const updatedAt = created === updated ? createdAt : this.at(updated);

    return {
      id: p.uuid(),
      engagementId: p.uuid(),
      organizationId: this.organizationId,
      organizationName: DEFAULT_ORGANIZATION_NAME,
      name: `${customerName} - ${kind === 'marketplace-lead' ? partnerSolution.name : `${product} ${category[1]}`}`,
      externalReferenceId: null,
      createdDateTime: createdAt,
      updatedDateTime: updatedAt,
      expirationDateTime: incoming && status === 'New' ? this.at(addDays(created, 14), false) : null,
      status,
      substatus,
      statusReason: substatus === 'Lost' ? 'Customer chose a competing offer.' : substatus === 'Declined' ? 'Outside our service area.' : null,
      qualification,
      type,
      direction: incoming ? 'Incoming' : 'Outgoing',
      eTag: formatETag(p.int(0, 0x7fffffff), updated),
      acceptedDateTime: accepted === null ? null : this.at(accepted),
      closedDateTime: closed === null ? null : this.at(closed),
      target: [{ type: 'SolutionProfile', id: partnerSolution.id }],
      customerProfile: {
        name: customerName,
        address: { addressLine1: place.street, addressLine2: '', city: place.city, state: place.state, postalCode: place.postalCode, country: locality.country },
        size: p.pick(CUSTOMER_SIZES),
        team: Array.from({ length: p.int(1, 2) }, () => this.person(customerDomain, locality.locale, locality.phonePrefix)),
        ids: p.chance(0.3) ? [{ profileType: 'Duns', id: String(p.int(100_000_000, 999_999_999)) }] : [],
      },
      consent: { consentToToShareInfoWithOthers: type === 'Shared', consentToContact: true },
      details: {
        notes: kind === 'marketplace-lead'
          ? `Customer requested contact about ${partnerSolution.name} from the commercial marketplace.`
          : `${customerName} is evaluating ${product} for ${category[1].toLowerCase()}.`,
        dealValue: Math.round((dealUsd * factor) / round) * round,
        currency: locality.currency,
        closingDateTime: `${new Date(addDays(created, p.int(30, 180))).toISOString().slice(0, 10)}T00:00:00Z`,
        requirements: {
          industries: [{ id: p.pick(INDUSTRIES) }],
          products: [{ id: product }],
          services: [{ id: p.pick(SERVICES) }],
          solutions: [
            { id: partnerSolution.id, name: partnerSolution.name, type: 'Name' },
            ...(p.chance(0.5) ? [{ id: category[0], name: category[1], type: 'Category' }] : []),
          ],
        },
      },
      team: fromMicrosoft
        ? [{ firstName: seller[0], lastName: seller[1], phoneNumber: `+1 425 ${p.int(100, 999)} ${p.int(1000, 9999)}`, email: `${ascii(seller[0])}.${ascii(seller[1])}@microsoft.com` }]
        : [this.person('contoso.com', 'en-us', '+1 ')],
      inviteContext: fromMicrosoft
        ? { notes: `Hi partner, ${customerName} needs help with ${category[1]}. Thanks, ${seller[0]} @ Microsoft`, invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' } }
        : incoming ? { notes: null, invitedBy: null } : { notes: null, invitedBy: { organizationId: this.organizationId, organizationName: DEFAULT_ORGANIZATION_NAME } },
    };
  }

  /** Step 2 of the documented shared co-sell: the Microsoft-targeted referral under the same engagement. */
  microsoftCompanion(partnerReferral: Referral): Referral {
    return {
      ...structuredClone(partnerReferral),
      id: this.prng.uuid(),
      eTag: formatETag(this.prng.int(0, 0x7fffffff), Date.parse(String(partnerReferral.updatedDateTime))),
      target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
    };
  }
}

function ascii(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[^A-Za-z0-9]+/g, '').toLowerCase();
}
