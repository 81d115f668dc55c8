import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';
import { CONNECTOR } from '../platform-names.js';
import { hostsOf } from './check-connections.js';
import { schemaAtKey, type ConnectorIndex } from './connector-operations.js';
import type { FlowFinding } from './finding.js';
import { STANDARD_OPERATIONS } from './standard-operations.js';
import type { WalkedDefinition } from './wdl-walk.js';

// Each call names a real operation with real parameters: for our connector, read from the swagger
// (operationId, trigger or action, every parameter key down to body properties, required ones
// present, the notification URL left to the platform); for Salesforce and Dataverse, from the
// short list of operations the flows are known to use.

function checkOurs(index: ConnectorIndex, path: string, host: JsonObject, type: unknown, parameters: JsonObject | undefined, isTrigger: boolean): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const add = (at: string, message: string): void => void findings.push({ check: 'operations', path: at, message });
  const operationId = String(host['operationId']);
  const op = index.operations.get(operationId);
  if (!op) return [{ check: 'operations', path: `${path}.operationId`, message: `the connector has no operation ${operationId}` }];
  if (isTrigger !== op.trigger) add(`${path}.operationId`, op.trigger ? `${operationId} is a trigger; it cannot be an action` : `${operationId} is an action; it cannot be a trigger`);
  if (isTrigger && type !== 'OpenApiConnectionWebhook') add(path, `the webhook trigger ${operationId} must have type OpenApiConnectionWebhook`);
  if (!isTrigger && type !== 'OpenApiConnection') add(path, `a connector action must have type OpenApiConnection`);
  if (!isTrigger && op.visibility === 'internal') add(`${path}.operationId`, `${operationId} is internal: the platform calls it, a flow may not`);
  const given = parameters ?? {};
  const paramsPath = path.replace(/\.host$/, '.parameters');
  for (const key of Object.keys(given)) {
    const found = schemaAtKey(index, op, key);
    if (!found) add(`${paramsPath}.${key}`, `${operationId} has no parameter ${key}`);
    else if (found.schema?.['x-ms-notification-url'] === true) add(`${paramsPath}.${key}`, `${key} is the notification URL; the platform fills it`);
  }
  for (const p of op.parameters) {
    if (!p.required || p.internalWithDefault) continue;
    if (p.in !== 'body') {
      if (!(p.name in given)) add(paramsPath, `${operationId} requires parameter ${p.name}`);
      continue;
    }
    const required = p.schema && Array.isArray(p.schema['required']) ? p.schema['required'] : [];
    const properties = p.schema && isRecord(p.schema['properties']) ? p.schema['properties'] : {};
    for (const r of required) {
      const prop = properties[String(r)];
      const platformFilled = isRecord(prop) && prop['x-ms-notification-url'] === true;
      const internalDefault = isRecord(prop) && prop['x-ms-visibility'] === 'internal' && prop['default'] !== undefined;
      if (!platformFilled && !internalDefault && !(`${p.name}/${String(r)}` in given) && !(p.name in given)) add(paramsPath, `${operationId} requires ${p.name}/${String(r)}`);
    }
  }
  return findings;
}

function checkStandard(apiName: string, path: string, host: JsonObject, type: unknown, parameters: JsonObject | undefined, isTrigger: boolean): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const add = (at: string, message: string): void => void findings.push({ check: 'operations', path: at, message });
  const operationId = String(host['operationId']);
  const op = STANDARD_OPERATIONS[apiName]?.[operationId];
  if (!op) return [{ check: 'operations', path: `${path}.operationId`, message: `${operationId} of ${apiName} is not an operation the flows are known to use` }];
  const expectedType = op.kind === 'webhookTrigger' ? 'OpenApiConnectionWebhook' : 'OpenApiConnection';
  if (type !== expectedType) add(path, `${operationId} must have type ${expectedType}`);
  if ((op.kind !== 'action') !== isTrigger) add(`${path}.operationId`, `${operationId} is ${op.kind === 'action' ? 'an action' : 'a trigger'}`);
  const given = parameters ?? {};
  const paramsPath = path.replace(/\.host$/, '.parameters');
  for (const key of Object.keys(given)) if (!op.required.includes(key) && !op.optional.includes(key)) add(`${paramsPath}.${key}`, `${operationId} has no parameter ${key}`);
  for (const key of op.required) if (!(key in given)) add(paramsPath, `${operationId} requires parameter ${key}`);
  const apiId = host['apiId'];
  if (apiId !== `/providers/Microsoft.PowerApps/apis/${apiName}`) add(`${path}.apiId`, `must be /providers/Microsoft.PowerApps/apis/${apiName}`);
  return findings;
}

export function checkOperations(document: JsonObject, walked: WalkedDefinition, index: ConnectorIndex): FlowFinding[] {
  const properties = isRecord(document['properties']) ? document['properties'] : {};
  const references = isRecord(properties['connectionReferences']) ? properties['connectionReferences'] : {};
  const findings: FlowFinding[] = [];
  for (const { path, host, type, parameters, isTrigger } of hostsOf(walked)) {
    const ref = references[String(host['connectionName'])];
    const api = isRecord(ref) && isRecord(ref['api']) ? ref['api'] : undefined;
    const apiName = api?.['name'];
    if (typeof apiName !== 'string') continue; // reported by the connections check
    if (apiName === CONNECTOR.apiName) findings.push(...checkOurs(index, path, host, type, parameters, isTrigger));
    else findings.push(...checkStandard(apiName, path, host, type, parameters, isTrigger));
    if (isTrigger && type === 'OpenApiConnection' && !isRecord(walked.triggers.find(([n]) => path.includes(`.triggers.${n}.`))?.[1]['recurrence'])) {
      findings.push({ check: 'operations', path, message: 'a polling trigger needs a recurrence' });
    }
  }
  return findings;
}
