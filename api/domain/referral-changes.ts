import type { ReferralChange } from './ports.js';
import type { UpdateReferralRequest } from './referral.js';

/** The update request as a list of domain changes, in a stable order. */
export function changesFromUpdate(req: UpdateReferralRequest): ReferralChange[] {
  const c: ReferralChange[] = [];
  if (req.dealValue !== undefined) c.push({ field: 'dealValue', value: req.dealValue });
  if (req.currency !== undefined) c.push({ field: 'currency', value: req.currency });
  if (req.closingDateTime !== undefined) c.push({ field: 'closingDateTime', value: req.closingDateTime });
  if (req.notes !== undefined) c.push({ field: 'notes', value: req.notes });
  if (req.customerContacts !== undefined) c.push({ field: 'customerContacts', value: req.customerContacts });
  if (req.team !== undefined) c.push({ field: 'team', value: req.team });
  if (req.solutions !== undefined) c.push({ field: 'solutions', value: req.solutions });
  if (req.assistanceRequestCode !== undefined) c.push({ field: 'assistanceRequestCode', value: req.assistanceRequestCode });
  return c;
}
