import { apiPropertiesFinding, type Finding } from '../finding.js';
import { asArray, asRecord, asString, nonBlank, recordEntries } from '../json-values.js';

// Certification checks on apiProperties.json beyond its JSON Schema (PPC pull-request template,
// paconn README and upsert.py; /work/shared/reference/power-platform-formats.md §1.3).

function propertiesOf(apiProperties: unknown): Record<string, unknown> | undefined {
  return asRecord(asRecord(apiProperties)?.['properties']);
}

/** Colours certified connectors must not use: the default blue and white. */
export const FORBIDDEN_BRAND_COLORS: readonly string[] = ['#007ee5', '#ffffff'];

/** iconBrandColor is a #rrggbb colour other than #007ee5 and #ffffff. */
export function checkBrandColor(apiProperties: unknown): Finding[] {
  const at = ['properties', 'iconBrandColor'];
  const color = asString(propertiesOf(apiProperties)?.['iconBrandColor']);
  if (color === undefined || !/^#[0-9a-fA-F]{6}$/.test(color)) return [apiPropertiesFinding('BrandColorNotValid', at, `must be a #rrggbb colour, found ${JSON.stringify(color)}`)];
  return FORBIDDEN_BRAND_COLORS.includes(color.toLowerCase()) ? [apiPropertiesFinding('BrandColorNotAllowed', at, `${color} is reserved; pick the brand's own colour`)] : [];
}

/** publisher and stackOwner are filled in. */
export function checkPublisher(apiProperties: unknown): Finding[] {
  const props = propertiesOf(apiProperties);
  return (['publisher', 'stackOwner'] as const)
    .filter((key) => !nonBlank(props?.[key]))
    .map((key) => apiPropertiesFinding('PublisherMissing', ['properties', key], `${key} is required for certification`));
}

/** The OAuth connection parameter is named token: paconn --secret writes the client secret only there. */
export function checkOAuthParameterName(apiProperties: unknown): Finding[] {
  return recordEntries(propertiesOf(apiProperties)?.['connectionParameters'])
    .filter(([name, p]) => p['type'] === 'oauthSetting' && name !== 'token')
    .map(([name]) => apiPropertiesFinding('OAuthParameterNotNamedToken', ['properties', 'connectionParameters', name], `rename "${name}" to "token" so paconn --secret can set its client secret`));
}

const CONNECTION_PARAMETER_REF = /@connectionParameters\(\s*'([^']*)'/g;

/** Every @connectionParameters('name') a policy uses names a declared connection parameter. */
export function checkPolicyConnectionParameters(apiProperties: unknown): Finding[] {
  const props = propertiesOf(apiProperties);
  const declared = new Set(Object.keys(asRecord(props?.['connectionParameters']) ?? {}));
  const findings: Finding[] = [];
  (asArray(props?.['policyTemplateInstances']) ?? []).forEach((policy, i) => {
    for (const [key, value] of Object.entries(asRecord(asRecord(policy)?.['parameters']) ?? {})) {
      if (typeof value !== 'string') continue;
      for (const match of value.matchAll(CONNECTION_PARAMETER_REF)) {
        const name = (match[1] ?? '').split('/')[0] ?? '';
        if (!declared.has(name)) {
          findings.push(apiPropertiesFinding('PolicyReferencesUnknownConnectionParameter', ['properties', 'policyTemplateInstances', i, 'parameters', key], `"${name}" is not in connectionParameters`));
        }
      }
    }
  });
  return findings;
}

/** The OAuth scopes requested at sign-in are scopes the swagger's oauth2 security definition declares. */
export function checkOAuthScopesMatchSwagger(apiProperties: unknown, swagger: unknown): Finding[] {
  const declared = new Set(
    recordEntries(asRecord(swagger)?.['securityDefinitions'])
      .filter(([, d]) => d['type'] === 'oauth2')
      .flatMap(([, d]) => Object.keys(asRecord(d['scopes']) ?? {})),
  );
  const findings: Finding[] = [];
  for (const [name, p] of recordEntries(propertiesOf(apiProperties)?.['connectionParameters'])) {
    const scopes = asArray(asRecord(p['oAuthSettings'])?.['scopes']) ?? [];
    scopes.forEach((scope, i) => {
      if (typeof scope === 'string' && !declared.has(scope)) {
        findings.push(apiPropertiesFinding('OAuthScopeNotInSwagger', ['properties', 'connectionParameters', name, 'oAuthSettings', 'scopes', i], `"${scope}" is not a scope of the swagger's oauth2 securityDefinitions`));
      }
    });
  }
  return findings;
}
