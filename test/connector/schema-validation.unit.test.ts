import assert from 'node:assert/strict';
import { loadSchemas } from '../../scripts/connector-validate/connector-documents.js';
import { validateApiPropertiesSchema, validateSwaggerSchema } from '../../scripts/connector-validate/schema-validation.js';
import { assertFinds, minimalApiProperties, minimalSwagger, webhookSwagger, withValue, without } from './fixtures.js';
import { schemaFolder } from './repository.js';

const { swaggerSchema, apiPropertiesSchema } = loadSchemas(schemaFolder);
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const PARAM = ['paths', '/deals/{dealId}', 'get', 'parameters', 0] as const;
const AT = "$.paths['/deals/{dealId}'].get.parameters[0]";

describe('connector JSON Schema validation', () => {
  it('accepts the minimal swagger against the draft-04 swagger schema', () => {
    assert.deepEqual(validateSwaggerSchema(minimalSwagger(), swaggerSchema), []);
  });

  it('accepts a webhook trigger with x-ms-notification-content', () => {
    assert.deepEqual(validateSwaggerSchema(webhookSwagger(), swaggerSchema), []);
  });

  it('rejects an unknown x-ms extension', () => {
    const doc = withValue(minimalSwagger(), ['paths', '/deals/{dealId}', 'get', 'x-ms-editor'], 'sql');
    assertFinds(validateSwaggerSchema(doc, swaggerSchema), 'SwaggerSchema', "$.paths['/deals/{dealId}'].get");
  });

  it('rejects a negative maxLength through the draft-04 meta-schema', () => {
    assertFinds(validateSwaggerSchema(withValue(minimalSwagger(), [...PARAM, 'maxLength'], -1), swaggerSchema), 'SwaggerSchema', `${AT}.maxLength`);
  });

  it('accepts a draft-04 boolean exclusiveMaximum', () => {
    const doc = withValue(withValue(minimalSwagger(), [...PARAM, 'maximum'], 10), [...PARAM, 'exclusiveMaximum'], true);
    assert.deepEqual(validateSwaggerSchema(doc, swaggerSchema), []);
  });

  it('rejects an exclusiveMaximum that is not a boolean', () => {
    const doc = withValue(withValue(minimalSwagger(), [...PARAM, 'maximum'], 10), [...PARAM, 'exclusiveMaximum'], 10);
    assertFinds(validateSwaggerSchema(doc, swaggerSchema), 'SwaggerSchema', `${AT}.exclusiveMaximum`);
  });

  it('rejects a document without paths', () => {
    assertFinds(validateSwaggerSchema(without(minimalSwagger(), ['paths']), swaggerSchema), 'SwaggerSchema', '$');
  });

  it('accepts the minimal apiProperties against the draft-07 paconn schema', () => {
    assert.deepEqual(validateApiPropertiesSchema(minimalApiProperties(), apiPropertiesSchema), []);
  });

  it('rejects apiProperties without iconBrandColor', () => {
    assertFinds(validateApiPropertiesSchema(without(minimalApiProperties(), ['properties', 'iconBrandColor']), apiPropertiesSchema), 'ApiPropertiesSchema', '$.properties');
  });

  it('rejects an aad token without resourceUri', () => {
    const props = without(minimalApiProperties(), ['properties', 'connectionParameters', 'token', 'oAuthSettings', 'customParameters', 'resourceUri']);
    assertFinds(validateApiPropertiesSchema(props, apiPropertiesSchema), 'ApiPropertiesSchema', '$.properties.connectionParameters.token.oAuthSettings.customParameters');
  });

  it('rejects a dynamichosturl policy without urlTemplate', () => {
    const props = withValue(minimalApiProperties(), ['properties', 'policyTemplateInstances', 0, 'parameters'], {});
    assertFinds(validateApiPropertiesSchema(props, apiPropertiesSchema), 'ApiPropertiesSchema', '$.properties.policyTemplateInstances[0].parameters');
  });

  it('refuses a swagger schema of another dialect', () => {
    assert.throws(() => validateSwaggerSchema(minimalSwagger(), apiPropertiesSchema), /expected a draft-04 schema/);
  });

  describe('draft-04 semantics (ajv-draft-04)', () => {
    // `id` is the base URI keyword, and a property may still be called "id".
    const schema = {
      $schema: DRAFT_04,
      id: 'http://example.com/s.json#',
      definitions: { n: { type: 'integer' } },
      properties: { id: { $ref: 'http://example.com/s.json#/definitions/n' }, size: { minimum: 0, exclusiveMinimum: true } },
    };

    it('resolves $refs against the id keyword', () => {
      assert.deepEqual(validateSwaggerSchema({ id: 1 }, schema), []);
      assertFinds(validateSwaggerSchema({ id: 'x' }, schema), 'SwaggerSchema', '$.id');
    });

    it('treats a boolean exclusiveMinimum as a modifier of minimum', () => {
      assert.deepEqual(validateSwaggerSchema({ size: 1 }, schema), []);
      assertFinds(validateSwaggerSchema({ size: 0 }, schema), 'SwaggerSchema', '$.size');
    });
  });
});
