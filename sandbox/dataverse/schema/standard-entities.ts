/**
 * The standard tables the sync touches, with the columns it reads or writes (crm-apis.md §4.6 and
 * the entity references it cites). State and status codes are Dataverse's out-of-the-box values.
 */
import {
  choice, computed, dateOnly, dateTime, decimal, integer, lookup, memo, money, options, polymorphicLookup,
  stateAndStatus, systemColumns, text, yesNo,
} from './attribute-builders.js';
import { connectionreference } from './connection-reference.js';
import type { AttributeDefinition, EntityDefinition } from './types.js';

type Table = Omit<EntityDefinition, 'attributes' | 'isCustom' | 'alternateKeys'> & { columns: AttributeDefinition[]; alternateKeys?: EntityDefinition['alternateKeys'] };

function table(t: Table): EntityDefinition {
  const { columns, alternateKeys, ...rest } = t;
  return { ...rest, isCustom: false, alternateKeys: alternateKeys ?? [], attributes: [...systemColumns(t.primaryIdAttribute, t.ownership), ...columns] };
}

const activeInactive = () => stateAndStatus([[0, 'Active'], [1, 'Inactive']], [[1, 'Active', 0], [2, 'Inactive', 1]]);
const address1 = (): AttributeDefinition[] => [
  text('address1_line1', 'Address 1: Street 1', 250), text('address1_city', 'Address 1: City', 80),
  text('address1_stateorprovince', 'Address 1: State/Province', 50), text('address1_postalcode', 'Address 1: ZIP/Postal Code', 20),
  text('address1_country', 'Address 1: Country/Region', 80),
];

export const opportunity = table({
  logicalName: 'opportunity', entitySetName: 'opportunities', displayName: 'Opportunity', displayCollectionName: 'Opportunities',
  primaryIdAttribute: 'opportunityid', primaryNameAttribute: 'name', ownership: 'user',
  columns: [
    text('name', 'Topic', 300),
    money('estimatedvalue', 'Est. Revenue'),
    dateOnly('estimatedclosedate', 'Est. Close Date'),
    money('actualvalue', 'Actual Revenue'),
    dateOnly('actualclosedate', 'Actual Close Date'),
    integer('closeprobability', 'Probability', 0, 100),
    memo('description', 'Description', 2000),
    text('stepname', 'Pipeline Phase', 200),
    choice('salesstage', 'Sales Stage', options([0, 'Qualify'], [1, 'Develop'], [2, 'Propose'], [3, 'Close'])),
    yesNo('isrevenuesystemcalculated', 'Revenue', false),
    choice('msdyn_forecastcategory', 'Forecast category', options(
      [100000001, 'Pipeline'], [100000002, 'Best case'], [100000003, 'Committed'], [100000004, 'Omitted'], [100000005, 'Won'], [100000006, 'Lost'])),
    lookup('parentaccountid', 'Account', 'account'),
    lookup('parentcontactid', 'Contact', 'contact'),
    polymorphicLookup('customerid', 'Potential Customer', ['account', 'contact']),
    lookup('transactioncurrencyid', 'Currency', 'transactioncurrency'),
    lookup('originatingleadid', 'Originating Lead', 'lead'),
    ...stateAndStatus([[0, 'Open'], [1, 'Won'], [2, 'Lost']],
      [[1, 'In Progress', 0], [2, 'On Hold', 0], [3, 'Won', 1], [4, 'Canceled', 2], [5, 'Out-Sold', 2]]),
  ],
});

export const lead = table({
  logicalName: 'lead', entitySetName: 'leads', displayName: 'Lead', displayCollectionName: 'Leads',
  primaryIdAttribute: 'leadid', primaryNameAttribute: 'fullname', ownership: 'user',
  columns: [
    text('subject', 'Topic', 300), text('firstname', 'First Name', 50), text('lastname', 'Last Name', 50), computed('fullname', 'Name'),
    text('companyname', 'Company Name', 100), text('emailaddress1', 'Email', 100, 'email'), text('telephone1', 'Business Phone', 50, 'phone'),
    memo('description', 'Description', 2000),
    choice('leadsourcecode', 'Lead Source', options([1, 'Advertisement'], [2, 'Employee Referral'], [3, 'External Referral'], [4, 'Partner'],
      [5, 'Public Relations'], [6, 'Seminar'], [7, 'Trade Show'], [8, 'Web'], [9, 'Word of Mouth'], [10, 'Other'])),
    money('estimatedamount', 'Est. Value'), dateOnly('estimatedclosedate', 'Est. Close Date'),
    ...address1(),
    lookup('parentaccountid', 'Parent Account for lead', 'account'), lookup('parentcontactid', 'Parent Contact for lead', 'contact'),
    lookup('qualifyingopportunityid', 'Qualifying Opportunity', 'opportunity'), lookup('transactioncurrencyid', 'Currency', 'transactioncurrency'),
    ...stateAndStatus([[0, 'Open'], [1, 'Qualified'], [2, 'Disqualified']],
      [[1, 'New', 0], [2, 'Contacted', 0], [3, 'Qualified', 1], [4, 'Lost', 2], [5, 'Cannot Contact', 2], [6, 'No Longer Interested', 2], [7, 'Canceled', 2]]),
  ],
});

