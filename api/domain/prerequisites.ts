import { PrerequisitesMissingError, type RuleViolation } from './errors.js';
import type { CreateReferralRequest } from './referral.js';

export interface PrerequisiteChecks {
  isCountryCode(code: string): boolean;
  isCurrencyCode(code: string): boolean;
}

/** Help requested from Microsoft makes the deal a co-sell deal, which needs a customer contact. */
export function helpRequested(code: string | undefined): boolean {
  return code !== undefined && code !== 'Unknown';
}

/**
 * The checks the co-sell connectors document before a referral is shared with Microsoft, reported
 * all at once with the connectors' own wording so sellers recognise them.
 */
export function coSellPrerequisiteViolations(req: CreateReferralRequest, checks: PrerequisiteChecks): RuleViolation[] {
  const v: RuleViolation[] = [];
  const solutions = req.details.requirements?.solutions ?? [];
  if (!solutions.some((s) => s.id.trim().length > 0)) {
    v.push({ field: 'body/details/requirements/solutions', message: 'Solution ID is required: add at least one co-sell ready or Microsoft solution.' });
  }
  const country = req.customerProfile.address?.country;
  if (country === undefined || country.trim() === '') {
    v.push({ field: 'body/customerProfile/address/country', message: 'Customer account country code is missing: a two-letter ISO 3166 country code is required.' });
  } else if (!/^[A-Z]{2}$/.test(country) || !checks.isCountryCode(country)) {
    v.push({ field: 'body/customerProfile/address/country', message: `Two letter country code is required: "${country}" is not an ISO 3166 alpha-2 code.` });
  }
  if (!req.customerProfile.name || req.customerProfile.name.trim() === '') {
    v.push({ field: 'body/customerProfile/name', message: 'Customer name is required.' });
  }
  const currency = req.details.currency;
  if (currency !== undefined && !checks.isCurrencyCode(currency)) {
    v.push({ field: 'body/details/currency', message: `"${currency}" is not an ISO 4217 currency code.` });
  }
  if (req.details.dealValue !== undefined && req.details.dealValue > 0 && currency === undefined) {
    v.push({ field: 'body/details/currency', message: 'A currency is required with a deal value.' });
  }
  if (helpRequested(req.inviteContext?.assistanceRequestCode)) {
    const contacts = req.customerProfile.team ?? [];
    if (!contacts.some((c) => (c.email ?? '').trim() !== '' || (c.phoneNumber ?? '').trim() !== '')) {
      v.push({ field: 'body/customerProfile/team', message: 'When help from Microsoft is selected for the opportunity, customer contact information is required.' });
    }
  }
  return v;
}

export function assertCoSellPrerequisites(req: CreateReferralRequest, checks: PrerequisiteChecks): void {
  const v = coSellPrerequisiteViolations(req, checks);
  if (v.length > 0) throw new PrerequisitesMissingError(v);
}
