/** The standard objects the co-sell sync touches, with the fields it reads or writes (not every field Salesforce has). */
import {
  checkbox, currency, date, dateTime, defaulted, email, integer, percent, phone, picklist, readOnly, reference,
  required, text, textArea, url,
} from './field-builders.js';
import { LEAD_STATUSES, OPPORTUNITY_STAGES } from './opportunity-stages.js';
import { withSystemFields } from './system-fields.js';
import type { ObjectDef } from './types.js';

const std = (name: string, keyPrefix: string, labelPlural: string, fields: ObjectDef['fields'], extra: Partial<ObjectDef> = {}): ObjectDef => ({
  name, label: name.replace(/([a-z])([A-Z])/g, '$1 $2'), labelPlural, keyPrefix, custom: false,
  createable: true, updateable: true, deletable: true, queryable: true, fields, ...extra,
});

const address = (prefix: string) => [
  textArea(`${prefix}Street`, 255), text(`${prefix}City`, 40), text(`${prefix}State`, 80),
  text(`${prefix}PostalCode`, 20), text(`${prefix}Country`, 80),
];

export function standardObjects(): ObjectDef[] {
  return [
    std('Account', '001', 'Accounts', withSystemFields([
      required({ ...text('Name', 255, { label: 'Account Name' }), nameField: true }),
      ...address('Billing'), ...address('Shipping'),
      url('Website'), phone('Phone'), text('Industry', 255), currency('AnnualRevenue'), integer('NumberOfEmployees', { precision: 8 }),
      textArea('Description', 32000), reference('ParentId', ['Account'], 'Parent'),
    ])),
    std('Contact', '003', 'Contacts', withSystemFields([
      reference('AccountId', ['Account'], 'Account', { childRelationshipName: 'Contacts' }),
      text('FirstName', 40), required(text('LastName', 80)), readOnly({ ...text('Name', 121, { label: 'Full Name' }), nameField: true }, true),
      text('Title', 128), email('Email'), phone('Phone'), phone('MobilePhone'), ...address('Mailing'), textArea('Description', 32000),
    ])),
    std('Opportunity', '006', 'Opportunities', withSystemFields([
      reference('AccountId', ['Account'], 'Account', { childRelationshipName: 'Opportunities' }),
      required({ ...text('Name', 120), nameField: true }),
      textArea('Description', 32000),
      required(picklist('StageName', OPPORTUNITY_STAGES.map((s) => s.name), { label: 'Stage', restrictedPicklist: true })),
      currency('Amount'), defaulted(percent('Probability')), readOnly(currency('ExpectedRevenue'), true),
      required(date('CloseDate')), picklist('Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer']),
      text('NextStep', 255), picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      readOnly(checkbox('IsClosed', { label: 'Closed' }), true), readOnly(checkbox('IsWon', { label: 'Won' }), true),
      readOnly(defaulted(picklist('ForecastCategoryName', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], { label: 'Forecast Category' })), true),
    ])),
    std('Lead', '00Q', 'Leads', withSystemFields([
      text('FirstName', 40), required(text('LastName', 80)), readOnly({ ...text('Name', 121, { label: 'Full Name' }), nameField: true }, true),
      required(text('Company', 255)), text('Title', 128), email('Email'), phone('Phone'), phone('MobilePhone'), ...address(''),
      url('Website'), textArea('Description', 32000), picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      text('Industry', 255), picklist('Rating', ['Hot', 'Warm', 'Cold']), currency('AnnualRevenue'), integer('NumberOfEmployees', { precision: 8 }),
      required(picklist('Status', LEAD_STATUSES, { restrictedPicklist: true, defaultPick: LEAD_STATUSES[0] })),
      readOnly(checkbox('IsConverted', { label: 'Converted' })), readOnly(date('ConvertedDate')),
      readOnly(reference('ConvertedAccountId', ['Account'], 'ConvertedAccount')),
      readOnly(reference('ConvertedContactId', ['Contact'], 'ConvertedContact')),
      readOnly(reference('ConvertedOpportunityId', ['Opportunity'], 'ConvertedOpportunity')),
    ])),
    std('Note', '002', 'Notes', withSystemFields([
      required(reference('ParentId', ['Account', 'Contact', 'Opportunity', 'Lead', 'Microsoft_Solutions__c'], 'Parent', { updateable: false, childRelationshipName: 'Notes' })),
      required({ ...text('Title', 80), nameField: true }), textArea('Body', 32000), checkbox('IsPrivate', { label: 'Private' }),
    ], { currency: false })),
    std('OpportunityTeamMember', '00q', 'Opportunity Team Members', withSystemFields([
      required(reference('OpportunityId', ['Opportunity'], 'Opportunity', { updateable: false, childRelationshipName: 'OpportunityTeamMembers' })),
      required(reference('UserId', ['User'], 'User', { updateable: false })),
      readOnly({ ...text('Name', 121), nameField: true }, true),
      picklist('TeamMemberRole', ['Account Manager', 'Channel Manager', 'Executive Sponsor', 'Lead Qualifier', 'Pre-Sales Consultant', 'Sales Manager', 'Sales Rep', 'Opportunity Owner']),
      defaulted(picklist('OpportunityAccessLevel', ['Read', 'Edit'], { restrictedPicklist: true, defaultPick: 'Read' })),
      text('Title', 80), readOnly(email('Email')), readOnly(phone('PhoneNumber')),
    ], { owner: false })),
    std('OpportunityContactRole', '00K', 'Opportunity Contact Roles', withSystemFields([
      required(reference('OpportunityId', ['Opportunity'], 'Opportunity', { updateable: false, childRelationshipName: 'OpportunityContactRoles' })),
      required(reference('ContactId', ['Contact'], 'Contact')),
      picklist('Role', ['Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator', 'Executive Sponsor', 'Influencer', 'Technical Buyer', 'Other']),
      checkbox('IsPrimary', { label: 'Primary' }),
    ], { owner: false, currency: false })),
    std('User', '005', 'Users', withSystemFields([
      required(text('Username', 80)), text('FirstName', 40), required(text('LastName', 80)),
      readOnly({ ...text('Name', 121, { label: 'Full Name' }), nameField: true }, true), required(email('Email')),
      required(text('Alias', 8)), checkbox('IsActive', { label: 'Active', defaultValue: true }), text('Title', 80),
      readOnly(dateTime('LastLoginDate')),
    ], { owner: false }), { createable: false, deletable: false }),
  ];
}
