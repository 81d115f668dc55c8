import assert from 'node:assert/strict';
import {
  checkSalesforceSchema, formatMissingSchemaMessage, requiredSalesforceSchema, type DescribeObject, type RequiredObject,
} from '../../../api/salesforce/metadata/index.js';

/** An org as describe sees it: object name → field names. */
const orgWith = (objects: Record<string, string[]>): DescribeObject => (object) => Promise.resolve(objects[object] ? { fields: objects[object] } : undefined);

describe('salesforce package: the start-up schema check', () => {
  let required: RequiredObject[];
  before(async () => { required = await requiredSalesforceSchema(); });

  it('formats the refusal with each missing field and object, and how to deploy them', () => {
    const message = formatMissingSchemaMessage([
      { kind: 'field', object: 'Opportunity', field: 'Referral_Identifier__c' },
      { kind: 'object', object: 'Microsoft_Solutions__c' },
    ]);
    assert.equal(message, 'Salesforce org is missing the co-sell custom fields: Opportunity.Referral_Identifier__c, Microsoft_Solutions__c (object). '
      + 'Deploy them with `npm run salesforce:deploy` (see crm-packages/salesforce/README.md).');
    assert.equal(formatMissingSchemaMessage([]), undefined);
  });

  it('compares names case-insensitively, as Salesforce does (the mapping spells Solution_ID__c)', async () => {
    const opportunity = required.find((o) => o.name === 'Opportunity')?.fields ?? [];
    const lead = required.find((o) => o.name === 'Lead')?.fields ?? [];
    const missing = await checkSalesforceSchema(orgWith({
      Opportunity: ['Id', 'Name', ...opportunity.map((f) => f.toUpperCase())],
      Lead: ['Id', 'LastName', ...lead.map((f) => f.toLowerCase())],
      Microsoft_Solutions__c: ['Id', 'Name', 'SOLUTION_ID__C', 'opportunity__c'],
    }), required);
    assert.deepEqual(missing, []);
  });

  it('names one missing field without listing the others', async () => {
    const opportunity = (required.find((o) => o.name === 'Opportunity')?.fields ?? []).filter((f) => f !== 'Audit__c');
    const lead = required.find((o) => o.name === 'Lead')?.fields ?? [];
    const missing = await checkSalesforceSchema(orgWith({ Opportunity: opportunity, Lead: lead, Microsoft_Solutions__c: ['Solution_Id__c', 'Opportunity__c'] }), required);
    assert.deepEqual(missing, [{ kind: 'field', object: 'Opportunity', field: 'Audit__c' }]);
  });

  it('requires the Lead fields the lead sync writes, and names a Lead without them', async () => {
    assert.deepEqual(required.find((o) => o.name === 'Lead'), { name: 'Lead', custom: false, fields: ['Audit__c', 'Referral_Identifier__c', 'Referral_Link__c'] });
    const everything = Object.fromEntries(required.map((o) => [o.name, o.fields]));
    const missing = await checkSalesforceSchema(orgWith({ ...everything, Lead: ['Id', 'LastName', 'Company'] }), required);
    assert.deepEqual(missing, ['Audit__c', 'Referral_Identifier__c', 'Referral_Link__c'].map((field) => ({ kind: 'field', object: 'Lead', field })));
  });

  it('lets a describe failure through instead of reporting the schema as missing', async () => {
    const failing: DescribeObject = () => Promise.reject(new Error('REQUEST_LIMIT_EXCEEDED'));
    await assert.rejects(checkSalesforceSchema(failing, required), /REQUEST_LIMIT_EXCEEDED/);
  });
});
