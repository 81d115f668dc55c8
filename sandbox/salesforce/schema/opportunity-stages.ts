/** A new org's default opportunity stages (names from crm-apis.md §3.6; probabilities as Salesforce ships them, unconfirmed). */
export interface OpportunityStage { name: string; probability: number; isClosed: boolean; isWon: boolean; forecastCategory: string }

export const OPPORTUNITY_STAGES: readonly OpportunityStage[] = [
  { name: 'Prospecting', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Qualification', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Needs Analysis', probability: 20, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Value Proposition', probability: 50, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Id. Decision Makers', probability: 60, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Perception Analysis', probability: 70, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Proposal/Price Quote', probability: 75, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Negotiation/Review', probability: 90, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Closed Won', probability: 100, isClosed: true, isWon: true, forecastCategory: 'Closed' },
  { name: 'Closed Lost', probability: 0, isClosed: true, isWon: false, forecastCategory: 'Omitted' },
];

export function stageNamed(name: unknown): OpportunityStage | undefined {
  return typeof name === 'string' ? OPPORTUNITY_STAGES.find((s) => s.name === name) : undefined;
}

export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;
