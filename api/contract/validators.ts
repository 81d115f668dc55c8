import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../http/problem.js';
import { contractOperations, openapi, type ContractOperation, type OpenApiDocument, type OperationId } from './index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const DOC_ID = 'contract.json';

/** Compiled validators for one operation: each part of the request, and each documented response. */
export interface OperationValidators {
  path: ValidateFunction;
  query: ValidateFunction;
  headers: ValidateFunction;
  body: ValidateFunction | undefined;
  bodyRequired: boolean;
  responses: Map<string, ValidateFunction>;
}

function newAjv(coerce: boolean, doc: OpenApiDocument): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes: coerce, useDefaults: coerce, strict: true, strictRequired: false, discriminator: false });
  addFormats(ajv);
  // The contract's vendor extensions (x-ms-summary, x-ms-visibility...) carry no validation meaning.
  const vendorKeys = new Set<string>();
  JSON.stringify(doc, (k, v: unknown) => { if (k.startsWith('x-')) vendorKeys.add(k); return v; });
  for (const k of ['example', 'xml', 'externalDocs', 'components', ...vendorKeys]) ajv.addKeyword(k);
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
  return ajv;
}

/** Rewrites document-local refs so they resolve against the registered contract. */
function anchor(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as Record<string, unknown>;
}

function objectSchema(op: ContractOperation, location: 'path' | 'query' | 'header', strictExtra: boolean): Record<string, unknown> {
  const params = (op.spec.parameters ?? []).filter((p) => p.in === location);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of params) {
    properties[p.name] = anchor(p.schema ?? {});
    if (p.required) required.push(p.name);
  }
  return { type: 'object', properties, required, additionalProperties: !strictExtra };
}

export function buildValidators(doc: OpenApiDocument = openapi): Map<OperationId, OperationValidators> {
  const coercing = newAjv(true, doc);
  const exact = newAjv(false, doc);
  const result = new Map<OperationId, OperationValidators>();
  for (const op of contractOperations(doc)) {
    const bodySchema = op.spec.requestBody?.content['application/json']?.schema;
    const responses = new Map<string, ValidateFunction>();
    for (const [status, r] of Object.entries(op.spec.responses)) {
      const s = r.content?.['application/json']?.schema;
      if (s) responses.set(status, exact.compile(anchor(s)));
    }
    result.set(op.operationId, {
      path: coercing.compile(objectSchema(op, 'path', false)),
      query: coercing.compile(objectSchema(op, 'query', true)),
      headers: coercing.compile(objectSchema(op, 'header', false)),
      body: bodySchema ? exact.compile(anchor(bodySchema)) : undefined,
      bodyRequired: op.spec.requestBody?.required === true,
      responses,
    });
  }
  return result;
}

/** A validator for one named schema of the contract, e.g. Problem. */
export function schemaValidator(name: string, doc: OpenApiDocument = openapi): ValidateFunction {
  return newAjv(false, doc).compile({ $ref: `${DOC_ID}#/components/schemas/${name}` });
}

/** Turns ajv errors into one entry per offending field, located as `body/customerProfile/address/country`. */
export function toFieldErrors(location: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    let field = `${location}${e.instancePath}`;
    let message = e.message ?? 'is not valid';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') { field += `/${String(params['missingProperty'])}`; message = 'is required'; }
    else if (e.keyword === 'additionalProperties') { field += `/${String(params['additionalProperty'])}`; message = 'is not a known field'; }
    else if (e.keyword === 'enum') message = `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}`;
    else if (e.keyword === 'if') continue;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}
