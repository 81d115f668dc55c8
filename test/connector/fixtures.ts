// Small, valid connector documents for the rule tests: each test breaks one thing in a fresh copy.
import assert from 'node:assert/strict';
import type { Finding } from '../../scripts/connector-validate/finding.js';
import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';

/** A one-operation connector that passes every swagger rule and the swagger JSON Schema. */
export function minimalSwagger(): JsonObject {
  return {
    swagger: '2.0',
    info: {
      version: '1.0',
      title: 'Contoso Deals',
      description: 'Work with Contoso deals from your flows, one deal at a time.',
      contact: { name: 'Contoso Support', url: 'https://contoso.example/support', email: 'support@contoso.example' },
    },
    host: 'deals.contoso.example',
    basePath: '/',
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/deals/{dealId}': {
        get: {
          operationId: 'GetDeal',
          summary: 'Get a deal',
          description: 'Gets one deal by its identifier.',
          parameters: [
            { name: 'dealId', in: 'path', required: true, type: 'string', 'x-ms-url-encoding': 'single', 'x-ms-summary': 'Deal ID', description: 'The identifier of the deal.' },
          ],
          responses: {
            '200': { description: 'The deal.', schema: { $ref: '#/definitions/Deal' } },
            '404': { description: 'The deal does not exist.' },
          },
        },
      },
    },
    definitions: {
      Deal: {
        type: 'object',
        'x-ms-summary': 'Deal',
        description: 'A sales deal.',
        properties: {
          id: { type: 'string', 'x-ms-summary': 'Deal ID', description: 'The identifier of the deal.' },
          value: { type: 'number', 'x-ms-summary': 'Value', description: 'Estimated value of the deal.' },
        },
      },
    },
    securityDefinitions: {
      oauth2_auth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token',
        scopes: { 'api://contoso-deals/user_impersonation': 'Work with deals as the signed-in user.' },
      },
    },
    security: [{ oauth2_auth: ['api://contoso-deals/user_impersonation'] }],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: 'https://contoso.example' },
      { propertyName: 'Privacy policy', propertyValue: 'https://contoso.example/privacy' },
      { propertyName: 'Categories', propertyValue: 'Sales and CRM' },
    ],
  };
}

/** minimalSwagger plus a webhook trigger that follows every webhook rule, and its internal DELETE. */
export function webhookSwagger(): JsonObject {
  const doc = minimalSwagger();
  const paths = doc['paths'] as JsonObject;
  paths['/hooks'] = {
    post: {
      operationId: 'CreateDealHook',
      summary: 'When a deal changes',
      description: 'This operation triggers when a deal changes.',
      'x-ms-trigger': 'single',
      parameters: [
        {
          name: 'body',
          in: 'body',
          required: true,
          'x-ms-summary': 'Subscription',
          description: 'The subscription to create.',
          schema: {
            type: 'object',
            required: ['callbackUrl'],
            properties: {
              callbackUrl: { type: 'string', 'x-ms-notification-url': true, 'x-ms-visibility': 'internal', 'x-ms-summary': 'Callback URL', description: 'Where the service posts notifications.' },
            },
          },
        },
      ],
      responses: {
        '201': {
          description: 'The subscription was created.',
          headers: { Location: { type: 'string', description: 'URL that deletes the subscription.' } },
          schema: { $ref: '#/definitions/Hook' },
        },
      },
    },
    'x-ms-notification-content': { description: 'The deal that changed.', schema: { $ref: '#/definitions/Deal' } },
  };
  paths['/hooks/{hookId}'] = {
    delete: {
      operationId: 'DeleteDealHook',
      summary: 'Delete a deal subscription',
      description: 'Deletes a subscription so no more notifications are sent.',
      'x-ms-visibility': 'internal',
      parameters: [
        { name: 'hookId', in: 'path', required: true, type: 'string', 'x-ms-url-encoding': 'single', 'x-ms-summary': 'Subscription ID', description: 'The identifier of the subscription.' },
      ],
      responses: { '204': { description: 'The subscription was deleted.' } },
    },
  };
  (doc['definitions'] as JsonObject)['Hook'] = {
    type: 'object',
    'x-ms-summary': 'Subscription',
    description: 'A webhook subscription.',
    properties: { id: { type: 'string', 'x-ms-summary': 'Subscription ID', description: 'The identifier of the subscription.' } },
  };
  return doc;
}

