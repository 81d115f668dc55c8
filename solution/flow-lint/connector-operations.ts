import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';

// The connector's operations as a flow sees them: operationId, whether it is a trigger, and the
// parameter keys a flow may set. A flow flattens body properties into keys such as
// `body/webhookEvents` (power-platform-formats.md §4.3), so body schemas are walked through $refs.

export interface OperationParameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: JsonObject | undefined;
  readonly internalWithDefault: boolean;
}

export interface ConnectorOperation {
  readonly operationId: string;
  readonly trigger: boolean;
  readonly visibility: string | undefined;
  readonly parameters: readonly OperationParameter[];
}

export interface ConnectorIndex {
  readonly operations: ReadonlyMap<string, ConnectorOperation>;
  readonly resolve: (schema: JsonObject) => JsonObject;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

export function indexConnector(swagger: unknown): ConnectorIndex {
  const doc = isRecord(swagger) ? swagger : {};
  const definitions = isRecord(doc['definitions']) ? doc['definitions'] : {};
  const sharedParameters = isRecord(doc['parameters']) ? doc['parameters'] : {};
  const resolve = (schema: JsonObject): JsonObject => {
    let current = schema;
    for (let hops = 0; typeof current['$ref'] === 'string' && hops < 20; hops += 1) {
      const name = current['$ref'].replace('#/definitions/', '');
      const target = definitions[name];
      if (!isRecord(target)) return {};
      current = target;
    }
    return current;
  };
  const operations = new Map<string, ConnectorOperation>();
  for (const item of Object.values(isRecord(doc['paths']) ? doc['paths'] : {})) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || !isRecord(op) || typeof op['operationId'] !== 'string') continue;
      const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
      const raw = [...list(item['parameters']), ...list(op['parameters'])];
      const parameters = raw.map((p: unknown): OperationParameter | undefined => {
        let param = isRecord(p) ? p : undefined;
        if (param && typeof param['$ref'] === 'string') {
          const shared = sharedParameters[param['$ref'].replace('#/parameters/', '')];
          param = isRecord(shared) ? shared : undefined;
        }
        if (!param || typeof param['name'] !== 'string') return undefined;
        return {
          name: param['name'],
          in: String(param['in']),
          required: param['required'] === true,
          schema: isRecord(param['schema']) ? resolve(param['schema']) : undefined,
          internalWithDefault: param['x-ms-visibility'] === 'internal' && param['default'] !== undefined,
        };
      }).filter((p): p is OperationParameter => p !== undefined);
      operations.set(op['operationId'], {
        operationId: op['operationId'],
        trigger: typeof op['x-ms-trigger'] === 'string',
        visibility: typeof op['x-ms-visibility'] === 'string' ? op['x-ms-visibility'] : undefined,
        parameters,
      });
    }
  }
  return { operations, resolve };
}

/** The schema a flattened key reaches (`body/a/b`), or undefined when a segment names no property. */
export function schemaAtKey(index: ConnectorIndex, op: ConnectorOperation, key: string): { param: OperationParameter; schema: JsonObject | undefined } | undefined {
  const [first, ...rest] = key.split('/');
  const param = op.parameters.find((p) => p.name === first);
  if (!param) return undefined;
  if (rest.length === 0) return { param, schema: param.schema };
  let schema = param.schema;
  for (const segment of rest) {
    const properties = schema && isRecord(schema['properties']) ? schema['properties'] : undefined;
    const next = properties?.[segment];
    if (!isRecord(next)) return undefined;
    schema = index.resolve(next);
  }
  return { param, schema };
}
