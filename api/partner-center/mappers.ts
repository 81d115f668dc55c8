import { categorize, isMicrosoftCoSell } from '../domain/referral-category.js';
import type { NewReferral, ReferralChange } from '../domain/ports.js';
import type { Member, Referral, SolutionTag } from '../domain/referral.js';
import type { components } from '../generated/contract.js';
import type { JsonPatchOperation, PcMember, PcReferral, PcTag } from './wire.js';

type Schemas = components['schemas'];

/**
 * The one place where Partner Center's wire format becomes the normalized referral and back.
 * Normalizing means: nulls dropped, deal values as numbers, enums checked, the `consentToToShare…`
 * typo fixed, and the documented category derived.
 */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function optionalOneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Copies the string/number/boolean fields that are set; nulls and other types are left out. */
function defined<T extends object>(obj: Record<string, unknown>, keys: readonly (keyof T & string)[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out as Partial<T>;
}

function nonEmpty<T extends object>(o: T): T | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function toMember(m: PcMember): Member {
  const member: Member = defined<Member>(m, ['firstName', 'lastName', 'email', 'phoneNumber', 'title']);
  if (m.contactPreference) put(member, 'contactPreference', nonEmpty(defined<Schemas['ContactPreference']>(m.contactPreference, ['locale', 'disableNotifications'])));
  return member;
}

function toTags(tags: PcTag[] | null | undefined): Schemas['Tag'][] | undefined {
  if (!Array.isArray(tags)) return undefined;
  return tags.filter((t) => typeof t.id === 'string').map((t) => ({ id: t.id! }));
}

function toSolutions(tags: PcTag[] | null | undefined): SolutionTag[] | undefined {
  if (!Array.isArray(tags)) return undefined;
  return tags.filter((t) => typeof t.id === 'string').map((t) => {
    const s: SolutionTag = { id: t.id! };
    if (typeof t.name === 'string') s.name = t.name;
    put(s, 'type', optionalOneOf(t.type, ['None', 'Category', 'Name'] as const));
    return s;
  });
}

function toCustomerProfile(c: NonNullable<PcReferral['customerProfile']>): Schemas['CustomerProfile'] {
  const profile: Schemas['CustomerProfile'] = defined<Schemas['CustomerProfile']>(c, ['name', 'size']);
  if (c.address) put(profile, 'address', defined<Schemas['Address']>(c.address, ['addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'country', 'region']));
  if (Array.isArray(c.team)) profile.team = c.team.map(toMember);
  if (Array.isArray(c.ids)) {
    profile.ids = c.ids.map((i) => {
      const id: Schemas['CustomerId'] = {};
      put(id, 'profileType', optionalOneOf(i.profileType, ['Duns', 'External'] as const));
      if (typeof i.id === 'string') id.id = i.id;
      return id;
    });
  }
  return profile;
}

function toDetails(d: NonNullable<PcReferral['details']>): Schemas['Details'] {
  const details: Schemas['Details'] = defined<Schemas['Details']>(d, ['notes', 'currency', 'closingDateTime', 'customerRequestedContact']);
  put(details, 'dealValue', toNumber(d.dealValue));
  if (d.requirements) {
    const r = d.requirements;
    const req: Schemas['Requirements'] = {};
    put(req, 'industries', toTags(r.industries));
    put(req, 'products', toTags(r.products));
    put(req, 'services', toTags(r.services));
    put(req, 'solutions', toSolutions(r.solutions));
    details.requirements = req;
  }
  return details;
}

const TYPES = ['Shared', 'Independent'] as const;
const QUALIFICATIONS = ['None', 'Direct', 'MarketingQualified', 'SalesQualified'] as const;
const STATUSES = ['None', 'New', 'Active', 'Closed'] as const;
const SUBSTATUSES = ['None', 'Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'] as const;
const DIRECTIONS = ['Incoming', 'Outgoing'] as const;
const OPTIONAL_STRINGS = ['engagementId', 'name', 'externalReferenceId', 'organizationId', 'organizationName', 'statusReason',
  'createdDateTime', 'updatedDateTime', 'expirationDateTime', 'acceptedDateTime', 'closedDateTime', 'salesStage'] as const;

export function toReferral(pc: PcReferral): Referral {
  const type = oneOf(pc.type, TYPES, 'Independent');
  const qualification = oneOf(pc.qualification, QUALIFICATIONS, 'None');
  const targets = Array.isArray(pc.target) ? pc.target : [];
  const invitedBy = pc.inviteContext?.invitedBy?.organizationId ?? undefined;
  // Built with a fixed set of keys first and optional ones assigned after: spreading a dynamic object
  // into a literal was the most expensive step of listing a page.
  const referral: Referral = {
    id: pc.id ?? '',
    status: oneOf(pc.status, STATUSES, 'None'),
    substatus: oneOf(pc.substatus, SUBSTATUSES, 'None'),
    type,
    qualification,
    // The documented create response has no direction; what the partner addressed to someone is outgoing.
    direction: oneOf(pc.direction, DIRECTIONS, targets.length > 0 ? 'Outgoing' : 'Incoming'),
    category: categorize({ type, qualification, invitedByOrganizationId: invitedBy ?? undefined }),
    microsoftCoSell: isMicrosoftCoSell({ type, invitedByOrganizationId: invitedBy ?? undefined, targetIds: targets.map((t) => t.id ?? '') }),
    eTag: pc.eTag ?? '',
  };
  for (const key of OPTIONAL_STRINGS) {
    const v = pc[key];
    if (typeof v === 'string') referral[key] = v;
  }
  if (pc.customerProfile) referral.customerProfile = toCustomerProfile(pc.customerProfile);
  if (pc.consent) {
    const consent: Schemas['Consent'] = {};
    put(consent, 'consentToShareInfoWithOthers', pc.consent.consentToToShareInfoWithOthers ?? undefined);
    put(consent, 'consentToContact', pc.consent.consentToContact ?? undefined);
    put(consent, 'consentToShareReferralWithMicrosoftSellers', pc.consent.consentToShareReferralWithMicrosoftSellers ?? undefined);
    referral.consent = consent;
  }
  if (pc.details) referral.details = toDetails(pc.details);
  if (Array.isArray(pc.team)) referral.team = pc.team.map(toMember);
  if (pc.inviteContext) {
    const ic: Schemas['InviteContext'] = defined<Schemas['InviteContext']>(pc.inviteContext, ['notes']);
    if (pc.inviteContext.invitedBy) put(ic, 'invitedBy', defined<Schemas['Organization']>(pc.inviteContext.invitedBy, ['organizationId', 'organizationName']));
    put(ic, 'assistanceRequestCode', optionalOneOf(pc.inviteContext.assistanceRequestCode, ['Unknown', 'GeneralOrOther', 'CustomerTechnicalArchitecture', 'ProofOfConceptOrDemo', 'QuotesOrLicensing', 'PostSalesCustomerSuccess', 'WorkloadSpecificValueProposition'] as const));
    referral.inviteContext = ic;
  }
  if (targets.length > 0) {
    referral.target = targets.map((t) => {
      const target: Schemas['Target'] = {};
      put(target, 'type', optionalOneOf(t.type, ['None', 'BusinessProfileLocation', 'SolutionProfile'] as const));
      if (typeof t.id === 'string') target.id = t.id;
      return target;
    });
  }
  if (pc.trackingInfo && typeof pc.trackingInfo.microsoftMsxId === 'string') referral.trackingInfo = { microsoftMsxId: pc.trackingInfo.microsoftMsxId };
  return referral;
}

/** A referral the partner creates, in the documented create shape (status New/Pending, type Shared). */
export function toCreateBody(draft: NewReferral): PcReferral {
  const r = draft.request;
  const body: PcReferral = {
    name: r.name,
    status: 'New',
    substatus: 'Pending',
    qualification: 'SalesQualified',
    type: 'Shared',
    target: [{ type: draft.target.type, id: draft.target.id }],
    customerProfile: { ...r.customerProfile, team: r.customerProfile.team ?? [], ids: r.customerProfile.ids ?? [] },
    consent: {
      consentToToShareInfoWithOthers: r.consent?.consentToShareInfoWithOthers ?? false,
      consentToContact: r.consent?.consentToContact ?? false,
      consentToShareReferralWithMicrosoftSellers: r.consent?.consentToShareReferralWithMicrosoftSellers ?? false,
    },
    details: { ...r.details },
    team: r.team ?? [],
  };
  if (r.externalReferenceId !== undefined) body.externalReferenceId = r.externalReferenceId;
  if (draft.engagementId !== undefined) body.engagementId = draft.engagementId;
  if (r.inviteContext !== undefined) body.inviteContext = { ...r.inviteContext };
  return body;
}

/** JSON Pointer segments of each changeable field; the normalized referral uses the same nesting. */
const FIELD_PATHS: Readonly<Record<Exclude<ReferralChange['field'], 'state'>, readonly string[]>> = {
  dealValue: ['details', 'dealValue'],
  currency: ['details', 'currency'],
  closingDateTime: ['details', 'closingDateTime'],
  notes: ['details', 'notes'],
  customerContacts: ['customerProfile', 'team'],
  team: ['team'],
  solutions: ['details', 'requirements', 'solutions'],
  assistanceRequestCode: ['inviteContext', 'assistanceRequestCode'],
};

/**
 * JSON Patch for the changes. `replace` needs the member to exist, so a member that is missing is
 * added, with its missing parents built around the value.
 */
export function toPatchOperations(current: Referral, changes: ReferralChange[]): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  const set = (segments: readonly string[], value: unknown) => {
    let node: unknown = current;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i]!;
      const next = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
      if (next === undefined) {
        const nested = segments.slice(i + 1).reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
        ops.push({ op: 'add', path: '/' + segments.slice(0, i + 1).join('/'), value: nested });
        return;
      }
      node = next;
    }
    ops.push({ op: 'replace', path: '/' + segments.join('/'), value });
  };
  for (const change of changes) {
    if (change.field === 'state') {
      set(['status'], change.value.status);
      set(['substatus'], change.value.substatus);
      if (change.value.statusReason !== undefined) set(['statusReason'], change.value.statusReason);
    } else {
      set(FIELD_PATHS[change.field], change.value);
    }
  }
  return ops;
}
