import assert from 'node:assert/strict';
import { checkHost, checkMimeTypes, checkSecurity, checkSwaggerSize, checkSwaggerVersion, MAX_SWAGGER_BYTES } from '../../scripts/connector-validate/rules/document-rules.js';
import { assertFinds, minimalSwagger, withValue, without } from './fixtures.js';

describe('connector document rules', () => {
  it('accept the minimal connector', () => {
    const doc = minimalSwagger();
    assert.deepEqual([...checkSwaggerVersion(doc), ...checkHost(doc), ...checkSecurity(doc), ...checkMimeTypes(doc)], []);
  });

  it('reject a swagger version other than "2.0"', () => {
    assertFinds(checkSwaggerVersion(withValue(minimalSwagger(), ['swagger'], '3.0')), 'SpecificationVersionIncorrect', '$.swagger');
  });

  it('reject a definition of 1 MB or more', () => {
    assertFinds(checkSwaggerSize(MAX_SWAGGER_BYTES), 'DefinitionTooLarge', '$');
  });

  it('accept a definition just under 1 MB', () => {
    assert.deepEqual(checkSwaggerSize(MAX_SWAGGER_BYTES - 1), []);
  });

  it('reject a host with a scheme', () => {
    assertFinds(checkHost(withValue(minimalSwagger(), ['host'], 'https://deals.contoso.example')), 'HostNameNotValid', '$.host');
  });

  it('reject a host with a path', () => {
    assertFinds(checkHost(withValue(minimalSwagger(), ['host'], 'deals.contoso.example/v1')), 'HostNameNotValid', '$.host');
  });

  it('reject a missing host', () => {
    assertFinds(checkHost(without(minimalSwagger(), ['host'])), 'HostNameNotValid', '$.host');
  });

  it('accept a host with a port', () => {
    assert.deepEqual(checkHost(withValue(minimalSwagger(), ['host'], 'deals.contoso.example:8443')), []);
  });

  it('reject missing securityDefinitions', () => {
    assertFinds(checkSecurity(without(minimalSwagger(), ['securityDefinitions'])), 'SecurityDefinitionsMissing', '$.securityDefinitions');
  });

  it('reject a missing top-level security requirement', () => {
    assertFinds(checkSecurity(without(minimalSwagger(), ['security'])), 'SecurityRequirementMustBeDefined', '$.security');
  });

  it('reject a security requirement that names no security definition', () => {
    const doc = withValue(minimalSwagger(), ['security'], [{ api_key: [] }]);
    assertFinds(checkSecurity(doc), 'SecurityRequirementNotDefined', '$.security[0].api_key');
  });

  it('reject a top-level MIME type connectors do not accept', () => {
    assertFinds(checkMimeTypes(withValue(minimalSwagger(), ['produces'], ['application/xml'])), 'MimeTypeNotValid', '$.produces[0]');
  });

  it("reject an operation's MIME type connectors do not accept", () => {
    const doc = withValue(minimalSwagger(), ['paths', '/deals/{dealId}', 'get', 'produces'], ['application/json', 'application/problem+json']);
    assertFinds(checkMimeTypes(doc), 'MimeTypeNotValid', "$.paths['/deals/{dealId}'].get.produces[1]");
  });
});
