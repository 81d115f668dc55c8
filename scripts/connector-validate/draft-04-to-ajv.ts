import { isRecord, type JsonObject } from './json-values.js';

// Ajv 8 implements draft-06 and later. A draft-04 schema differs from draft-07 in three places that
// matter to apiDefinition.swagger.schema.json and the draft-04 meta-schema it $refs:
//   - the base URI keyword is `id`, not `$id`;
//   - exclusiveMaximum/exclusiveMinimum are booleans that modify maximum/minimum;
//   - keywords next to `$ref` are ignored (Ajv 8 would apply them).
// This rewrites those, walking only schema positions (never a `properties` map's keys, where a
// property may well be called "id"), and drops `$schema` so Ajv checks the result as draft-07.

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'] as const;
const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf'] as const;
const SINGLE_SCHEMAS = ['additionalItems', 'additionalProperties', 'not'] as const;

export function draft04ToAjv(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  if (typeof schema['$ref'] === 'string') return { $ref: schema['$ref'] };
  const out: JsonObject = { ...schema };
  delete out['$schema'];
  if (typeof out['id'] === 'string') {
    out['$id'] = out['id'];
    delete out['id'];
  }
  exclusiveBound(out, 'exclusiveMaximum', 'maximum');
  exclusiveBound(out, 'exclusiveMinimum', 'minimum');
  for (const key of SCHEMA_MAPS) out[key] = mapValues(out[key], draft04ToAjv);
  // dependencies values are either schemas or arrays of property names.
  out['dependencies'] = mapValues(out['dependencies'], (v) => (Array.isArray(v) ? v : draft04ToAjv(v)));
  for (const key of SCHEMA_ARRAYS) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(draft04ToAjv);
  for (const key of SINGLE_SCHEMAS) if (isRecord(out[key])) out[key] = draft04ToAjv(out[key]);
  const items = out['items'];
  if (Array.isArray(items)) out['items'] = items.map(draft04ToAjv);
  else if (isRecord(items)) out['items'] = draft04ToAjv(items);
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

function exclusiveBound(schema: JsonObject, flag: 'exclusiveMaximum' | 'exclusiveMinimum', bound: 'maximum' | 'minimum'): void {
  const value = schema[flag];
  if (typeof value !== 'boolean') return;
  if (value && typeof schema[bound] === 'number') {
    schema[flag] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[flag];
  }
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}
