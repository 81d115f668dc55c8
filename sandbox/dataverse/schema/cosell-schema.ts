/**
 * The Dynamics 365 co-sell solution's custom schema (partner-center-api.md §7.4): the Opportunity and
 * Lead columns and the Microsoft Partner Center Solutions table. Logical names follow
 * mappings/dynamics365.default.json; Microsoft's real names are unconfirmed. The package in
 * crm-packages/dynamics365/ declares the same components; a test compares the two.
 */
import { choice, lookup, memo, options, stateAndStatus, systemColumns, text, yesNo } from './attribute-builders.js';
import type { AttributeDefinition, EntityDefinition } from './types.js';

export const PUBLISHER_PREFIX = 'msp';

/** "How can Microsoft help?": the six documented choices, in the values the default mapping uses. */
export const HELP_REQUESTED_OPTIONS = options(
  [100000000, 'General or other'], [100000001, 'Customer technical architecture'], [100000002, 'Proof of concept or demo'],
  [100000003, 'Quotes or licensing'], [100000004, 'Post sales customer success'], [100000005, 'Workload specific value proposition'],
);

const referralIdentifier = () => text('msp_referralidentifier', 'Referral Identifier', 100);
const referralLink = () => text('msp_referrallink', 'Referral Link', 500, 'url');
// The largest Multiple Lines of Text column Dataverse allows.
const audit = () => memo('msp_audit', 'Audit', 1_048_576);

export const COSELL_OPPORTUNITY_ATTRIBUTES: readonly AttributeDefinition[] = [
  yesNo('msp_syncwithpartnercenter', 'Sync with Partner Center', false),
  referralIdentifier(),
  referralLink(),
  choice('msp_helprequested', 'How can Microsoft help?', HELP_REQUESTED_OPTIONS),
  audit(),
  yesNo('msp_referralvisibility', 'Microsoft Partner Center Referral Visibility', false),
  text('msp_microsoftcrmidentifier', 'Microsoft CRM Identifier', 100),
];

/** Leads carry what the sync writes on them, as on opportunities. */
export const COSELL_LEAD_ATTRIBUTES: readonly AttributeDefinition[] = [referralIdentifier(), referralLink(), audit()];

export const REFERRAL_IDENTIFIER_KEY = 'msp_referralidentifierkey';

export const PARTNER_CENTER_SOLUTION: EntityDefinition = {
  logicalName: 'msp_partnercentersolution',
  entitySetName: 'msp_partnercentersolutions',
  displayName: 'Microsoft Partner Center Solution',
  displayCollectionName: 'Microsoft Partner Center Solutions',
  primaryIdAttribute: 'msp_partnercentersolutionid',
  primaryNameAttribute: 'msp_name',
  ownership: 'user',
  isCustom: true,
  attributes: [
    ...systemColumns('msp_partnercentersolutionid', 'user'),
    text('msp_name', 'Solution Name', 200),
    text('msp_solutionid', 'Solution Id', 100),
    // Schema name kept lower case, so the navigation property equals the logical name.
    lookup('msp_opportunityid', 'Opportunity', 'opportunity'),
    ...stateAndStatus([[0, 'Active'], [1, 'Inactive']], [[1, 'Active', 0], [2, 'Inactive', 1]]),
  ],
  alternateKeys: [{ name: 'msp_opportunitysolutionkey', attributes: ['msp_opportunityid', 'msp_solutionid'] }],
};

/** One custom column or table, as the solution package declares it. */
export interface CustomSchemaComponent {
  kind: 'attribute' | 'entity';
  entity: string;
  /** For attributes: the column; for entities: the primary name column. */
  logicalName: string;
  type?: AttributeDefinition['type'];
  maxLength?: number;
  /** Option values of a choice column. */
  optionValues?: number[];
  /** Alternate keys the component brings (entity keys travel with the table in customizations.xml). */
  keys?: string[];
}

/** The custom schema the emulator has and the package must carry. */
export function cosellSchema(): CustomSchemaComponent[] {
  const attribute = (entity: string) => (a: AttributeDefinition): CustomSchemaComponent => ({
    kind: 'attribute', entity, logicalName: a.logicalName, type: a.type,
    ...('maxLength' in a ? { maxLength: a.maxLength } : {}),
    ...(a.type === 'picklist' ? { optionValues: a.options.map((o) => o.value) } : {}),
  });
  return [
    ...COSELL_OPPORTUNITY_ATTRIBUTES.map(attribute('opportunity')),
    ...COSELL_LEAD_ATTRIBUTES.map(attribute('lead')),
    { kind: 'entity', entity: PARTNER_CENTER_SOLUTION.logicalName, logicalName: PARTNER_CENTER_SOLUTION.primaryNameAttribute, keys: PARTNER_CENTER_SOLUTION.alternateKeys.map((k) => k.name) },
    ...PARTNER_CENTER_SOLUTION.attributes.filter((a) => a.logicalName.startsWith(`${PUBLISHER_PREFIX}_`) && a.logicalName !== PARTNER_CENTER_SOLUTION.primaryIdAttribute
      && a.logicalName !== PARTNER_CENTER_SOLUTION.primaryNameAttribute).map(attribute(PARTNER_CENTER_SOLUTION.logicalName)),
  ];
}

/** The opportunity and lead alternate keys the solution adds. */
export const COSELL_KEYS: Readonly<Record<string, EntityDefinition['alternateKeys']>> = {
  opportunity: [{ name: REFERRAL_IDENTIFIER_KEY, attributes: ['msp_referralidentifier'] }],
  lead: [{ name: REFERRAL_IDENTIFIER_KEY, attributes: ['msp_referralidentifier'] }],
};
