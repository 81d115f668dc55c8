/** Fields Salesforce computes on save: compound names and the Opportunity's stage-driven fields. */
import { stageNamed } from '../schema/opportunity-stages.js';
import type { SObjectRecord } from '../schema/types.js';

export type ParentLookup = (id: string) => SObjectRecord | undefined;

/** `changed`: the field names the write set explicitly (a stage change resets Probability unless it was set too). */
export function applyDerivedFields(type: string, record: SObjectRecord, changed: ReadonlySet<string>, lookup: ParentLookup): void {
  switch (type) {
    case 'Contact': case 'Lead': case 'User':
      record.Name = fullName(record);
      return;
    case 'Opportunity':
      deriveOpportunity(record, changed);
      return;
    case 'OpportunityTeamMember': {
      const user = typeof record.UserId === 'string' ? lookup(record.UserId) : undefined;
      record.Name = user?.Name ?? null;
      record.Email = user?.Email ?? null;
      return;
    }
    default:
  }
}

function fullName(record: SObjectRecord): string {
  return [record.FirstName, record.LastName].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}

function deriveOpportunity(record: SObjectRecord, changed: ReadonlySet<string>): void {
  const stage = stageNamed(record.StageName);
  if (!stage) return;
  record.IsClosed = stage.isClosed;
  record.IsWon = stage.isWon;
  record.ForecastCategoryName = stage.forecastCategory;
  if (changed.has('StageName') && !changed.has('Probability')) record.Probability = stage.probability;
  if (record.Probability === null || record.Probability === undefined) record.Probability = stage.probability;
  const amount = record.Amount;
  record.ExpectedRevenue = typeof amount === 'number' && typeof record.Probability === 'number'
    ? Math.round(amount * record.Probability) / 100
    : null;
}
