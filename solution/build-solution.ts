import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { isRecord, type JsonObject } from '../scripts/connector-validate/json-values.js';
import { connectorFilePath, connectorFiles } from './connector-files.js';
import { customizationsXml } from './customizations-xml.js';
import type { Crm } from './documented-flows.js';
import { loadCrmComponents, type CrmComponents } from './dynamics-components.js';
import { environmentVariablePath, environmentVariableXml } from './environment-variables-xml.js';
import { loadSolutionFlows, type SolutionFlows } from './flow-sources.js';
import { lintSolutionFlows } from './flow-lint/lint-flows.js';
import { indexConnector } from './flow-lint/connector-operations.js';
import { formatFlowFinding } from './flow-lint/finding.js';
import { CONNECTION_REFERENCES, CONNECTOR, ENVIRONMENT_VARIABLES } from './platform-names.js';
import type { PackedWorkflow, SolutionModel } from './solution-model.js';
import { contentTypesXml, solutionXml } from './solution-xml.js';
import { solutionVersion } from './solution-version.js';
import { uuidV5 } from './stable-id.js';

// Builds one solution zip from the repository's sources. Deterministic by construction: ids are
// derived from names, entries are sorted, every entry carries the same fixed timestamp, and the
// compressor is fflate (pure JavaScript, so no system zlib version changes the bytes).

/** Every entry's modification time. Local-time fields, as the zip format stores them. */
const FIXED_MTIME = new Date(2024, 0, 1, 0, 0, 0);

export class SolutionBuildError extends Error {
  override readonly name = 'SolutionBuildError';
}

export interface SolutionSources {
  readonly root: string;
  readonly version: string;
  readonly swagger: JsonObject;
  readonly apiProperties: JsonObject;
  readonly flows: Readonly<Record<Crm, SolutionFlows>>;
  readonly crmComponents: Readonly<Record<Crm, CrmComponents | undefined>>;
}

function readJsonObject(path: string): JsonObject {
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!isRecord(value)) throw new SolutionBuildError(`${path} is not a JSON object`);
  return value;
}

export function loadSources(root: string): SolutionSources {
  const pkg = readJsonObject(join(root, 'package.json'));
  return {
    root,
    version: solutionVersion(String(pkg['version'])),
    swagger: readJsonObject(join(root, 'connector', 'apiDefinition.swagger.json')),
    apiProperties: readJsonObject(join(root, 'connector', 'apiProperties.json')),
    flows: { salesforce: loadSolutionFlows(join(root, 'flows'), 'salesforce'), dynamics365: loadSolutionFlows(join(root, 'flows'), 'dynamics365') },
    crmComponents: { salesforce: undefined, dynamics365: loadCrmComponents(join(root, 'crm-packages', 'dynamics365')) },
  };
}

/** File-name part of a workflow: the display name without spaces or punctuation (§3.1). */
function workflowFileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

export function solutionModel(sources: SolutionSources, crm: Crm, managed: boolean): SolutionModel {
  const flows = sources.flows[crm];
  const findings = lintSolutionFlows(flows, crm, indexConnector(sources.swagger));
  if (findings.size > 0) {
    const lines = [...findings].flatMap(([file, fs]) => fs.map((f) => formatFlowFinding(`flows/${crm}/${file}`, f)));
    throw new SolutionBuildError(`the ${crm} flows fail their checks:\n${lines.join('\n')}`);
  }
  const unique = flows.manifest.solution.uniqueName;
  const workflows: PackedWorkflow[] = flows.flows.map(({ entry, document }) => {
    const id = uuidV5(`${unique}/workflow/${entry.name}`);
    return { id, name: entry.name, description: entry.description, file: `Workflows/${workflowFileStem(entry.name)}-${id.toUpperCase()}.json`, json: `${JSON.stringify(document, null, 2)}\n` };
  });
  const refs = [CONNECTION_REFERENCES.cosell, crm === 'salesforce' ? CONNECTION_REFERENCES.salesforce : CONNECTION_REFERENCES.dataverse];
  return {
    crm, managed, version: sources.version, manifest: flows.manifest, workflows,
    connectorId: uuidV5(`connector/${CONNECTOR.schemaName}`),
    connector: connectorFiles({ swagger: sources.swagger, apiProperties: sources.apiProperties }),
    connectionReferences: refs,
    crmComponents: sources.crmComponents[crm],
  };
}

/** Zip path → bytes, for one solution. */
export function solutionEntries(model: SolutionModel): Map<string, Uint8Array> {
  const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
  const entries = new Map<string, Uint8Array>([
    ['[Content_Types].xml', utf8(contentTypesXml())],
    ['solution.xml', utf8(solutionXml(model))],
    ['customizations.xml', utf8(customizationsXml(model))],
    [connectorFilePath('openapidefinition'), utf8(model.connector.openApiDefinition)],
    [connectorFilePath('connectionparameters'), utf8(model.connector.connectionParameters)],
    [connectorFilePath('policytemplateinstances'), utf8(model.connector.policyTemplateInstances)],
    [connectorFilePath('iconblob'), model.connector.icon],
  ]);
  for (const w of model.workflows) entries.set(w.file, utf8(w.json));
  for (const v of ENVIRONMENT_VARIABLES) entries.set(environmentVariablePath(v), utf8(environmentVariableXml(v, model.crm, model.version)));
  return entries;
}

export function zipEntries(entries: Map<string, Uint8Array>): Uint8Array {
  const sorted = [...entries.keys()].sort();
  const zippable: Record<string, [Uint8Array, { mtime: Date; level: 6; os: 0 }]> = {};
  for (const path of sorted) zippable[path] = [entries.get(path) as Uint8Array, { mtime: FIXED_MTIME, level: 6, os: 0 }];
  return zipSync(zippable);
}

export function zipFileName(model: SolutionModel): string {
  return `${model.manifest.solution.uniqueName}_${model.version.replace(/\./g, '_')}${model.managed ? '_managed' : ''}.zip`;
}
