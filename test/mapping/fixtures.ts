import salesforceDefaults from '../../mappings/salesforce.default.json' with { type: 'json' };
import type { Referral } from '../../api/domain/referral.js';

/** The shipped file as a user would copy it: a fresh object each time, so a test can break it. */
export const salesforceFile = (): Record<string, unknown> => structuredClone(salesforceDefaults);

/** A normalized incoming co-sell referral, as the contract shapes it. */
export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: '7f3a1c52-0c1e-4f0b-9d53-6a1f2b1d9e01',
    engagementId: 'b1a3e0c4-5d2e-4d6e-9a7c-2f0d1e3c4b5a',
    name: 'Fabrikam supply chain modernisation',
    organizationId: '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d',
    organizationName: 'Contoso Company',
    status: 'New',
    substatus: 'Pending',
    type: 'Shared',
    qualification: 'SalesQualified',
    direction: 'Incoming',
    category: 'CoSellOpportunity',
    createdDateTime: '2026-05-01T10:00:00Z',
    updatedDateTime: '2026-05-01T10:00:00Z',
    eTag: '"e1"',
    customerProfile: {
      name: 'Fabrikam Inc',
      address: { addressLine1: '1 Main St', city: 'Redmond', postalCode: '98052', country: 'US' },
      team: [{ firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@fabrikam.example' }],
    },
    details: { notes: 'Customer wants a pilot.', dealValue: 50000, currency: 'USD', closingDateTime: '2026-06-30T00:00:00Z' },
    inviteContext: { assistanceRequestCode: 'ProofOfConceptOrDemo' },
    ...overrides,
  } as Referral;
}
