import { isRecord } from '../../scripts/connector-validate/json-values.js';
import type { Crm } from '../documented-flows.js';
import type { SolutionFlows } from '../flow-sources.js';
import { checkConnections } from './check-connections.js';
import { checkEnvelope } from './check-envelope.js';
import { checkEnvironmentVariables } from './check-environment-variables.js';
import { checkManifest } from './check-manifest.js';
import { checkOperations } from './check-operations.js';
import { checkReferences } from './check-references.js';
import { checkRunAfter } from './check-run-after.js';
import type { ConnectorIndex } from './connector-operations.js';
import type { FlowFinding } from './finding.js';
import { walkDefinition } from './wdl-walk.js';

/** Every static check of one flow file. The shape check comes first: the rest assume its shape. */
export function lintFlow(document: unknown, connector: ConnectorIndex): FlowFinding[] {
  const envelope = checkEnvelope(document);
  if (envelope.length > 0 || !isRecord(document) || !isRecord(document['properties']) || !isRecord(document['properties']['definition'])) return envelope;
  const definition = document['properties']['definition'];
  const walked = walkDefinition(definition);
  return [
    ...checkRunAfter(walked),
    ...checkReferences(walked),
    ...checkConnections(document, walked),
    ...checkOperations(document, walked, connector),
    ...checkEnvironmentVariables(definition),
  ];
}

/** Findings per file (manifest.json included) for one solution's flow folder. */
export function lintSolutionFlows(solution: SolutionFlows, crm: Crm, connector: ConnectorIndex): Map<string, FlowFinding[]> {
  const out = new Map<string, FlowFinding[]>();
  const manifestFindings = checkManifest(solution.manifest, solution.filesInFolder, crm);
  if (manifestFindings.length > 0) out.set('manifest.json', manifestFindings);
  for (const flow of solution.flows) {
    const findings = lintFlow(flow.document, connector);
    if (findings.length > 0) out.set(flow.entry.file, findings);
  }
  return out;
}
