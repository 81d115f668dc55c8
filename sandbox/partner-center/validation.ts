/**
 * Field checks for writes. Creates check every field; updates check only what the write changed,
 * so odd values already in stored (seeded or sampled) data never block an unrelated update.
 * Each failure is a 400 `invalidRequest` whose `target` names the field (dotted path).
 */
import { isDeepStrictEqual } from 'node:util';
import { invalidRequest, type PartnerCenterError } from './errors.js';
import { parseInstant } from './timestamps.js';
import { isPlainObject } from './json-values.js';
import {
  REFERRAL_QUALIFICATIONS, REFERRAL_STATUSES, REFERRAL_SUBSTATUSES, REFERRAL_TYPES, TARGET_TYPES,
} from './types.js';

/** Fields the service owns; a client write naming them is refused (PATCH) or ignored (POST/PUT bodies). */
export const SERVER_MANAGED_FIELDS = [
  'id', 'organizationId', 'organizationName', 'createdDateTime', 'updatedDateTime', 'eTag', 'direction',
  'acceptedDateTime', 'closedDateTime', 'links',
] as const;

export const CREATE_REQUIRED_FIELDS = ['type', 'customerProfile', 'consent', 'details'] as const;

type Doc = Record<string, unknown>;

function at(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const key of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function oneOf(value: unknown, allowed: readonly string[], target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return invalidRequest(`${JSON.stringify(value)} is not a valid value for ${target}; expected one of ${allowed.join(', ')}.`, target);
}

function objectOrNull(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || isPlainObject(value)) return undefined;
  return invalidRequest(`${target} must be an object.`, target);
}

function arrayOfObjects(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every(isPlainObject)) return undefined;
  return invalidRequest(`${target} must be an array of objects.`, target);
}

function stringOrNull(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return invalidRequest(`${target} must be a string.`, target);
}

function booleanOrNull(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  return invalidRequest(`${target} must be a boolean.`, target);
}

interface FieldRule { path: readonly string[]; check: (value: unknown, target: string) => PartnerCenterError | undefined }

const RULES: readonly FieldRule[] = [
  { path: ['type'], check: (v, t) => oneOf(v, REFERRAL_TYPES, t) },
  { path: ['status'], check: (v, t) => oneOf(v, REFERRAL_STATUSES, t) },
  { path: ['substatus'], check: (v, t) => oneOf(v, REFERRAL_SUBSTATUSES, t) },
  { path: ['qualification'], check: (v, t) => oneOf(v, REFERRAL_QUALIFICATIONS, t) },
  { path: ['engagementId'], check: stringOrNull },
  { path: ['name'], check: stringOrNull },
  { path: ['externalReferenceId'], check: stringOrNull },
  { path: ['statusReason'], check: stringOrNull },
  { path: ['target'], check: checkTargets },
  { path: ['team'], check: arrayOfObjects },
  { path: ['customerProfile'], check: objectOrNull },
  { path: ['customerProfile', 'address'], check: objectOrNull },
  { path: ['customerProfile', 'address', 'country'], check: checkCountry },
  { path: ['customerProfile', 'team'], check: arrayOfObjects },
  { path: ['consent'], check: objectOrNull },
  { path: ['consent', 'consentToToShareInfoWithOthers'], check: booleanOrNull },
  { path: ['consent', 'consentToContact'], check: booleanOrNull },
  { path: ['details'], check: objectOrNull },
  { path: ['details', 'currency'], check: checkCurrency },
  { path: ['details', 'closingDateTime'], check: checkDateTime },
  { path: ['details', 'requirements'], check: objectOrNull },
  { path: ['inviteContext'], check: objectOrNull },
];

function checkTargets(value: unknown, target: string): PartnerCenterError | undefined {
  const shape = arrayOfObjects(value, target);
  if (shape || !Array.isArray(value)) return shape;
  for (const [i, item] of (value as Doc[]).entries()) {
    const error = oneOf(item.type, TARGET_TYPES, `${target}[${i}].type`) ?? stringOrNull(item.id, `${target}[${i}].id`);
    if (error) return error;
  }
  return undefined;
}

/** ISO 3166 alpha-2, as the docs and the co-sell connectors require ("Two letter country code is required"). */
function checkCountry(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && /^[A-Za-z]{2}$/.test(value)) return undefined;
  return invalidRequest(`${target} must be a two-letter ISO 3166 country code.`, target);
}

function checkCurrency(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value)) return undefined;
  return invalidRequest(`${target} must be a three-letter ISO 4217 currency code.`, target);
}

function checkDateTime(value: unknown, target: string): PartnerCenterError | undefined {
  if (value === undefined || value === null || parseInstant(value)) return undefined;
  return invalidRequest(`${target} must be an ISO 8601 UTC date-time.`, target);
}

/** Checks every rule whose field differs from `previous` (all of them when `previous` is undefined). */
export function validateFields(next: Doc, previous?: Doc): PartnerCenterError | undefined {
  for (const rule of RULES) {
    const value = at(next, rule.path);
    if (previous && isDeepStrictEqual(value, at(previous, rule.path))) continue;
    const error = rule.check(value, rule.path.join('.'));
    if (error) return error;
  }
  return undefined;
}

export function checkRequiredForCreate(body: Doc): PartnerCenterError | undefined {
  for (const field of CREATE_REQUIRED_FIELDS) {
    if (body[field] === undefined || body[field] === null) {
      return invalidRequest(`The '${field}' property is required.`, field);
    }
  }
  return undefined;
}

/**
 * `details.dealValue` is a decimal, but the documented PATCH samples send it as a string ("10000").
 * Both are accepted and stored as a number. Mutates `doc`.
 */
export function normalizeDealValue(doc: Doc, previous?: Doc): PartnerCenterError | undefined {
  const details = doc.details;
  if (!isPlainObject(details)) return undefined;
  const value = details.dealValue;
  if (previous && isDeepStrictEqual(value, at(previous, ['details', 'dealValue']))) return undefined;
  if (value === undefined || value === null) return undefined;
  let amount: number | undefined;
  if (typeof value === 'number') amount = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) amount = Number(value);
  if (amount === undefined || !Number.isFinite(amount) || amount < 0) {
    return invalidRequest('details.dealValue must be a non-negative number or numeric string.', 'details.dealValue');
  }
  details.dealValue = amount;
  return undefined;
}
