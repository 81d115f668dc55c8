import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import {
  COSELL_OPPORTUNITY_FIELDS, cosellSchemaComponents, MICROSOFT_SOLUTIONS_OBJECT, type MetadataObject,
} from '../../../sandbox/salesforce/index.js';
import { COSELL_LEAD_FIELDS } from '../../../sandbox/salesforce/schema/cosell-schema.js';
import { createRecord, opportunity, rejection, startSalesforce, VERSION, type RunningSalesforce } from './emulator-server.js';

type Describe = { fields: { name: string; type: string; externalId: boolean }[] };
type UpsertResult = { fullName: string; success: boolean; created: boolean; errors: { statusCode: string; message: string }[] };

/** A minimal stand-in for the product's package: the co-sell components, deployed ≤ 10 per call (12 fields: two calls). */
async function deployPackage(conn: Connection): Promise<UpsertResult[]> {
  const components = cosellSchemaComponents();
  const objects = components.filter((c) => c.type === 'CustomObject').map((c) => c.metadata);
  const fields = components.filter((c) => c.type === 'CustomField').map((c) => c.metadata);
  const results: UpsertResult[] = [];
  results.push(...await conn.metadata.upsert('CustomObject', objects) as unknown as UpsertResult[]);
  for (let at = 0; at < fields.length; at += 10) {
    results.push(...await conn.metadata.upsert('CustomField', fields.slice(at, at + 10)) as unknown as UpsertResult[]);
  }
  results.push(await conn.metadata.upsert('PermissionSet', { fullName: 'CoSell_Integration', label: 'Co-sell integration' }));
  return results;
}

