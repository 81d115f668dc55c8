import assert from 'node:assert/strict';
import {
  checkBrandColor,
  checkOAuthParameterName,
  checkOAuthScopesMatchSwagger,
  checkPolicyConnectionParameters,
  checkPublisher,
} from '../../scripts/connector-validate/rules/api-properties-rules.js';
import { assertFinds, minimalApiProperties, minimalSwagger, withValue, without } from './fixtures.js';

const PARAMS = ['properties', 'connectionParameters'] as const;
const URL_TEMPLATE = ['properties', 'policyTemplateInstances', 0, 'parameters', 'x-ms-apimTemplateParameter.urlTemplate'] as const;

describe('connector apiProperties rules', () => {
  it('accept the minimal apiProperties', () => {
    const props = minimalApiProperties();
    const all = [...checkBrandColor(props), ...checkPublisher(props), ...checkOAuthParameterName(props), ...checkPolicyConnectionParameters(props), ...checkOAuthScopesMatchSwagger(props, minimalSwagger())];
    assert.deepEqual(all, []);
  });

  it('reject the reserved brand colour #007ee5', () => {
    assertFinds(checkBrandColor(withValue(minimalApiProperties(), ['properties', 'iconBrandColor'], '#007ee5')), 'BrandColorNotAllowed', '$.properties.iconBrandColor');
  });

  it('reject white as brand colour, in any case', () => {
    assertFinds(checkBrandColor(withValue(minimalApiProperties(), ['properties', 'iconBrandColor'], '#FFFFFF')), 'BrandColorNotAllowed', '$.properties.iconBrandColor');
  });

  it('reject a brand colour that is not #rrggbb', () => {
    assertFinds(checkBrandColor(withValue(minimalApiProperties(), ['properties', 'iconBrandColor'], 'teal')), 'BrandColorNotValid', '$.properties.iconBrandColor');
  });

  it('reject a missing publisher', () => {
    assertFinds(checkPublisher(without(minimalApiProperties(), ['properties', 'publisher'])), 'PublisherMissing', '$.properties.publisher');
  });

  it('reject a missing stackOwner', () => {
    assertFinds(checkPublisher(without(minimalApiProperties(), ['properties', 'stackOwner'])), 'PublisherMissing', '$.properties.stackOwner');
  });

  it('reject an OAuth connection parameter not named token', () => {
    const props = minimalApiProperties();
    const token = (props['properties'] as { connectionParameters: Record<string, unknown> }).connectionParameters['token'];
    const renamed = withValue(without(props, [...PARAMS, 'token']), [...PARAMS, 'oauth'], token);
    assertFinds(checkOAuthParameterName(renamed), 'OAuthParameterNotNamedToken', '$.properties.connectionParameters.oauth');
  });

  it('reject a policy that uses an undeclared connection parameter', () => {
    const props = withValue(minimalApiProperties(), URL_TEMPLATE, "https://@connectionParameters('hostName')");
    assertFinds(checkPolicyConnectionParameters(props), 'PolicyReferencesUnknownConnectionParameter', "$.properties.policyTemplateInstances[0].parameters['x-ms-apimTemplateParameter.urlTemplate']");
  });

  it('accept a policy that reads inside a declared connection parameter', () => {
    const props = withValue(minimalApiProperties(), URL_TEMPLATE, "@connectionParameters('token/oAuthSettings/customParameters/resourceUri/value')");
    assert.deepEqual(checkPolicyConnectionParameters(props), []);
  });

  it('reject an OAuth scope the swagger does not declare', () => {
    const props = withValue(minimalApiProperties(), [...PARAMS, 'token', 'oAuthSettings', 'scopes'], ['api://other/user_impersonation']);
    assertFinds(checkOAuthScopesMatchSwagger(props, minimalSwagger()), 'OAuthScopeNotInSwagger', '$.properties.connectionParameters.token.oAuthSettings.scopes[0]');
  });
});
