import { localRefSegments, type PathSegment } from './json-path.js';
import { asArray, asRecord, asString, isRecord, recordEntries, type JsonObject } from './json-values.js';

// Read-only traversal of a Swagger 2.0 document that may be malformed: operations, their
// parameters and responses, and every schema property, each with the path where it is written.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationRef {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: JsonObject;
  readonly pathItem: JsonObject;
  readonly at: readonly PathSegment[];
}

export interface Located<T> {
  readonly value: T;
  readonly at: readonly PathSegment[];
}

export function operationsOf(swagger: unknown): OperationRef[] {
  const result: OperationRef[] = [];
  for (const [path, pathItem] of recordEntries(asRecord(swagger)?.['paths'])) {
    for (const method of HTTP_METHODS) {
      const operation = asRecord(pathItem[method]);
      if (operation) result.push({ path, method, operation, pathItem, at: ['paths', path, method] });
    }
  }
  return result;
}

/** Follows document-local $refs ('#/definitions/X', '#/parameters/p') to the object they name. */
export function resolve(swagger: unknown, value: unknown, at: readonly PathSegment[]): Located<JsonObject> | undefined {
  let current: unknown = value;
  let where = at;
  const seen = new Set<string>();
  while (isRecord(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    const segments = localRefSegments(ref);
    if (!segments || seen.has(ref)) return undefined;
    seen.add(ref);
    current = segments.reduce<unknown>((node, key) => asRecord(node)?.[key], swagger);
    where = segments;
  }
  return isRecord(current) ? { value: current, at: where } : undefined;
}

/** The parameters that apply to an operation: the path item's, overridden by the operation's (same name and in). */
export function parametersOf(swagger: unknown, op: OperationRef): Array<Located<JsonObject>> {
  const declared = (owner: JsonObject, at: readonly PathSegment[]): Array<Located<JsonObject>> =>
    (asArray(owner['parameters']) ?? []).flatMap((p, i) => resolve(swagger, p, [...at, 'parameters', i]) ?? []);
  const own = declared(op.operation, op.at);
  const key = (p: JsonObject): string => `${String(p['in'])}:${String(p['name'])}`;
  const ownKeys = new Set(own.map((p) => key(p.value)));
  const inherited = declared(op.pathItem, ['paths', op.path]).filter((p) => !ownKeys.has(key(p.value)));
  return [...inherited, ...own];
}

export function responsesOf(swagger: unknown, op: OperationRef): Array<Located<JsonObject> & { readonly code: string }> {
  return recordEntries(op.operation['responses']).flatMap(([code]) => {
    const at = [...op.at, 'responses', code];
    const resolved = resolve(swagger, asRecord(op.operation['responses'])?.[code], at);
    return resolved ? [{ ...resolved, code }] : [];
  });
}

export function visibilityOf(node: JsonObject): string | undefined {
  return asString(node['x-ms-visibility']);
}

export interface PropertyVisit {
  readonly name: string;
  readonly schema: JsonObject;
  readonly parent: JsonObject;
  readonly at: readonly PathSegment[];
}

/**
 * Calls visit for every property written inside schema, at any depth (nested objects, array items,
 * allOf/anyOf/oneOf, additionalProperties). $refs are not followed: the definitions they point to are
 * roots of their own (see schemaRootsOf).
 */
export function walkProperties(schema: unknown, at: readonly PathSegment[], visit: (p: PropertyVisit) => void): void {
  if (!isRecord(schema) || typeof schema['$ref'] === 'string') return;
  for (const [name, property] of recordEntries(schema['properties'])) {
    const propertyAt = [...at, 'properties', name];
    visit({ name, schema: property, parent: schema, at: propertyAt });
    walkProperties(property, propertyAt, visit);
  }
  const items = schema['items'];
  if (Array.isArray(items)) items.forEach((item, i) => walkProperties(item, [...at, 'items', i], visit));
  else walkProperties(items, [...at, 'items'], visit);
  walkProperties(schema['additionalProperties'], [...at, 'additionalProperties'], visit);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    (asArray(schema[key]) ?? []).forEach((sub, i) => walkProperties(sub, [...at, key, i], visit));
  }
}

/** Every schema written in the document: definitions, inline body and response schemas, webhook payloads. */
export function schemaRootsOf(swagger: unknown): Array<Located<unknown>> {
  const doc = asRecord(swagger);
  if (!doc) return [];
  const roots: Array<Located<unknown>> = recordEntries(doc['definitions']).map(([name, s]) => ({ value: s, at: ['definitions', name] }));
  const bodyParameters = (list: unknown, at: readonly PathSegment[]): void => {
    (asArray(list) ?? []).forEach((p, i) => {
      if (isRecord(p) && p['in'] === 'body') roots.push({ value: p['schema'], at: [...at, i, 'schema'] });
    });
  };
  const responseSchemas = (responses: unknown, at: readonly PathSegment[]): void => {
    for (const [code, r] of recordEntries(responses)) roots.push({ value: r['schema'], at: [...at, code, 'schema'] });
  };
  for (const [name, p] of recordEntries(doc['parameters'])) {
    if (p['in'] === 'body') roots.push({ value: p['schema'], at: ['parameters', name, 'schema'] });
  }
  responseSchemas(doc['responses'], ['responses']);
  for (const [path, pathItem] of recordEntries(doc['paths'])) {
    bodyParameters(pathItem['parameters'], ['paths', path, 'parameters']);
    const content = asRecord(pathItem['x-ms-notification-content']);
    if (content) roots.push({ value: content['schema'], at: ['paths', path, 'x-ms-notification-content', 'schema'] });
  }
  for (const op of operationsOf(swagger)) {
    bodyParameters(op.operation['parameters'], [...op.at, 'parameters']);
    responseSchemas(op.operation['responses'], [...op.at, 'responses']);
  }
  return roots.filter((r) => r.value !== undefined);
}
