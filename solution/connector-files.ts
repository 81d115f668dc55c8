import { isRecord, type JsonObject } from '../scripts/connector-validate/json-values.js';
import { iconPng } from './icon-png.js';
import { API_HOST_VARIABLE, CONNECTOR } from './platform-names.js';

// The custom connector as a solution carries it (power-platform-formats.md §3.1, §3.5): the swagger,
// the connection parameters and the policies as separate files, plus the icon. Inside a solution
// the host comes from the environment variable, so every environment points the connector at its
// own backend through solution settings; the standalone connector's per-connection `backendHost`
// parameter and its dynamichosturl policy would ask the same question twice, so they are dropped.

export interface ConnectorSources {
  readonly swagger: JsonObject;
  readonly apiProperties: JsonObject;
}

export interface ConnectorFiles {
  readonly openApiDefinition: string;
  readonly connectionParameters: string;
  readonly policyTemplateInstances: string;
  readonly icon: Uint8Array;
  readonly brandColor: string;
  readonly description: string;
}

const HOST_PARAMETER = 'backendHost';

export function connectorFilePath(kind: 'openapidefinition' | 'connectionparameters' | 'policytemplateinstances' | 'iconblob'): string {
  return `Connector/${CONNECTOR.schemaName}_${kind}.${kind === 'iconblob' ? 'Png' : 'json'}`;
}

export function connectorFiles({ swagger, apiProperties }: ConnectorSources): ConnectorFiles {
  const properties = isRecord(apiProperties['properties']) ? apiProperties['properties'] : {};
  const { [HOST_PARAMETER]: _host, ...connectionParameters } = isRecord(properties['connectionParameters']) ? properties['connectionParameters'] : {};
  const policies = (Array.isArray(properties['policyTemplateInstances']) ? properties['policyTemplateInstances'] : [])
    .filter((p: unknown) => !(isRecord(p) && p['templateId'] === 'dynamichosturl'));
  const brandColor = typeof properties['iconBrandColor'] === 'string' ? properties['iconBrandColor'] : '#1F5F8B';
  const info = isRecord(swagger['info']) ? swagger['info'] : {};
  const openApi = { ...swagger, host: `@environmentVariables("${API_HOST_VARIABLE}")` };
  return {
    openApiDefinition: `${JSON.stringify(openApi, null, 2)}\n`,
    connectionParameters: `${JSON.stringify(connectionParameters, null, 2)}\n`,
    policyTemplateInstances: `${JSON.stringify(policies, null, 2)}\n`,
    icon: iconPng(brandColor),
    brandColor,
    description: typeof info['description'] === 'string' ? info['description'] : '',
  };
}