/** An apiProperties.json that passes its JSON Schema and every apiProperties rule. */
export function minimalApiProperties(): JsonObject {
  return {
    properties: {
      connectionParameters: {
        instanceHost: { type: 'string', uiDefinition: { displayName: 'Host', description: 'Host name.', constraints: { required: 'true' } } },
        token: {
          type: 'oauthSetting',
          oAuthSettings: {
            identityProvider: 'aad',
            clientId: 'client-id',
            scopes: ['api://contoso-deals/user_impersonation'],
            redirectMode: 'Global',
            redirectUrl: 'https://global.consent.azure-apim.net/redirect',
            properties: { IsFirstParty: 'False', AzureActiveDirectoryResourceId: 'api://contoso-deals' },
            customParameters: { loginUri: { value: 'https://login.microsoftonline.com' }, tenantId: { value: 'common' }, resourceUri: { value: 'api://contoso-deals' } },
          },
        },
      },
      iconBrandColor: '#1F5F8B',
      capabilities: [],
      policyTemplateInstances: [
        { templateId: 'dynamichosturl', title: 'Host', parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "https://@connectionParameters('instanceHost')" } },
      ],
      publisher: 'Contoso',
      stackOwner: 'Contoso',
    },
  };
}

/** A readme with every template section and one "###" per summary. */
export function minimalReadme(title = 'Contoso Deals', summaries: readonly string[] = ['Get a deal']): string {
  return [
    `# ${title}`,
    'Work with Contoso deals.',
    '## Publisher: Contoso',
    '## Prerequisites',
    'A Contoso account.',
    '## Supported Operations',
    ...summaries.flatMap((s) => [`### ${s}`, 'What it does.']),
    '## Obtaining Credentials',
    'Sign in.',
    '## Getting Started',
    'Add an action.',
    '## Known Issues and Limitations',
    'None known.',
    '## Frequently Asked Questions',
    '### Is it free?',
    'Yes.',
    '## Deployment Instructions',
    '```bash',
    '# not a heading: inside a code block',
    'paconn create --api-prop apiProperties.json --api-def apiDefinition.swagger.json',
    '```',
    '',
  ].join('\n');
}

function parentOf(doc: JsonObject, path: readonly (string | number)[]): [JsonObject | unknown[], string | number] {
  const last = path[path.length - 1];
  assert.ok(last !== undefined, 'empty path');
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[String(key)] : undefined;
    assert.ok(isRecord(node) || Array.isArray(node), `fixture has nothing at ${path.join('/')}`);
  }
  return [node as JsonObject | unknown[], last];
}

/** A copy of doc with the value at path replaced (or added). */
export function withValue(doc: JsonObject, path: readonly (string | number)[], value: unknown): JsonObject {
  const copy = structuredClone(doc);
  const [parent, key] = parentOf(copy, path);
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else parent[String(key)] = value;
  return copy;
}

/** A copy of doc without the value at path. */
export function without(doc: JsonObject, path: readonly (string | number)[]): JsonObject {
  const copy = structuredClone(doc);
  const [parent, key] = parentOf(copy, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[String(key)];
  return copy;
}

/** Asserts that one finding has this rule (and this path, when given). */
export function assertFinds(findings: readonly Finding[], rule: string, path?: string): void {
  const hit = findings.some((f) => f.rule === rule && (path === undefined || f.path === path));
  assert.ok(hit, `expected ${rule}${path ? ` at ${path}` : ''}; found ${JSON.stringify(findings, null, 2)}`);
}
