import assert from 'node:assert/strict';
import { checkPropertyDocumentation } from '../../scripts/connector-validate/rules/schema-rules.js';
import { assertFinds, minimalSwagger, webhookSwagger, withValue, without } from './fixtures.js';

const DEAL = ['definitions', 'Deal', 'properties'] as const;
const documented = { 'x-ms-summary': 'Line', description: 'One line of the deal.' };

describe('connector schema property rule', () => {
  it('accepts the minimal connector', () => {
    assert.deepEqual(checkPropertyDocumentation(minimalSwagger()), []);
  });

  it('rejects a property without x-ms-summary', () => {
    assertFinds(checkPropertyDocumentation(without(minimalSwagger(), [...DEAL, 'id', 'x-ms-summary'])), 'PropertySummaryMissing', '$.definitions.Deal.properties.id');
  });

  it('rejects a property without description', () => {
    assertFinds(checkPropertyDocumentation(without(minimalSwagger(), [...DEAL, 'id', 'description'])), 'PropertyDescriptionMissing', '$.definitions.Deal.properties.id');
  });

  it('rejects a property description without final punctuation', () => {
    assertFinds(checkPropertyDocumentation(withValue(minimalSwagger(), [...DEAL, 'id', 'description'], 'The identifier')), 'DescriptionMustBeSentence', '$.definitions.Deal.properties.id');
  });

  it('checks properties of nested objects', () => {
    const doc = withValue(minimalSwagger(), [...DEAL, 'owner'], { type: 'object', 'x-ms-summary': 'Owner', description: 'Who owns the deal.', properties: { name: { type: 'string' } } });
    assertFinds(checkPropertyDocumentation(doc), 'PropertySummaryMissing', '$.definitions.Deal.properties.owner.properties.name');
  });

  it('checks properties of array items', () => {
    const doc = withValue(minimalSwagger(), [...DEAL, 'lines'], { type: 'array', ...documented, items: { type: 'object', properties: { sku: { type: 'string', 'x-ms-summary': 'SKU' } } } });
    assertFinds(checkPropertyDocumentation(doc), 'PropertyDescriptionMissing', '$.definitions.Deal.properties.lines.items.properties.sku');
  });

  it('checks properties of inline body schemas', () => {
    const doc = without(webhookSwagger(), ['paths', '/hooks', 'post', 'parameters', 0, 'schema', 'properties', 'callbackUrl', 'x-ms-summary']);
    assertFinds(checkPropertyDocumentation(doc), 'PropertySummaryMissing', "$.paths['/hooks'].post.parameters[0].schema.properties.callbackUrl");
  });

  it('takes the documentation of a $ref property from its definition', () => {
    let doc = withValue(minimalSwagger(), ['definitions', 'Person'], { type: 'object', 'x-ms-summary': 'Person', description: 'A person.' });
    doc = withValue(doc, [...DEAL, 'owner'], { $ref: '#/definitions/Person' });
    assert.deepEqual(checkPropertyDocumentation(doc), []);
  });

  it('rejects a $ref property whose definition is undocumented', () => {
    let doc = withValue(minimalSwagger(), ['definitions', 'Person'], { type: 'object', description: 'A person.' });
    doc = withValue(doc, [...DEAL, 'owner'], { $ref: '#/definitions/Person' });
    assertFinds(checkPropertyDocumentation(doc), 'PropertySummaryMissing', '$.definitions.Deal.properties.owner');
  });
});
