import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PackageFileError, readSourcePackage, requiredSchemaOf, type PackageComponent } from '../../../api/salesforce/metadata/index.js';
import { copyPackage, FIELD_FILE, packageDir, type PackageCopy } from './package-fixture.js';

async function refusal(dir: string): Promise<PackageFileError> {
  try {
    await readSourcePackage(dir);
  } catch (error) {
    assert.ok(error instanceof PackageFileError, String(error));
    return error;
  }
  throw new Error('expected the package to be refused');
}

describe('salesforce package: reading source format', () => {
  let copy: PackageCopy;
  beforeEach(() => { copy = copyPackage(); });
  afterEach(() => copy.remove());

  it('names components from their paths and orders them object, fields, permission set', async () => {
    const components = await readSourcePackage(packageDir);
    assert.deepEqual(components.map((c) => c.type), ['CustomObject', ...Array<string>(12).fill('CustomField'), 'PermissionSet']);
    const audit = components.find((c) => c.fullName === 'Opportunity.Audit__c');
    assert.equal(audit?.file, `${FIELD_FILE}/Audit__c.field-meta.xml`);
    assert.deepEqual(Object.keys(audit?.metadata ?? {}).slice(0, 2), ['fullName', 'description']);
    assert.equal(components[0]?.metadata.fullName, 'Microsoft_Solutions__c');
  });

  it('keeps a one-value picklist as a list', async () => {
    const file = `${FIELD_FILE}/How_can_Microsoft_help__c.field-meta.xml`;
    copy.write(file, copy.read(file).replace(/<value>[\s\S]*<\/value>/, '<value><fullName>Only</fullName><default>false</default><label>Only</label></value>'));
    const components = await readSourcePackage(copy.dir);
    const picklist = components.find((c) => c.fullName === 'Opportunity.How_can_Microsoft_help__c');
    assert.deepEqual(picklist?.metadata.valueSet, { restricted: 'true', valueSetDefinition: { sorted: 'false', value: [{ fullName: 'Only', default: 'false', label: 'Only' }] } });
  });

  it('refuses a malformed file, naming it and the line', async () => {
    copy.write(`${FIELD_FILE}/Audit__c.field-meta.xml`, '<?xml version="1.0"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Audit</lable>\n</CustomField>\n');
    const error = await refusal(copy.dir);
    assert.equal(error.file, `${FIELD_FILE}/Audit__c.field-meta.xml`);
    assert.match(error.message, /not well-formed XML at line 3/);
  });

  it('refuses a root outside the Metadata API namespace', async () => {
    const file = `${FIELD_FILE}/Audit__c.field-meta.xml`;
    copy.write(file, copy.read(file).replace('http://soap.sforce.com/2006/04/metadata', 'http://example.com/ns'));
    assert.match((await refusal(copy.dir)).message, /must declare xmlns="http:\/\/soap\.sforce\.com\/2006\/04\/metadata"/);
  });

  it('refuses a fullName that disagrees with the file name', async () => {
    const file = `${FIELD_FILE}/Audit__c.field-meta.xml`;
    copy.write(file, copy.read(file).replace('<fullName>Audit__c</fullName>', '<fullName>Audit_Trail__c</fullName>'));
    assert.match((await refusal(copy.dir)).message, /Audit_Trail__c<\/fullName> does not match the file name Audit__c/);
  });

  it('refuses a root element that does not match the file suffix', async () => {
    const file = `${FIELD_FILE}/Audit__c.field-meta.xml`;
    copy.write(file, copy.read(file).replace(/CustomField/g, 'CustomObject'));
    assert.match((await refusal(copy.dir)).message, /the root element is <CustomObject>, expected <CustomField>/);
  });

  it('refuses metadata types it would not deploy, rather than skipping them', async () => {
    mkdirSync(join(copy.dir, 'force-app/main/default/layouts'), { recursive: true });
    copy.write('force-app/main/default/layouts/Opportunity-Layout.layout-meta.xml', '<?xml version="1.0"?><Layout xmlns="http://soap.sforce.com/2006/04/metadata"/>');
    const error = await refusal(copy.dir);
    assert.equal(error.file, 'force-app/main/default/layouts/Opportunity-Layout.layout-meta.xml');
    assert.match(error.message, /unsupported metadata file/);
  });

  it('refuses a project file without package directories', async () => {
    copy.write('sfdx-project.json', JSON.stringify({ packageDirectories: [] }));
    assert.match((await refusal(copy.dir)).message, /sfdx-project\.json: packageDirectories lists no path/);
  });

  it('derives the required objects and fields from the files present (single source of truth)', async () => {
    rmSync(join(copy.dir, FIELD_FILE, 'Audit__c.field-meta.xml'));
    const components: PackageComponent[] = await readSourcePackage(copy.dir);
    const required = requiredSchemaOf(components);
    assert.deepEqual(required.map((o) => [o.name, o.custom]), [['Microsoft_Solutions__c', true], ['Lead', false], ['Opportunity', false]]);
    assert.deepEqual(required[0]?.fields, ['Opportunity__c', 'Solution_Id__c']);
    assert.deepEqual(required[1]?.fields, ['Audit__c', 'Referral_Identifier__c', 'Referral_Link__c']);
    assert.deepEqual(required[2]?.fields, [
      'How_can_Microsoft_help__c', 'Microsoft_CRM_Identifier__c', 'Microsoft_Referral_Visibility__c', 'Referral_Identifier__c', 'Referral_Link__c', 'Sync_with_Partner_Center__c',
    ]);
  });
});
