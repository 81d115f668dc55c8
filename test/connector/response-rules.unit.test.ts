import assert from 'node:assert/strict';
import { checkDefaultResponses, checkSingleResponseSchema, checkSuccessResponses } from '../../scripts/connector-validate/rules/response-rules.js';
import { assertFinds, minimalSwagger, withValue, without } from './fixtures.js';

const RESPONSES = ['paths', '/deals/{dealId}', 'get', 'responses'] as const;
const AT = "$.paths['/deals/{dealId}'].get.responses";
const problem = { $ref: '#/definitions/Deal' };

describe('connector response rules', () => {
  it('accept the minimal connector', () => {
    const doc = minimalSwagger();
    assert.deepEqual([...checkSuccessResponses(doc), ...checkDefaultResponses(doc), ...checkSingleResponseSchema(doc)], []);
  });

  it('reject an operation without a 2xx response', () => {
    assertFinds(checkSuccessResponses(without(minimalSwagger(), [...RESPONSES, '200'])), 'OperationShouldHaveSuccessfulResponse', AT);
  });

  it('reject a 200 response without schema', () => {
    assertFinds(checkSuccessResponses(without(minimalSwagger(), [...RESPONSES, '200', 'schema'])), 'SuccessResponseSchemaMissing', `${AT}['200']`);
  });

  it('accept a 204 response without schema', () => {
    const doc = withValue(without(minimalSwagger(), [...RESPONSES, '200']), [...RESPONSES, '204'], { description: 'Done.' });
    assert.deepEqual(checkSuccessResponses(doc), []);
  });

  it('reject an empty 200 schema', () => {
    assertFinds(checkSuccessResponses(withValue(minimalSwagger(), [...RESPONSES, '200', 'schema'], {})), 'SuccessResponseSchemaEmpty', `${AT}['200'].schema`);
  });

  it('check a shared response where it is defined', () => {
    let doc = withValue(minimalSwagger(), ['responses'], { DealResponse: { description: 'The deal.' } });
    doc = withValue(doc, [...RESPONSES, '200'], { $ref: '#/responses/DealResponse' });
    assertFinds(checkSuccessResponses(doc), 'SuccessResponseSchemaMissing', '$.responses.DealResponse');
  });

  it('reject a default response with a schema', () => {
    const doc = withValue(minimalSwagger(), [...RESPONSES, 'default'], { description: 'An error.', schema: problem });
    assertFinds(checkDefaultResponses(doc), 'DefaultResponseHasSchema', `${AT}.default.schema`);
  });

  it('reject two responses with a schema', () => {
    const doc = withValue(minimalSwagger(), [...RESPONSES, '404', 'schema'], problem);
    assertFinds(checkSingleResponseSchema(doc), 'OperationHasManyResponsesWithSchema', AT);
  });
});
