/**
 * The co-sell package's custom fields and object, as Metadata API components. API names follow the
 * documented labels with the standard `__c` suffix (the 2020 field table's `_c` spellings are taken
 * as typos; partner-center-api.md §7.3). Marketplace and marketing-qualified leads sync to Leads, so
 * Lead carries the three fields the sync writes there (the product's package adds them too).
 * `withCustomSchema: true` deploys exactly these at start.
 */
import type { MetadataComponent } from './metadata-types.js';

export const HOW_CAN_MICROSOFT_HELP_VALUES = [
  'Workload specific value proposition', 'Customer technical architecture', 'Proof of concept or demo',
  'Quotes or licensing', 'Post sales customer success', 'General or other',
] as const;

export const COSELL_OPPORTUNITY_FIELDS = [
  'Sync_with_Partner_Center__c', 'Referral_Identifier__c', 'Referral_Link__c', 'How_can_Microsoft_help__c',
  'Audit__c', 'Microsoft_Referral_Visibility__c', 'Microsoft_CRM_Identifier__c',
] as const;

/** The Lead fields: the sync upserts leads by `Referral_Identifier__c`, as it does opportunities. */
export const COSELL_LEAD_FIELDS = ['Referral_Identifier__c', 'Referral_Link__c', 'Audit__c'] as const;

export const MICROSOFT_SOLUTIONS_OBJECT = 'Microsoft_Solutions__c';

export function cosellSchemaComponents(): MetadataComponent[] {
  const field = (metadata: MetadataComponent['metadata']): MetadataComponent => ({ type: 'CustomField', metadata });
  const referralIdentifier = (object: string): MetadataComponent =>
    field({ fullName: `${object}.Referral_Identifier__c`, label: 'Referral Identifier', type: 'Text', length: 100, externalId: true, unique: true, caseSensitive: false });
  const referralLink = (object: string): MetadataComponent => field({ fullName: `${object}.Referral_Link__c`, label: 'Referral Link', type: 'Url' });
  const audit = (object: string): MetadataComponent =>
    field({ fullName: `${object}.Audit__c`, label: 'Audit', type: 'LongTextArea', length: 100000, visibleLines: 4 });
  return [
    field({ fullName: 'Opportunity.Sync_with_Partner_Center__c', label: 'Sync with Partner Center', type: 'Checkbox', defaultValue: 'false' }),
    referralIdentifier('Opportunity'),
    referralLink('Opportunity'),
    field({
      fullName: 'Opportunity.How_can_Microsoft_help__c', label: 'How can Microsoft help?', type: 'Picklist',
      valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: HOW_CAN_MICROSOFT_HELP_VALUES.map((v) => ({ fullName: v, default: false, label: v })) } },
    }),
    audit('Opportunity'),
    field({ fullName: 'Opportunity.Microsoft_Referral_Visibility__c', label: 'Microsoft Referral Visibility', type: 'Checkbox', defaultValue: 'false' }),
    field({ fullName: 'Opportunity.Microsoft_CRM_Identifier__c', label: 'Microsoft CRM Identifier', type: 'Text', length: 100 }),
    referralIdentifier('Lead'),
    referralLink('Lead'),
    audit('Lead'),
    {
      type: 'CustomObject',
      metadata: {
        fullName: MICROSOFT_SOLUTIONS_OBJECT, label: 'Microsoft Solution', pluralLabel: 'Microsoft Solutions',
        nameField: { type: 'Text', label: 'Solution Name' }, deploymentStatus: 'Deployed', sharingModel: 'ReadWrite',
      },
    },
    field({
      fullName: `${MICROSOFT_SOLUTIONS_OBJECT}.Opportunity__c`, label: 'Opportunity', type: 'Lookup', referenceTo: 'Opportunity',
      relationshipName: 'Microsoft_Solutions', relationshipLabel: 'Microsoft Solutions', deleteConstraint: 'SetNull',
    }),
    field({ fullName: `${MICROSOFT_SOLUTIONS_OBJECT}.Solution_Id__c`, label: 'Solution Id', type: 'Text', length: 100 }),
  ];
}
