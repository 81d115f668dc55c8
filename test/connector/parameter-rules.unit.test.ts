import assert from 'node:assert/strict';
import { checkInternalRequiredDefaults, checkParameterDocumentation, checkPathParameters } from '../../scripts/connector-validate/rules/parameter-rules.js';
import { assertFinds, minimalSwagger, webhookSwagger, withValue, without } from './fixtures.js';

const PARAM = ['paths', '/deals/{dealId}', 'get', 'parameters', 0] as const;
const AT = "$.paths['/deals/{dealId}'].get.parameters[0]";
const QUERY = ['paths', '/deals/{dealId}', 'get', 'parameters', 1] as const;
const queryParameter = (extra: Record<string, unknown>): ReturnType<typeof minimalSwagger> =>
  withValue(minimalSwagger(), QUERY, { name: 'source', in: 'query', type: 'string', 'x-ms-summary': 'Source', description: 'Where the deal came from.', ...extra });

describe('connector parameter rules', () => {
  it('accept the minimal connector', () => {
    const doc = minimalSwagger();
    assert.deepEqual([...checkParameterDocumentation(doc), ...checkPathParameters(doc), ...checkInternalRequiredDefaults(doc)], []);
  });

  it('reject a parameter without x-ms-summary', () => {
    assertFinds(checkParameterDocumentation(without(minimalSwagger(), [...PARAM, 'x-ms-summary'])), 'ParameterSummaryMissing', `${AT}['x-ms-summary']`);
  });

  it('reject a parameter x-ms-summary with restricted characters', () => {
    assertFinds(checkParameterDocumentation(withValue(minimalSwagger(), [...PARAM, 'x-ms-summary'], 'Deal ID:')), 'RestrictedCharactersInSummary', `${AT}['x-ms-summary']`);
  });

  it('reject a parameter without description', () => {
    assertFinds(checkParameterDocumentation(without(minimalSwagger(), [...PARAM, 'description'])), 'ParameterDescriptionMissing', `${AT}.description`);
  });

  it('reject a parameter description without final punctuation', () => {
    assertFinds(checkParameterDocumentation(withValue(minimalSwagger(), [...PARAM, 'description'], 'The deal')), 'DescriptionMustBeSentence', `${AT}.description`);
  });

  it('check a shared parameter where it is defined', () => {
    let doc = withValue(minimalSwagger(), ['parameters'], { source: { name: 'source', in: 'query', type: 'string', description: 'Where the deal came from.' } });
    doc = withValue(doc, QUERY, { $ref: '#/parameters/source' });
    assertFinds(checkParameterDocumentation(doc), 'ParameterSummaryMissing', "$.parameters.source['x-ms-summary']");
  });

  it('reject a path parameter that is not required', () => {
    assertFinds(checkPathParameters(withValue(minimalSwagger(), [...PARAM, 'required'], false)), 'PathParameterMustBeRequired', `${AT}.required`);
  });

  it('reject a path parameter without x-ms-url-encoding', () => {
    assertFinds(checkPathParameters(without(minimalSwagger(), [...PARAM, 'x-ms-url-encoding'])), 'PathParameterMissingEncoding', AT);
  });

  it('reject an internal required parameter without default', () => {
    const doc = queryParameter({ required: true, 'x-ms-visibility': 'internal' });
    assertFinds(checkInternalRequiredDefaults(doc), 'InternalRequiredWithoutDefault', "$.paths['/deals/{dealId}'].get.parameters[1]");
  });

  it('accept an internal required parameter with a default', () => {
    assert.deepEqual(checkInternalRequiredDefaults(queryParameter({ required: true, 'x-ms-visibility': 'internal', default: 'web' })), []);
  });

  it('reject an internal required property without default', () => {
    let doc = withValue(minimalSwagger(), ['definitions', 'Deal', 'properties', 'id', 'x-ms-visibility'], 'internal');
    doc = withValue(doc, ['definitions', 'Deal', 'required'], ['id']);
    assertFinds(checkInternalRequiredDefaults(doc), 'InternalRequiredWithoutDefault', '$.definitions.Deal.properties.id');
  });

  it('accept the internal required webhook callback URL without default', () => {
    assert.deepEqual(checkInternalRequiredDefaults(webhookSwagger()), []);
  });
});
