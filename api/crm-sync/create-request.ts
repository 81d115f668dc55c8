import type { CreateReferralRequest } from '../domain/referral.js';

type Draft = Record<string, unknown>;
const obj = (v: unknown): Draft => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Draft : {});
const defined = (o: Draft): Draft => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/**
 * The create request for an opportunity: the mapped draft cut to what Partner Center's create accepts,
 * with the record's id as externalReferenceId so the referral points back at it. Prerequisites are
 * checked by the domain's create, which names each missing one.
 */
export function createRequestFrom(draft: Draft, crmId: string): CreateReferralRequest {
  const details = obj(draft.details);
  const customer = obj(draft.customerProfile);
  const requirements = obj(details.requirements);
  const invite = obj(draft.inviteContext);
  const team = Array.isArray(draft.team) ? draft.team.map((m) => defined(obj(m))).filter((m) => Object.keys(m).length > 0) : undefined;
  const contacts = Array.isArray(customer.team) ? customer.team.map((m) => defined(obj(m))).filter((m) => Object.keys(m).length > 0) : undefined;
  const request = {
    name: typeof draft.name === 'string' && draft.name !== '' ? draft.name : `Opportunity ${crmId}`,
    externalReferenceId: crmId,
    customerProfile: defined({
      name: customer.name,
      address: Object.keys(defined(obj(customer.address))).length > 0 ? defined(obj(customer.address)) : undefined,
      team: contacts,
    }),
    details: defined({
      dealValue: details.dealValue,
      currency: details.currency,
      closingDateTime: details.closingDateTime,
      notes: details.notes,
      requirements: Array.isArray(requirements.solutions) ? { solutions: requirements.solutions } : undefined,
    }),
    ...(team !== undefined && team.length > 0 ? { team } : {}),
    ...(typeof invite.assistanceRequestCode === 'string' ? { inviteContext: { assistanceRequestCode: invite.assistanceRequestCode } } : {}),
  };
  return request as unknown as CreateReferralRequest;
}
