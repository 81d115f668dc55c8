import openapiDocument from '../generated/openapi.json' with { type: 'json' };
import swaggerDocument from '../generated/swagger.json' with { type: 'json' };
import type { components, operations } from '../generated/contract.js';

export type { components, operations };
export type Schemas = components['schemas'];
export type OperationId = keyof operations;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }>; headers?: Record<string, unknown> }>;
}

export interface ContractOperation {
  operationId: OperationId;
  method: HttpMethod;
  /** Path as the contract writes it, e.g. /v1/referrals/{referralId}. */
  path: string;
  /** The same path in Express syntax, e.g. /v1/referrals/:referralId. */
  expressPath: string;
  spec: OpenApiOperation;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>> & Record<string, unknown>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

export const openapi = openapiDocument as unknown as OpenApiDocument;
export const swagger = swaggerDocument as unknown as Record<string, unknown>;

export function contractOperations(doc: OpenApiDocument = openapi): ContractOperation[] {
  const ops: ContractOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const spec = item[method];
      if (!spec) continue;
      ops.push({ operationId: spec.operationId as OperationId, method, path, expressPath: path.replace(/\{([^}]+)\}/g, ':$1'), spec });
    }
  }
  return ops;
}