export const account = table({
  logicalName: 'account', entitySetName: 'accounts', displayName: 'Account', displayCollectionName: 'Accounts',
  primaryIdAttribute: 'accountid', primaryNameAttribute: 'name', ownership: 'user',
  columns: [
    text('name', 'Account Name', 160), text('accountnumber', 'Account Number', 20), ...address1(),
    text('telephone1', 'Main Phone', 50, 'phone'), text('emailaddress1', 'Email', 100, 'email'), text('websiteurl', 'Website', 200, 'url'),
    memo('description', 'Description', 2000), money('revenue', 'Annual Revenue'),
    lookup('parentaccountid', 'Parent Account', 'account'), lookup('primarycontactid', 'Primary Contact', 'contact'),
    lookup('transactioncurrencyid', 'Currency', 'transactioncurrency'),
    ...activeInactive(),
  ],
});

export const contact = table({
  logicalName: 'contact', entitySetName: 'contacts', displayName: 'Contact', displayCollectionName: 'Contacts',
  primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname', ownership: 'user',
  columns: [
    text('firstname', 'First Name', 50), text('lastname', 'Last Name', 50), computed('fullname', 'Full Name'),
    text('emailaddress1', 'Email', 100, 'email'), text('telephone1', 'Business Phone', 50, 'phone'), text('jobtitle', 'Job Title', 100),
    memo('description', 'Description', 2000), ...address1(),
    polymorphicLookup('parentcustomerid', 'Company Name', ['account', 'contact']),
    lookup('transactioncurrencyid', 'Currency', 'transactioncurrency'),
    ...activeInactive(),
  ],
});

/** Connections link two records with roles; Dataverse creates the reciprocal row itself. */
const connectable = ['account', 'contact', 'lead', 'opportunity', 'systemuser'];
export const connection = table({
  logicalName: 'connection', entitySetName: 'connections', displayName: 'Connection', displayCollectionName: 'Connections',
  primaryIdAttribute: 'connectionid', primaryNameAttribute: 'name', ownership: 'user',
  columns: [
    computed('name', 'Name', 500), memo('description', 'Description', 2000),
    polymorphicLookup('record1id', 'Connected From', connectable), polymorphicLookup('record2id', 'Connected To', connectable),
    lookup('record1roleid', 'Role (From)', 'connectionrole'), lookup('record2roleid', 'Role (To)', 'connectionrole'),
    lookup('relatedconnectionid', 'Reciprocal Connection', 'connection', true),
    yesNo('ismaster', 'Is Master', false),
    dateTime('effectivestart', 'Starting'), dateTime('effectiveend', 'Ending'),
    ...activeInactive(),
  ],
});
// ismaster is system-maintained.
for (const a of connection.attributes) if (a.logicalName === 'ismaster') a.readOnly = true;

export const connectionrole = table({
  logicalName: 'connectionrole', entitySetName: 'connectionroles', displayName: 'Connection Role', displayCollectionName: 'Connection Roles',
  primaryIdAttribute: 'connectionroleid', primaryNameAttribute: 'name', ownership: 'organization',
  columns: [
    text('name', 'Name', 100), memo('description', 'Description', 1000),
    choice('category', 'Connection Role Category', options([1, 'Business'], [2, 'Family'], [3, 'Social'], [4, 'Sales'], [5, 'Other'], [1000, 'Stakeholder'], [1001, 'Sales Team'], [1002, 'Service'])),
    ...activeInactive(),
  ],
});

