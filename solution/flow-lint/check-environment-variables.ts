import { isRecord } from '../../scripts/connector-validate/json-values.js';
import { ENVIRONMENT_VARIABLES } from '../platform-names.js';
import type { FlowFinding } from './finding.js';

// A definition parameter with metadata.schemaName is bound to an environment variable at import;
// the variable must be one the solution ships, under the key the maker portal writes
// ("Display name (schemaName)"), with a matching type.

const TYPES = { String: 'String', Boolean: 'Bool' } as const;

export function checkEnvironmentVariables(definition: unknown): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const parameters = isRecord(definition) && isRecord(definition['parameters']) ? definition['parameters'] : {};
  for (const [key, parameter] of Object.entries(parameters)) {
    if (!isRecord(parameter) || !isRecord(parameter['metadata']) || parameter['metadata']['schemaName'] === undefined) continue;
    const path = `$.properties.definition.parameters.${key}`;
    const schemaName = parameter['metadata']['schemaName'];
    const variable = ENVIRONMENT_VARIABLES.find((v) => v.schemaName === schemaName);
    if (!variable) {
      findings.push({ check: 'environmentVariables', path, message: `no environment variable ${JSON.stringify(schemaName)} in the solution` });
      continue;
    }
    const expectedKey = `${variable.displayName} (${variable.schemaName})`;
    if (key !== expectedKey) findings.push({ check: 'environmentVariables', path, message: `must be keyed "${expectedKey}"` });
    if (parameter['type'] !== TYPES[variable.type]) findings.push({ check: 'environmentVariables', path: `${path}.type`, message: `must be ${TYPES[variable.type]} for a ${variable.type} variable` });
  }
  return findings;
}
