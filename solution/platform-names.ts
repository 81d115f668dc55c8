// The names that tie flows, connection references, environment variables and the connector
// together inside the solutions. Flows in flows/ spell the same strings; the flow checks compare
// them with these, so a rename here that the flows do not follow fails the tests.

export const PUBLISHER = {
  uniqueName: 'CosellConnector',
  displayName: 'Cosell Connector Maintainers',
  description: 'Publisher of the cosell-connector Power Platform solutions.',
  prefix: 'cosell',
  // Option values of this publisher's choices start here (Dataverse asks for 10000–99999).
  optionValuePrefix: 61853,
} as const;

/** The custom connector as a solution component. */
export const CONNECTOR = {
  displayName: 'Cosell Referrals',
  // `<prefix>_` + the display name encoded as exports do (`_` → `_5F`, space → `-20`, lower case):
  // power-platform-formats.md §3.5.
  schemaName: 'cosell_5Fcosell-20referrals',
  // The runtime API name as exports spell it: `shared_` + the encoded name + `-5f` + a hash the
  // platform picks per environment (§3.5). Ours is stableTag(schemaName); on import the reference is
  // resolved through api.logicalName and customconnectorid, not through this suffix.
  apiName: 'shared_cosell-5fcosell-20referrals-5ff51f821caff70c3c50',
} as const;

export type ConnectionReferenceKey = 'cosell' | 'salesforce' | 'dataverse';

export interface ConnectionReferenceSpec {
  /** Key in a flow's properties.connectionReferences, used by host.connectionName. */
  readonly flowKey: string;
  readonly logicalName: string;
  readonly displayName: string;
  readonly apiName: string;
  readonly custom: boolean;
}

export const CONNECTION_REFERENCES: Readonly<Record<ConnectionReferenceKey, ConnectionReferenceSpec>> = {
  cosell: { flowKey: CONNECTOR.apiName, logicalName: 'cosell_sharedcosellreferrals', displayName: 'Cosell Referrals', apiName: CONNECTOR.apiName, custom: true },
  salesforce: { flowKey: 'shared_salesforce', logicalName: 'cosell_sharedsalesforce', displayName: 'Salesforce', apiName: 'shared_salesforce', custom: false },
  dataverse: { flowKey: 'shared_commondataserviceforapps', logicalName: 'cosell_sharedcommondataserviceforapps', displayName: 'Microsoft Dataverse', apiName: 'shared_commondataserviceforapps', custom: false },
};

export type EnvironmentVariableType = 'String' | 'Boolean';

export interface EnvironmentVariableSpec {
  readonly schemaName: string;
  readonly displayName: string;
  readonly description: string;
  readonly type: EnvironmentVariableType;
  /** Per CRM; undefined means the importer must supply a value. */
  readonly defaultValue: { readonly salesforce?: string; readonly dynamics365?: string };
  readonly required: boolean;
}

// The connector's host, then the co-sell settings the seeds document (partner-center-api.md §7.5).
// Boolean values are stored as "yes"/"no", as the maker portal writes them (inferred).
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariableSpec[] = [
  {
    schemaName: 'cosell_ApiHost',
    displayName: 'Cosell backend host (API base URL)',
    description: 'Host name of your cosell-connector backend, without https:// or a path, for example cosell.contoso.com. The custom connector sends every call there.',
    type: 'String', defaultValue: {}, required: true,
  },
  {
    schemaName: 'cosell_OnHoldStageName',
    displayName: 'On-hold stage name',
    description: 'Opportunity stage of co-sell referrals shared by Microsoft and not yet accepted. Changes made while an opportunity is in it are not sent to Partner Center; leaving it accepts the referral. Keep it equal to the backend\'s CRM_ONHOLD_STAGE.',
    type: 'String', defaultValue: { salesforce: 'Prospecting', dynamics365: 'On Hold' }, required: false,
  },
  {
    schemaName: 'cosell_ActiveStageName',
    displayName: 'Active stage name',
    description: 'Opportunity stage equivalent to an accepted referral in Partner Center. Keep it equal to the backend\'s CRM_ACTIVE_STAGE.',
    type: 'String', defaultValue: { salesforce: 'Qualification', dynamics365: 'In Progress' }, required: false,
  },
  {
    schemaName: 'cosell_SyncCoSellOpportunitiesOnly',
    displayName: 'Sync co-sell opportunities only',
    description: 'Yes: only co-sell and pipeline-sharing opportunities are written to the CRM; no: leads too. Keep it equal to the backend\'s SYNC_COSELL_OPPORTUNITIES_ONLY.',
    type: 'Boolean', defaultValue: { salesforce: 'no', dynamics365: 'no' }, required: false,
  },
  {
    schemaName: 'cosell_DisplayCheckMark',
    displayName: 'Display the check mark in the opportunity name',
    description: 'Yes: a check mark after the opportunity name on a successful sync, a cross on a failed one. Keep it equal to the backend\'s SYNC_NAME_MARK.',
    type: 'Boolean', defaultValue: { salesforce: 'yes', dynamics365: 'yes' }, required: false,
  },
];

export const API_HOST_VARIABLE = 'cosell_ApiHost';
