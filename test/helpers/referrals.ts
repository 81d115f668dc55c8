import { randomUUID } from 'node:crypto';

/** Partner Center wire-format referrals for tests, shaped like the documented samples. */
export function incomingCoSell(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Fresh, so the emulator's 14-day expiry of unanswered referrals does not apply.
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '.0000000Z');
  return {
    id: randomUUID(),
    engagementId: randomUUID(),
    organizationId: '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d',
    organizationName: 'Contoso Company',
    name: 'Fabrikam supply chain modernisation',
    createdDateTime: now,
    updatedDateTime: now,
    status: 'New',
    substatus: 'Pending',
    qualification: 'SalesQualified',
    type: 'Shared',
    direction: 'Incoming',
    eTag: `"${randomUUID().slice(0, 8)}-0000-0000-0000-5c70aa630000"`,
    customerProfile: {
      name: 'Fabrikam Inc',
      address: { addressLine1: '1 Main St', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' },
      team: [{ firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@fabrikam.example', phoneNumber: '1234567890' }],
    },
    consent: { consentToToShareInfoWithOthers: true, consentToContact: true },
    details: { notes: 'Customer wants a pilot.', dealValue: 50000, currency: 'USD', closingDateTime: '2026-06-30T00:00:00Z', requirements: { solutions: [{ id: 'SOL-34104-EBB', name: 'Field Service Accelerator', type: 'Name' }] } },
    team: [{ firstName: 'John', lastName: 'Doe', email: 'john.doe@microsoft.example' }],
    inviteContext: { notes: 'Hi partner', invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' }, assistanceRequestCode: 'ProofOfConceptOrDemo' },
    ...overrides,
  };
}

export function validCreateRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Contoso Dynamics rollout',
    externalReferenceId: '006000000000001AAA',
    customerProfile: {
      name: 'Contoso Customer Inc',
      address: { addressLine1: 'One Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' },
      size: '10to50employees',
      team: [{ firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@contoso.example', phoneNumber: '1234567890' }],
    },
    consent: { consentToShareInfoWithOthers: true, consentToContact: true },
    details: {
      notes: 'Supply chain on Dynamics 365.',
      dealValue: 50000,
      currency: 'USD',
      closingDateTime: '2026-11-14T00:00:00Z',
      requirements: { solutions: [{ id: 'SOL-34104-EBB', name: 'Field Service Accelerator' }] },
    },
    team: [{ firstName: 'John', lastName: 'Doe', email: 'john.doe@partner.example' }],
    inviteContext: { notes: 'Please help with a proof of concept.', assistanceRequestCode: 'ProofOfConceptOrDemo' },
    ...overrides,
  };
}
