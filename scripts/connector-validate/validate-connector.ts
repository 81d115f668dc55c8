import type { ConnectorDocuments, ConnectorSchemas } from './connector-documents.js';
import { uniqueFindings, type Finding } from './finding.js';
import { connectorRules } from './rules/index.js';
import { validateApiPropertiesSchema, validateSwaggerSchema } from './schema-validation.js';

/** Every finding about a connector: both JSON Schemas, then every certification rule. */
export function validateConnector(documents: ConnectorDocuments, schemas: ConnectorSchemas): Finding[] {
  return uniqueFindings([
    ...validateSwaggerSchema(documents.swagger, schemas.swaggerSchema),
    ...validateApiPropertiesSchema(documents.apiProperties, schemas.apiPropertiesSchema),
    ...connectorRules.flatMap((rule) => rule.check(documents)),
  ]);
}
