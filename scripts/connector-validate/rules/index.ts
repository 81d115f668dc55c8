import type { ConnectorDocuments } from '../connector-documents.js';
import type { Finding } from '../finding.js';
import { checkBrandColor, checkOAuthParameterName, checkOAuthScopesMatchSwagger, checkPolicyConnectionParameters, checkPublisher } from './api-properties-rules.js';
import { checkHost, checkMimeTypes, checkSecurity, checkSwaggerSize, checkSwaggerVersion } from './document-rules.js';
import { checkConnectorMetadata, checkContact, checkDescription, checkTitle } from './info-rules.js';
import { checkNoBodyOnGet, checkOperationDescriptions, checkOperationIds, checkOperationSummaries, checkPageable } from './operation-rules.js';
import { checkInternalRequiredDefaults, checkParameterDocumentation, checkPathParameters } from './parameter-rules.js';
import { checkReadme } from './readme-rules.js';
import { checkDefaultResponses, checkSingleResponseSchema, checkSuccessResponses } from './response-rules.js';
import { checkPropertyDocumentation } from './schema-rules.js';
import { checkWebhookTriggers } from './webhook-rules.js';

export interface ConnectorRule {
  readonly name: string;
  readonly check: (documents: ConnectorDocuments) => readonly Finding[];
}

/** The certification rules, each a small function over the parsed documents. */
export const connectorRules: readonly ConnectorRule[] = [
  { name: 'swagger version', check: (d) => checkSwaggerVersion(d.swagger) },
  { name: 'swagger size', check: (d) => checkSwaggerSize(d.swaggerByteLength) },
  { name: 'host', check: (d) => checkHost(d.swagger) },
  { name: 'title', check: (d) => checkTitle(d.swagger) },
  { name: 'description', check: (d) => checkDescription(d.swagger) },
  { name: 'contact', check: (d) => checkContact(d.swagger) },
  { name: 'connector metadata', check: (d) => checkConnectorMetadata(d.swagger) },
  { name: 'operation ids', check: (d) => checkOperationIds(d.swagger) },
  { name: 'operation summaries', check: (d) => checkOperationSummaries(d.swagger) },
  { name: 'operation descriptions', check: (d) => checkOperationDescriptions(d.swagger) },
  { name: 'parameter documentation', check: (d) => checkParameterDocumentation(d.swagger) },
  { name: 'path parameters', check: (d) => checkPathParameters(d.swagger) },
  { name: 'internal required defaults', check: (d) => checkInternalRequiredDefaults(d.swagger) },
  { name: 'no body on GET', check: (d) => checkNoBodyOnGet(d.swagger) },
  { name: 'property documentation', check: (d) => checkPropertyDocumentation(d.swagger) },
  { name: 'success responses', check: (d) => checkSuccessResponses(d.swagger) },
  { name: 'default responses', check: (d) => checkDefaultResponses(d.swagger) },
  { name: 'one response schema', check: (d) => checkSingleResponseSchema(d.swagger) },
  { name: 'MIME types', check: (d) => checkMimeTypes(d.swagger) },
  { name: 'security', check: (d) => checkSecurity(d.swagger) },
  { name: 'webhook triggers', check: (d) => checkWebhookTriggers(d.swagger) },
  { name: 'pageable', check: (d) => checkPageable(d.swagger) },
  { name: 'readme', check: (d) => checkReadme(d.readme, d.swagger) },
  { name: 'brand colour', check: (d) => checkBrandColor(d.apiProperties) },
  { name: 'publisher', check: (d) => checkPublisher(d.apiProperties) },
  { name: 'OAuth parameter name', check: (d) => checkOAuthParameterName(d.apiProperties) },
  { name: 'policy connection parameters', check: (d) => checkPolicyConnectionParameters(d.apiProperties) },
  { name: 'OAuth scopes', check: (d) => checkOAuthScopesMatchSwagger(d.apiProperties, d.swagger) },
];
