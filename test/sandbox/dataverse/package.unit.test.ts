import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { cosellSchema, PARTNER_CENTER_SOLUTION, REFERRAL_IDENTIFIER_KEY } from '../../../sandbox/dataverse/index.js';

const XML_TYPES: Record<string, string> = { string: 'nvarchar', memo: 'ntext', boolean: 'bit', picklist: 'picklist', lookup: 'lookup' };

interface XmlAttribute { LogicalName: string; Type: string; MaxLength?: number; IsCustomField: number; optionset?: { options: { option: Array<{ value: number }> } } }
interface XmlEntity { Name: { '#text': string }; EntityInfo: { entity: { attributes: { attribute: XmlAttribute[] }; EntitySetName?: string; EntityKeys?: { EntityKey: Array<{ LogicalName: string; EntityKeyAttributes: { AttributeName: string[] } }> } } } }

function loadPackage(): XmlEntity[] {
  const text = readFileSync(new URL('../../../../crm-packages/dynamics365/customizations.xml', import.meta.url), 'utf8').replace(/^\uFEFF/, '');
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: true,
    isArray: (name) => ['Entity', 'attribute', 'option', 'EntityKey', 'AttributeName'].includes(name),
  });
  const doc = parser.parse(text) as { ImportExportXml: { Entities: { Entity: XmlEntity[] } } };
  return doc.ImportExportXml.Entities.Entity;
}

describe('crm-packages/dynamics365 matches the emulator’s custom schema', () => {
  const entities = loadPackage();
  const entity = (name: string) => entities.find((e) => e.Name['#text'] === name);

  it('declares every custom column with its type, length and option values', () => {
    for (const component of cosellSchema().filter((c) => c.kind === 'attribute')) {
      const attribute = entity(component.entity)?.EntityInfo.entity.attributes.attribute.find((a) => a.LogicalName === component.logicalName);
      assert.ok(attribute, `${component.entity}.${component.logicalName} is missing from customizations.xml`);
      assert.equal(attribute.Type, XML_TYPES[component.type!], `${component.entity}.${component.logicalName} type`);
      if (component.maxLength !== undefined) assert.equal(attribute.MaxLength, component.maxLength, `${component.entity}.${component.logicalName} length`);
      if (component.optionValues) assert.deepEqual(attribute.optionset?.options.option.map((o) => o.value), component.optionValues);
    }
  });

  it('declares no custom column the emulator lacks', () => {
    const known = new Set(cosellSchema().map((c) => `${c.entity}.${c.logicalName}`));
    known.add(`${PARTNER_CENTER_SOLUTION.logicalName}.${PARTNER_CENTER_SOLUTION.primaryIdAttribute}`);
    for (const e of entities) {
      for (const a of e.EntityInfo.entity.attributes.attribute.filter((x) => x.IsCustomField === 1)) {
        assert.ok(known.has(`${e.Name['#text']}.${a.LogicalName}`), `${e.Name['#text']}.${a.LogicalName} is in the package but not in the emulator`);
      }
    }
  });

  it('declares the Microsoft Partner Center Solutions table with its entity set and keys, and the referral identifier keys', () => {
    const table = entity(PARTNER_CENTER_SOLUTION.logicalName)!.EntityInfo.entity;
    assert.equal(table.EntitySetName, PARTNER_CENTER_SOLUTION.entitySetName);
    assert.deepEqual(table.EntityKeys?.EntityKey.map((k) => [k.LogicalName, k.EntityKeyAttributes.AttributeName]),
      PARTNER_CENTER_SOLUTION.alternateKeys.map((k) => [k.name, k.attributes]));
    for (const name of ['opportunity', 'lead']) {
      assert.deepEqual(entity(name)!.EntityInfo.entity.EntityKeys?.EntityKey.map((k) => [k.LogicalName, k.EntityKeyAttributes.AttributeName]),
        [[REFERRAL_IDENTIFIER_KEY, ['msp_referralidentifier']]]);
    }
  });
});
