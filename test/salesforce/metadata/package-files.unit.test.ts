import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cosellSchemaComponents } from '../../../sandbox/salesforce/index.js';
import {
  METADATA_NAMESPACE, readSourcePackage, requiredSchemaOf, type MetadataRecord, type MetadataValue, type PackageComponent,
} from '../../../api/salesforce/metadata/index.js';
import { packageDir, repositoryRoot } from './package-fixture.js';

const xmlFiles = (readdirSync(packageDir, { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith('.xml'))
  .map((e) => join(e.parentPath, e.name));

const text = (v: MetadataValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: MetadataValue | undefined): MetadataRecord => (v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {});
const items = (v: MetadataValue | undefined): MetadataRecord[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(record);

describe('salesforce package: source-format files', () => {
  let components: PackageComponent[];
  before(async () => { components = await readSourcePackage(packageDir); });

  it('every XML file is well-formed and its root is in the Metadata API namespace', () => {
    assert.ok(xmlFiles.length >= 15, `found ${xmlFiles.length} XML files`);
    const parser = new XMLParser({ ignoreAttributes: false, ignoreDeclaration: true });
    for (const file of xmlFiles) {
      const xml = readFileSync(file, 'utf8');
      assert.equal(XMLValidator.validate(xml), true, relative(packageDir, file));
      const root = Object.values(parser.parse(xml) as Record<string, Record<string, unknown>>)[0];
      assert.equal(root?.['@_xmlns'], METADATA_NAMESPACE, relative(packageDir, file));
    }
  });

  it('sfdx-project.json names force-app as the default package directory and API 62.0', () => {
    const project = JSON.parse(readFileSync(join(packageDir, 'sfdx-project.json'), 'utf8')) as { packageDirectories: { path: string; default: boolean }[]; sourceApiVersion: string };
    assert.deepEqual(project.packageDirectories, [{ path: 'force-app', default: true }]);
    assert.equal(project.sourceApiVersion, '62.0');
  });

  it('derives the emulator\'s co-sell components: same types, full names, labels and field shapes', () => {
    // The emulator's components carry numbers and booleans, the package's strings: compare as text.
    const leaf = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
    const shape = (c: { type: string; metadata: Record<string, unknown> }): Record<string, unknown> => {
      const m = c.metadata as MetadataRecord;
      const values = items(record(record(m.valueSet).valueSetDefinition).value).map((v) => text(v.fullName));
      return {
        type: c.type, fullName: leaf(m.fullName), label: leaf(m.label), fieldType: leaf(m.type), length: leaf(m.length), visibleLines: leaf(m.visibleLines),
        externalId: leaf(m.externalId) ?? 'false', unique: leaf(m.unique) ?? 'false',
        referenceTo: leaf(m.referenceTo), relationshipName: leaf(m.relationshipName), restricted: leaf(record(m.valueSet).restricted), values,
      };
    };
    const byName = (a: Record<string, unknown>, b: Record<string, unknown>): number => String(a.fullName).localeCompare(String(b.fullName));
    const ours = components.filter((c) => c.type !== 'PermissionSet').map(shape).sort(byName);
    const emulator = cosellSchemaComponents().map((c) => shape(c as { type: string; metadata: Record<string, unknown> })).sort(byName);
    assert.deepEqual(ours, emulator);
  });

  it('the Lead fields are their Opportunity namesakes apart from the descriptions: the sync writes both the same way', () => {
    const lead = components.filter((c) => c.fullName.startsWith('Lead.'));
    assert.deepEqual(lead.map((c) => c.fullName), ['Lead.Audit__c', 'Lead.Referral_Identifier__c', 'Lead.Referral_Link__c']);
    const definition = (c: PackageComponent | undefined): MetadataRecord => {
      const { fullName: _name, description: _description, ...rest } = c?.metadata ?? {};
      return rest;
    };
    for (const c of lead) {
      const namesake = components.find((o) => o.fullName === c.fullName.replace(/^Lead\./, 'Opportunity.'));
      assert.ok(namesake, c.fullName);
      assert.deepEqual(definition(c), definition(namesake), c.fullName);
    }
  });

  it('manifest/package.xml lists exactly the components in force-app', () => {
    const manifest = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'types' || name === 'members' }).parse(readFileSync(join(packageDir, 'manifest', 'package.xml'), 'utf8')) as
      { Package: { types: { name: string; members: string[] }[]; version: string } };
    const listed = manifest.Package.types.flatMap((t) => t.members.map((m) => `${t.name} ${m}`)).sort();
    assert.deepEqual(listed, components.map((c) => `${c.type} ${c.fullName}`).sort());
    assert.equal(manifest.Package.version, '62.0');
  });

  it('the permission set grants read and edit on every custom field, and access to every object the sync writes', () => {
    const permissionSet = components.find((c) => c.type === 'PermissionSet');
    assert.ok(permissionSet);
    const fields = items(permissionSet.metadata.fieldPermissions);
    const granted = fields.filter((f) => f.readable === 'true' && f.editable === 'true').map((f) => text(f.field));
    assert.deepEqual(granted.sort(), components.filter((c) => c.type === 'CustomField').map((c) => c.fullName).sort());
    const objects = new Map(items(permissionSet.metadata.objectPermissions).map((o) => [text(o.object), o]));
    for (const name of ['Account', 'Contact', 'Lead', 'Opportunity', 'Microsoft_Solutions__c']) {
      const o = objects.get(name);
      assert.ok(o && o.allowRead === 'true' && o.allowEdit === 'true' && o.allowCreate === 'true', name);
    }
    assert.equal(objects.get('Microsoft_Solutions__c')?.allowDelete, 'true', 'solutions dropped from a referral are deleted');
  });

  it('stays within Salesforce\'s limits: labels 40, field and object descriptions 1000, help text 510, permission set description 255', () => {
    for (const c of components) {
      const m = c.metadata;
      assert.ok((text(m.label) ?? '').length > 0 && (text(m.label) ?? '').length <= 40, `${c.fullName} label`);
      assert.ok((text(m.inlineHelpText) ?? '').length <= 510, `${c.fullName} inlineHelpText`);
      assert.ok((text(m.description) ?? '').length > 0, `${c.fullName} has a description`);
      assert.ok((text(m.description) ?? '').length <= (c.type === 'PermissionSet' ? 255 : 1000), `${c.fullName} description`);
      if (c.type !== 'PermissionSet') assert.ok(c.fullName.replace(/^.*\./, '').replace(/__c$/, '').length <= 40, `${c.fullName} API name`);
    }
  });

  it('writes elements in the Metadata API\'s sequence (fullName, then alphabetical), as jsforce sends them in file order', () => {
    const check = (where: string, value: MetadataValue): void => {
      if (Array.isArray(value)) { value.forEach((v) => check(where, v)); return; }
      if (typeof value !== 'object') return;
      const keys = Object.keys(value).filter((k) => k !== 'fullName');
      assert.deepEqual(keys, [...keys].sort(), where);
      for (const [k, v] of Object.entries(value)) check(`${where}.${k}`, v);
    };
    for (const c of components) check(c.file, c.metadata);
  });

  it('deploys every custom field the default Salesforce mapping writes on Opportunity, Lead and Microsoft Solutions', () => {
    const mapping = JSON.parse(readFileSync(join(repositoryRoot, 'mappings', 'salesforce.default.json'), 'utf8')) as
      { objects: Record<string, string>; fields: { crm: string; object?: string }[] };
    const required = requiredSchemaOf(components);
    const has = (object: string, field: string): boolean =>
      required.some((o) => o.name === object && o.fields.some((f) => f.toLowerCase() === field.toLowerCase()));
    const custom = mapping.fields.filter((f) => f.crm.endsWith('__c') && ['opportunity', 'lead', 'solution'].includes(f.object ?? 'opportunity'));
    assert.ok(custom.some((f) => f.object === 'lead'), 'the mapping writes a custom field on Lead');
    assert.ok(custom.length >= 6);
    for (const f of custom) assert.ok(has(mapping.objects[f.object ?? 'opportunity'] ?? '', f.crm), f.crm);
  });
});