export const systemuser = table({
  logicalName: 'systemuser', entitySetName: 'systemusers', displayName: 'User', displayCollectionName: 'Users',
  primaryIdAttribute: 'systemuserid', primaryNameAttribute: 'fullname', ownership: 'none',
  columns: [
    text('firstname', 'First Name', 64), text('lastname', 'Last Name', 64), computed('fullname', 'Full Name', 200),
    text('internalemailaddress', 'Primary Email', 100, 'email'), text('domainname', 'User Name', 1024),
    { logicalName: 'applicationid', displayName: 'Application ID', type: 'uniqueidentifier' },
    { logicalName: 'azureactivedirectoryobjectid', displayName: 'Azure AD Object ID', type: 'uniqueidentifier' },
    choice('accessmode', 'Access Mode', options([0, 'Read-Write'], [1, 'Administrative'], [2, 'Read'], [3, 'Support User'], [4, 'Non-interactive'], [5, 'Delegated Admin'])),
    yesNo('isdisabled', 'Status', false),
    lookup('businessunitid', 'Business Unit', 'businessunit'),
  ],
});

export const businessunit = table({
  logicalName: 'businessunit', entitySetName: 'businessunits', displayName: 'Business Unit', displayCollectionName: 'Business Units',
  primaryIdAttribute: 'businessunitid', primaryNameAttribute: 'name', ownership: 'none',
  columns: [text('name', 'Name', 160)],
});

export const transactioncurrency = table({
  logicalName: 'transactioncurrency', entitySetName: 'transactioncurrencies', displayName: 'Currency', displayCollectionName: 'Currencies',
  primaryIdAttribute: 'transactioncurrencyid', primaryNameAttribute: 'currencyname', ownership: 'organization',
  columns: [
    text('currencyname', 'Currency Name', 100), text('isocurrencycode', 'Currency Code', 5), text('currencysymbol', 'Currency Symbol', 10),
    decimal('exchangerate', 'Exchange Rate', 10), integer('currencyprecision', 'Currency Precision', 0, 4),
    ...activeInactive(),
  ],
});

export const annotation = table({
  logicalName: 'annotation', entitySetName: 'annotations', displayName: 'Note', displayCollectionName: 'Notes',
  primaryIdAttribute: 'annotationid', primaryNameAttribute: 'subject', ownership: 'user',
  columns: [
    text('subject', 'Title', 500), memo('notetext', 'Description', 100_000),
    polymorphicLookup('objectid', 'Regarding', ['account', 'contact', 'lead', 'opportunity', 'msp_partnercentersolution']),
    computed('objecttypecode', 'Object Type', 64),
    text('filename', 'File Name', 255), text('mimetype', 'Mime Type', 256), memo('documentbody', 'Document', 1_073_741_823),
    yesNo('isdocument', 'Is Document', false),
  ],
});

/** Processes, including Power Automate cloud flows (category 5) whose definition is `clientdata` (power-platform-formats.md §3.5). */
export const workflow = table({
  logicalName: 'workflow', entitySetName: 'workflows', displayName: 'Process', displayCollectionName: 'Processes',
  primaryIdAttribute: 'workflowid', primaryNameAttribute: 'name', ownership: 'user',
  columns: [
    text('name', 'Process Name', 100), memo('description', 'Description', 100_000), memo('clientdata', 'Client Data', 1_073_741_823),
    choice('category', 'Category', options([0, 'Workflow'], [1, 'Dialog'], [2, 'Business Rule'], [3, 'Action'], [4, 'Business Process Flow'], [5, 'Modern Flow'], [6, 'Desktop Flow'])),
    choice('type', 'Type', options([1, 'Definition'], [2, 'Activation'], [3, 'Template'])),
    text('primaryentity', 'Primary Entity', 100), text('uniquename', 'Unique Name', 256),
    ...stateAndStatus([[0, 'Draft'], [1, 'Activated'], [2, 'Suspended']], [[1, 'Draft', 0], [2, 'Activated', 1], [3, 'Company DLP Violation', 2]]),
  ],
});

/** The activity WinOpportunity and LoseOpportunity record the close in. */
export const opportunityclose = table({
  logicalName: 'opportunityclose', entitySetName: 'opportunitycloses', displayName: 'Opportunity Close', displayCollectionName: 'Opportunity Closes',
  primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject', ownership: 'user',
  columns: [
    text('subject', 'Subject', 200), memo('description', 'Description', 2000), money('actualrevenue', 'Actual Revenue'),
    dateOnly('actualend', 'Close Date'), lookup('opportunityid', 'Opportunity', 'opportunity'),
    lookup('transactioncurrencyid', 'Currency', 'transactioncurrency'),
    ...stateAndStatus([[0, 'Open'], [1, 'Completed'], [2, 'Canceled']], [[1, 'Open', 0], [2, 'Completed', 1], [3, 'Canceled', 2]]),
  ],
});

export const STANDARD_ENTITIES: readonly EntityDefinition[] = [
  opportunity, lead, account, contact, connection, connectionrole, systemuser, businessunit, transactioncurrency, annotation, workflow, opportunityclose,
  connectionreference,
];
