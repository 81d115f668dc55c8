// The flows each solution must contain, in the turn-on order Microsoft documents for its co-sell
// solutions (shared/reference/partner-center-api.md §7.2, seeds/salesforce-connector.md). Names
// drop "(Insider Preview)". Dynamics 365 follows the seven-flow list of the 2020-11 doc: the 2021
// list's "[Customize] Create or Get Details" and "- Helper" flows are customization and child-flow
// plumbing of Microsoft's solution, which our backend replaces (mapping files, its own sync).

export type Crm = 'salesforce' | 'dynamics365';

export const CRMS: readonly Crm[] = ['salesforce', 'dynamics365'];

export const DOCUMENTED_FLOW_ORDER: Readonly<Record<Crm, readonly string[]>> = {
  salesforce: [
    'Partner Center Webhook Registration',
    'Create Co-sell Referral - Salesforce to Partner Center',
    'Partner Center Microsoft Co-sell Referral Updates to Salesforce',
    'Partner Center to Salesforce',
    'Salesforce to Partner Center',
    'Salesforce Opportunity to Partner Center',
    'Salesforce Microsoft Solutions to Partner Center',
  ],
  dynamics365: [
    'Partner Center Webhook Registration',
    'Create Co-sell Referral - Dynamics 365 to Partner Center',
    'Partner Center Microsoft Co-sell Referral Updates to Dynamics 365',
    'Partner Center to Dynamics 365',
    'Dynamics 365 to Partner Center',
    'Dynamics 365 Opportunity to Partner Center',
    'Dynamics 365 Microsoft Solutions to Partner Center',
  ],
};
