import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import {
  checkSalesforceSchema, deploySalesforcePackage, describeThrough, formatMissingSchemaMessage, readSourcePackage, requiredSchemaOf,
  SalesforceDeployError, type ComponentReport, type PackageComponent,
} from '../../../api/salesforce/metadata/index.js';
import { createRecord, opportunity, rejection, startSalesforce, type RunningSalesforce } from '../../sandbox/salesforce/emulator-server.js';
import { copyPackage, FIELD_FILE, packageDir } from './package-fixture.js';

const OPPORTUNITY_FIELDS = [
  'Audit__c', 'How_can_Microsoft_help__c', 'Microsoft_CRM_Identifier__c', 'Microsoft_Referral_Visibility__c',
  'Referral_Identifier__c', 'Referral_Link__c', 'Sync_with_Partner_Center__c',
];
const LEAD_FIELDS = ['Audit__c', 'Referral_Identifier__c', 'Referral_Link__c'];

async function deployError(promise: Promise<unknown>): Promise<SalesforceDeployError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SalesforceDeployError, String(error));
    return error;
  }
  throw new Error('expected the deploy to fail');
}

describe('salesforce package: deploy through jsforce into the emulator', () => {
  let components: PackageComponent[];
  before(async () => { components = await readSourcePackage(packageDir); });

  describe('a fresh org (withCustomSchema: false)', () => {
    let sf: RunningSalesforce;
    let conn: Connection;
    const soapCalls = (): number => sf.emulator.requestLog.filter((e) => e.method === 'POST' && e.path.startsWith('/services/Soap/m/')).length;
    const check = async () => checkSalesforceSchema(describeThrough(conn), requiredSchemaOf(components));

    before(async () => {
      sf = await startSalesforce({ withCustomSchema: false });
      conn = await sf.connect();
    });
    after(() => sf.close());

    it('the check lists every missing Lead and Opportunity field and the Microsoft_Solutions__c object', async () => {
      const missing = await check();
      assert.deepEqual(missing, [
        { kind: 'object', object: 'Microsoft_Solutions__c' },
        ...LEAD_FIELDS.map((field) => ({ kind: 'field', object: 'Lead', field })),
        ...OPPORTUNITY_FIELDS.map((field) => ({ kind: 'field', object: 'Opportunity', field })),
      ]);
      assert.match(formatMissingSchemaMessage(missing) ?? '', /^Salesforce org is missing the co-sell custom fields: Microsoft_Solutions__c \(object\), Lead\.Audit__c, .*Opportunity\.Sync_with_Partner_Center__c\. Deploy them with `npm run salesforce:deploy`/);
    });

    it('creates the object, every field and the permission set, in four Metadata API calls (12 fields take two)', async () => {
      const seen: ComponentReport[] = [];
      const before = soapCalls();
      const report = await deploySalesforcePackage(conn, { components, onComponent: (r) => seen.push(r) });
      assert.deepEqual(report.map((r) => `${r.outcome} ${r.type} ${r.fullName}`), components.map((c) => `created ${c.type} ${c.fullName}`));
      assert.deepEqual(seen, report);
      assert.equal(soapCalls() - before, 4);
      const described = (await conn.sobject('Opportunity').describe()).fields;
      for (const name of OPPORTUNITY_FIELDS) assert.ok(described.some((f) => f.name === name), name);
      const referralId = described.find((f) => f.name === 'Referral_Identifier__c');
      assert.equal(referralId?.externalId, true);
      assert.equal(referralId?.length, 100);
      const help = described.find((f) => f.name === 'How_can_Microsoft_help__c');
      assert.equal(help?.picklistValues?.length, 6);
      const solutionFields = (await conn.sobject('Microsoft_Solutions__c').describe()).fields.map((f) => f.name);
      assert.ok(solutionFields.includes('Solution_Id__c') && solutionFields.includes('Opportunity__c'), solutionFields.join());
      const leadFields = (await conn.sobject('Lead').describe()).fields;
      for (const name of LEAD_FIELDS) assert.ok(leadFields.some((f) => f.name === name), name);
      const leadReferralId = leadFields.find((f) => f.name === 'Referral_Identifier__c');
      assert.deepEqual([leadReferralId?.externalId, leadReferralId?.unique, leadReferralId?.length], [true, true, 100]);
    });

    it('the check then finds nothing missing', async () => {
      assert.deepEqual(await check(), []);
    });

    it('records can use the new fields: insert, restricted picklist, and the solution lookup', async () => {
      const id = await createRecord(conn, 'Opportunity', opportunity({
        Sync_with_Partner_Center__c: true, How_can_Microsoft_help__c: 'Proof of concept or demo', Audit__c: 'created by test',
        Referral_Link__c: 'https://partner.microsoft.com/dashboard/referrals/1', Microsoft_Referral_Visibility__c: true, Microsoft_CRM_Identifier__c: '7-ABC',
      }));
      await createRecord(conn, 'Microsoft_Solutions__c', { Name: 'Azure Migrate', Solution_Id__c: 'SOL-1', Opportunity__c: id });
      const rows = await conn.query<{ Name: string; Opportunity__r: { How_can_Microsoft_help__c: string } }>('SELECT Name, Opportunity__r.How_can_Microsoft_help__c FROM Microsoft_Solutions__c');
      assert.deepEqual(rows.records.map((r) => [r.Name, r.Opportunity__r.How_can_Microsoft_help__c]), [['Azure Migrate', 'Proof of concept or demo']]);
      const refused = await rejection(conn.sobject('Opportunity').create(opportunity({ How_can_Microsoft_help__c: 'Free lunch' })));
      assert.equal(refused.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    });

    it('opportunities upsert by Referral_Identifier__c (external id, unique)', async () => {
      const sobject = conn.sobject('Opportunity');
      const first = await sobject.upsert(opportunity({ Referral_Identifier__c: 'ref-42', Name: 'First' }), 'Referral_Identifier__c');
      const second = await sobject.upsert({ Referral_Identifier__c: 'ref-42', Name: 'Renamed' }, 'Referral_Identifier__c');
      assert.deepEqual([first.success, first.created, second.success, second.created], [true, true, true, false]);
      const rows = await conn.query<{ Name: string }>("SELECT Name FROM Opportunity WHERE Referral_Identifier__c = 'ref-42'");
      assert.deepEqual(rows.records.map((r) => r.Name), ['Renamed']);
      const duplicate = await rejection(sobject.create(opportunity({ Referral_Identifier__c: 'REF-42' })));
      assert.equal(duplicate.errorCode, 'DUPLICATE_VALUE');
    });

    it('leads upsert by Referral_Identifier__c through jsforce: 201 created, then 200 updated', async () => {
      const path = '/sobjects/Lead/Referral_Identifier__c/MQL-7';
      const lead = conn.sobject('Lead');
      const first = await lead.upsert({ Referral_Identifier__c: 'MQL-7', LastName: 'Ng', Company: 'Contoso', Audit__c: 'Created from Partner Center' }, 'Referral_Identifier__c');
      const second = await lead.upsert({ Referral_Identifier__c: 'MQL-7', Referral_Link__c: 'https://partner.microsoft.com/dashboard/referrals/leads/7', Audit__c: 'Updated from Partner Center' }, 'Referral_Identifier__c');
      assert.deepEqual([first.success, first.created, second.success, second.created], [true, true, true, false]);
      const statuses = sf.emulator.requestLog.filter((e) => e.method === 'PATCH' && e.path.endsWith(path)).map((e) => e.status);
      assert.deepEqual(statuses, [201, 200]);
      const rows = await conn.query<{ Id: string; Company: string; Referral_Link__c: string; Audit__c: string }>("SELECT Id, Company, Referral_Link__c, Audit__c FROM Lead WHERE Referral_Identifier__c = 'MQL-7'");
      assert.deepEqual(rows.records.map((r) => [r.Id, r.Company, r.Referral_Link__c, r.Audit__c]),
        [[first.id, 'Contoso', 'https://partner.microsoft.com/dashboard/referrals/leads/7', 'Updated from Partner Center']]);
    });

    it('redeploying is idempotent: every component updated, fields and records unchanged', async () => {
      const fieldsBefore = (await conn.sobject('Opportunity').describe()).fields.map((f) => f.name);
      const report = await deploySalesforcePackage(conn, { components });
      assert.deepEqual(report.map((r) => r.outcome), components.map(() => 'updated'));
      assert.deepEqual((await conn.sobject('Opportunity').describe()).fields.map((f) => f.name), fieldsBefore);
      assert.equal((await conn.query("SELECT Id FROM Opportunity WHERE Referral_Identifier__c = 'ref-42'")).totalSize, 1);
    });

    it('never sends more components in one call than asked (and at most 10)', async () => {
      const before = soapCalls();
      await deploySalesforcePackage(conn, { components, componentsPerCall: 4 });
      assert.equal(soapCalls() - before, 1 + 3 + 1, 'object, 12 fields in calls of 4, permission set');
      const capped = soapCalls();
      await deploySalesforcePackage(conn, { components, componentsPerCall: 50 });
      assert.equal(soapCalls() - capped, 1 + 2 + 1, 'object, 12 fields in calls of 10, permission set');
    });
  });

  describe('failures', () => {
    let sf: RunningSalesforce;
    let conn: Connection;
    beforeEach(async () => {
      sf = await startSalesforce();
      conn = await sf.connect();
    });
    afterEach(() => sf.close());

    it('an invalid component stops the deploy with its name and Salesforce\'s message; the permission set is not sent', async () => {
      const copy = copyPackage();
      try {
        const file = `${FIELD_FILE}/Microsoft_CRM_Identifier__c.field-meta.xml`;
        copy.write(file, copy.read(file).replace('<length>100</length>', '<length>300</length>'));
        const error = await deployError(deploySalesforcePackage(conn, { packageDir: copy.dir }));
        assert.match(error.message, /CustomField Opportunity\.Microsoft_CRM_Identifier__c \(FIELD_INTEGRITY_EXCEPTION: Length must be between 1 and 255/);
        const failed = error.report.filter((r) => r.outcome === 'failed').map((r) => r.fullName);
        assert.deepEqual(failed, ['Opportunity.Microsoft_CRM_Identifier__c']);
        assert.ok(!error.report.some((r) => r.type === 'PermissionSet'));
        assert.equal(error.report.find((r) => r.type === 'CustomObject')?.outcome, 'created');
      } finally {
        copy.remove();
      }
    });

    it('a failed call names every component it carried', async () => {
      sf.emulator.faults.inject({ status: 500, method: 'POST', pathPattern: /^\/services\/Soap\/m\//, times: 1 });
      const opportunityFields = components.filter((c) => c.fullName.startsWith('Opportunity.'));
      const error = await deployError(deploySalesforcePackage(conn, { components: opportunityFields }));
      assert.match(error.message, /^Deploying CustomField Opportunity\.Audit__c, CustomField Opportunity\.How_can_Microsoft_help__c, .* failed: /);
      for (const name of OPPORTUNITY_FIELDS) assert.ok(error.message.includes(`CustomField Opportunity.${name}`), name);
      assert.deepEqual(error.report, []);
      assert.doesNotMatch(error.message, new RegExp(conn.accessToken ?? 'no token'));
    });

    it('a field whose object is missing is refused by name', async () => {
      const fieldsOnly = components.filter((c) => c.type === 'CustomField' && c.fullName.startsWith('Microsoft_Solutions__c.'));
      const error = await deployError(deploySalesforcePackage(conn, { components: fieldsOnly }));
      assert.match(error.message, /CustomField Microsoft_Solutions__c\.Opportunity__c \(INVALID_CROSS_REFERENCE_KEY: .*no CustomObject named Microsoft_Solutions__c/);
      assert.match(error.message, /CustomField Microsoft_Solutions__c\.Solution_Id__c/);
    });
  });
});
