import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';
import { CONNECTION_REFERENCES, CONNECTOR } from '../platform-names.js';
import type { FlowFinding } from './finding.js';
import type { WalkedDefinition } from './wdl-walk.js';

// Every host.connectionName must be a key of properties.connectionReferences, and every reference
// must be one the solution declares (same logical name and API), or import leaves the flow without
// a connection. A declared reference no step uses would still demand a connection: flagged too.

export function hostsOf(walked: WalkedDefinition): Array<{ path: string; host: JsonObject; type: unknown; parameters: JsonObject | undefined; isTrigger: boolean }> {
  const out: Array<{ path: string; host: JsonObject; type: unknown; parameters: JsonObject | undefined; isTrigger: boolean }> = [];
  const collect = (node: JsonObject, path: string, isTrigger: boolean): void => {
    const inputs = node['inputs'];
    if (isRecord(inputs) && isRecord(inputs['host']) && 'connectionName' in inputs['host']) {
      out.push({ path: `${path}.inputs.host`, host: inputs['host'], type: node['type'], parameters: isRecord(inputs['parameters']) ? inputs['parameters'] : undefined, isTrigger });
    }
  };
  for (const [name, trigger] of walked.triggers) collect(trigger, `$.properties.definition.triggers.${name}`, true);
  for (const site of walked.sites) collect(site.action, site.path, false);
  return out;
}

export function checkConnections(document: JsonObject, walked: WalkedDefinition): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const add = (path: string, message: string): void => void findings.push({ check: 'connections', path, message });
  const properties = isRecord(document['properties']) ? document['properties'] : {};
  const references = isRecord(properties['connectionReferences']) ? properties['connectionReferences'] : {};
  const known = Object.values(CONNECTION_REFERENCES);
  const used = new Set<string>();

  for (const { path, host } of hostsOf(walked)) {
    const name = host['connectionName'];
    if (typeof name !== 'string' || !(name in references)) add(`${path}.connectionName`, `connection "${String(name)}" is not declared in properties.connectionReferences`);
    else used.add(name);
  }
  for (const [key, ref] of Object.entries(references)) {
    const at = `$.properties.connectionReferences.${key}`;
    if (!isRecord(ref)) {
      add(at, 'must be an object');
      continue;
    }
    const connection = isRecord(ref['connection']) ? ref['connection'] : {};
    const api = isRecord(ref['api']) ? ref['api'] : {};
    const spec = known.find((k) => k.logicalName === connection['connectionReferenceLogicalName']);
    if (!spec) add(`${at}.connection.connectionReferenceLogicalName`, `"${String(connection['connectionReferenceLogicalName'])}" is not a connection reference of the solution (${known.map((k) => k.logicalName).join(', ')})`);
    else {
      if (key !== spec.flowKey) add(at, `the reference to ${spec.displayName} must be keyed ${spec.flowKey}`);
      if (api['name'] !== spec.apiName) add(`${at}.api.name`, `must be ${spec.apiName}`);
      if (spec.custom && api['logicalName'] !== CONNECTOR.schemaName) add(`${at}.api.logicalName`, `must be the connector's schema name ${CONNECTOR.schemaName}`);
    }
    if (ref['runtimeSource'] !== 'embedded' && ref['runtimeSource'] !== 'invoker') add(`${at}.runtimeSource`, 'must be embedded or invoker');
    if (!used.has(key)) add(at, `declared but no trigger or action uses it`);
  }
  return findings;
}