describe('salesforce emulator: Metadata API deploy through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  const describeFields = async (type: string): Promise<string[]> =>
    (await conn.request<Describe>(`/services/data/v${VERSION}/sobjects/${type}/describe`)).fields.map((f) => f.name);

  before(async () => {
    sf = await startSalesforce();
    conn = await sf.connect();
  });
  after(() => sf.close());

  it('starts without the co-sell fields and object (withCustomSchema defaults to false)', async () => {
    const fields = await describeFields('Opportunity');
    for (const name of COSELL_OPPORTUNITY_FIELDS) assert.ok(!fields.includes(name), name);
    const leadFields = await describeFields('Lead');
    for (const name of COSELL_LEAD_FIELDS) assert.ok(!leadFields.includes(name), name);
    assert.equal((await rejection(conn.request(`/services/data/v${VERSION}/sobjects/${MICROSOFT_SOLUTIONS_OBJECT}/describe`))).errorCode, 'NOT_FOUND');
  });

  it('upsertMetadata creates the custom object and fields; describe then shows them and records can use them', async () => {
    const results = await deployPackage(conn);
    assert.ok(results.every((r) => r.success), JSON.stringify(results.filter((r) => !r.success)));
    assert.ok(results.slice(0, -1).every((r) => r.created));
    const fields = await describeFields('Opportunity');
    for (const name of COSELL_OPPORTUNITY_FIELDS) assert.ok(fields.includes(name), name);
    const leadFields = await describeFields('Lead');
    for (const name of COSELL_LEAD_FIELDS) assert.ok(leadFields.includes(name), name);
    assert.deepEqual((await describeFields(MICROSOFT_SOLUTIONS_OBJECT)).filter((f) => f.endsWith('__c')), ['Opportunity__c', 'Solution_Id__c']);
    const opp = await createRecord(conn, 'Opportunity', opportunity({ Referral_Identifier__c: 'after-deploy', Sync_with_Partner_Center__c: true }));
    await createRecord(conn, MICROSOFT_SOLUTIONS_OBJECT, { Name: 'Azure Migrate', Solution_Id__c: 'SOL-1', Opportunity__c: opp });
    const rows = await conn.query<{ Opportunity__r: { Referral_Identifier__c: string } }>(`SELECT Opportunity__r.Referral_Identifier__c FROM ${MICROSOFT_SOLUTIONS_OBJECT}`);
    assert.equal(rows.records[0]?.Opportunity__r.Referral_Identifier__c, 'after-deploy');
  });

  it('leads upsert by Referral_Identifier__c after the deploy: 201 created, then 200 updated', async () => {
    const lead = conn.sobject('Lead');
    const first = await lead.upsert({ Referral_Identifier__c: 'lead-ref-1', LastName: 'Ng', Company: 'Contoso', Audit__c: 'created' }, 'Referral_Identifier__c');
    const second = await lead.upsert({ Referral_Identifier__c: 'lead-ref-1', Referral_Link__c: 'https://partner.microsoft.com/leads/1', Audit__c: 'updated' }, 'Referral_Identifier__c');
    assert.deepEqual([first.created, second.created], [true, false]);
    const upserts = sf.emulator.requestLog.filter((e) => e.method === 'PATCH' && e.path.endsWith('/sobjects/Lead/Referral_Identifier__c/lead-ref-1'));
    assert.deepEqual(upserts.map((e) => e.status), [201, 200]);
    const rows = await conn.query<{ Id: string; Referral_Link__c: string; Audit__c: string }>("SELECT Id, Referral_Link__c, Audit__c FROM Lead WHERE Referral_Identifier__c = 'lead-ref-1'");
    assert.deepEqual(rows.records.map((r) => [r.Id, r.Referral_Link__c, r.Audit__c]), [[first.id, 'https://partner.microsoft.com/leads/1', 'updated']]);
  });

  it('deploying again is idempotent: created false', async () => {
    const results = await deployPackage(conn);
    assert.ok(results.every((r) => r.success && !r.created));
  });

  it('createMetadata of an existing field fails per component with DUPLICATE_DEVELOPER_NAME', async () => {
    const result = await conn.metadata.create('CustomField', { fullName: 'Opportunity.Audit__c', label: 'Audit', type: 'LongTextArea', length: 100000, visibleLines: 4 } as MetadataObject) as unknown as UpsertResult;
    assert.equal(result.success, false);
    assert.equal(result.errors[0]?.statusCode, 'DUPLICATE_DEVELOPER_NAME');
  });

  it('refuses invalid components per component: bad names, missing labels, unknown objects', async () => {
    const results = await conn.metadata.upsert('CustomField', [
      { fullName: 'Opportunity.No_Suffix', label: 'x', type: 'Text', length: 10 },
      { fullName: 'Opportunity.No_Label__c', type: 'Text', length: 10 },
      { fullName: 'Nope__c.Field__c', label: 'x', type: 'Text', length: 10 },
      { fullName: 'Opportunity.Too_Long_Text__c', label: 'x', type: 'Text', length: 300 },
    ] as MetadataObject[]) as unknown as UpsertResult[];
    assert.deepEqual(results.map((r) => r.errors[0]?.statusCode), ['INVALID_NAME', 'REQUIRED_FIELD_MISSING', 'INVALID_CROSS_REFERENCE_KEY', 'FIELD_INTEGRITY_EXCEPTION']);
  });

  it('refuses a field label longer than 40 characters with FIELD_INTEGRITY_EXCEPTION; 40 is accepted', async () => {
    const label = (length: number): string => 'Microsoft Partner Center Referral Visibility'.padEnd(length, 'x').slice(0, length);
    const results = await conn.metadata.upsert('CustomField', [
      { fullName: 'Account.Long_Label__c', label: label(41), type: 'Checkbox', defaultValue: 'false' },
      { fullName: 'Account.Max_Label__c', label: label(40), type: 'Checkbox', defaultValue: 'false' },
    ] as MetadataObject[]) as unknown as UpsertResult[];
    assert.deepEqual(results.map((r) => r.success), [false, true]);
    assert.equal(results[0]?.errors[0]?.statusCode, 'FIELD_INTEGRITY_EXCEPTION');
    assert.match(results[0]?.errors[0]?.message ?? '', /at most 40 characters/);
    const fields = await describeFields('Account');
    assert.ok(!fields.includes('Long_Label__c') && fields.includes('Max_Label__c'), fields.join());
  });

  it('refuses more than 10 components in one call with a SOAP fault', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ fullName: `Account.Extra_${i}__c`, label: `Extra ${i}`, type: 'Text', length: 10 }));
    const error = await rejection(conn.metadata.upsert('CustomField', many as MetadataObject[]));
    assert.equal(error.errorCode, 'sf:EXCEEDED_ID_LIMIT');
  });

  it('an expired session gets the INVALID_SESSION_ID fault, which jsforce refreshes and retries', async () => {
    sf.emulator.revokeSessions();
    const result = await conn.metadata.upsert('CustomField', { fullName: 'Account.Region__c', label: 'Region', type: 'Text', length: 40 } as MetadataObject) as unknown as UpsertResult;
    assert.equal(result.success, true);
    const soap = sf.emulator.requestLog.filter((e) => e.path.startsWith('/services/Soap/m/'));
    assert.deepEqual(soap.slice(-2).map((e) => e.status), [500, 200]);
  });

  it('schema.deploy is the same operation for programmatic setup', () => {
    const [result] = sf.emulator.schema.deploy([{ type: 'CustomField', metadata: { fullName: 'Contact.Referral_Identifier__c', label: 'Referral Identifier', type: 'Text', length: 100, externalId: true, unique: true } }]);
    assert.deepEqual(result, { fullName: 'Contact.Referral_Identifier__c', success: true, created: true });
  });
});
